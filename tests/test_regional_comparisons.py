"""The regional comparisons: action groups suggested from text, the heat map and target groups of the real
seed plans (compared with the fixtures' own data and with the source), and a fixed number of queries."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories import ActionPlanFactory, MunicipalityFactory
from worksheets.models import ActionGroup, ActionPlan, Activity, PlanStatus, Risk
from worksheets.regional.comparisons import (
    BY_KEY,
    COMPARISONS,
    ComparisonFilter,
    chosen_plans,
    clean,
    compare,
    latvian_key,
    region_plans,
    suggest_action_group,
    target_group_index,
)
from worksheets.seed.demo import fill_plan
from worksheets.seed.plans import load_seed_plans

PLANS_DIR = Path(settings.BASE_DIR) / "fixtures" / "plans"

# The template's standard risk factors as the Latvian plans write them (seeds/002, worksheet 10).
LV_STANDARD_RISKS = [
    "Finansējuma trūkums vai nestabilitāte",
    "Ierobežota sadarbība ar vietējiem uzņēmējiem un NVO",
    "Normatīvo aktu ierobežojumi",
    "Sabiedrības nepietiekama informētība un iesaiste",
    "Trūkst kapacitātes un ekspertīzes vietējā līmenī",
]
LEVEL_ORDER = {"": 0, "low": 1, "medium": 2, "high": 3}


# --- action groups suggested from an activity's text (real texts of the seed plans) -----------------------


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Rīkot informatīvo kampaņu par sociālo uzņēmējdarbību", ActionGroup.INFORMATION),
        (
            "Dobeles novada budžetā iekļaut papildus finansējumu uzņēmējdarbības granta saņēmējiem sociālās "
            "uzņēmējdarbības uzsākšanai",
            ActionGroup.FINANCIAL_SUPPORT,
        ),
        (
            "Sagatavot ierosinājumu deputātiem par saistošo noteikumu izstrādi saistībā ar nekustamo īpašumu "
            "nodokļu atlaižu sistēmu sociālajiem uzņēmējiem.",
            ActionGroup.FINANCIAL_SUPPORT,
        ),
        ("Sociālās uzņēmējdarbības ideju konkursa “Impulss” organizēšana", ActionGroup.FINANCIAL_SUPPORT),
        ("Organizēt seminārus", ActionGroup.CAPACITY_BUILDING),
        ("Jaunajiem sociālajiem uzņēmējiem piesaistīt mentorus", ActionGroup.CAPACITY_BUILDING),
        (
            "Konsultācijas par reģistrāciju, finansējuma piesaisti, biznesa plāna ieviešanu",
            ActionGroup.CAPACITY_BUILDING,
        ),
        ("Individuālas tikšanās ar mentoriem un uzņēmējdarbības speciālistiem", ActionGroup.CAPACITY_BUILDING),
        (
            "Veidot sadarbības tīklu starp sociālajiem uzņēmējiem, pieredzējušiem uzņēmējiem, biedrībām, iestādēm, "
            "organizācijām un interesentiem",
            ActionGroup.COOPERATION,
        ),
        ("Rīkot kontaktbiržas, pieredzes braucienus un kopienu forumus", ActionGroup.COOPERATION),
        (
            "Organizēt SU dienas/nedēļas skolās, nodrošināt “dzīvu piemēru klasē”, izveidot brīvprātīgo un prakšu "
            "programmu",
            ActionGroup.EDUCATION,
        ),
        ("Izstrādāt platformas koncepciju, struktūru un digitālo vidi", ""),
    ],
)
def test_action_group_is_suggested_from_real_activity_texts(text, group):
    assert suggest_action_group(text) == group


@pytest.mark.django_db
def test_explicit_action_group_wins_over_the_suggestion(plan):
    Activity.objects.create(plan=plan, position=1, description="Organizēt seminārus")
    Activity.objects.create(
        plan=plan, position=2, description="Organizēt seminārus skolās", action_group=ActionGroup.COOPERATION
    )
    comparison = compare(BY_KEY["activities"], [plan])
    cells = {row.label: row.cells[0].items for row in comparison.rows if row.named_by}
    assert [(i.text, i.note) for i in cells[str(ActionGroup.CAPACITY_BUILDING.label)]] == [
        ("Organizēt seminārus", gettext("suggested"))
    ]
    assert [(i.text, i.note) for i in cells[str(ActionGroup.COOPERATION.label)]] == [("Organizēt seminārus skolās", "")]


def test_latvian_sort_puts_long_vowels_and_carons_after_their_letter():
    names = ["Žagari", "Zaļenieki", "Čakste", "Cēsis", "Ābele", "Auce", "Šķēde", "Sala", "Jēkabpils", "Jelgava"]
    assert sorted(names, key=latvian_key) == [
        "Auce",
        "Ābele",
        "Cēsis",
        "Čakste",
        "Jelgava",
        "Jēkabpils",
        "Sala",
        "Šķēde",
        "Zaļenieki",
        "Žagari",
    ]


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("Seniori (65+)", 0),
        ("Ilgstoši bezdarbnieki", 1),
        ("Jaunieši, kuri nestrādā un ir bez darba pieredzes", 2),
        ("NEET (nemācās, nestrādā, neapgūst arodu) jaunieši", 2),
        ("Personas ar funkcionāliem traucējumiem", 3),
        ("Cilvēki ar īpašām vajadzībām, personas ar autismu", 3),
        ("Personas ar trūcīgas ģimenes statusu", None),
    ],
)
def test_target_groups_fall_into_the_template_groups(text, index):
    assert target_group_index(text) == index


# --- the real seed plans ----------------------------------------------------------------------------------


def fixture_documents() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(PLANS_DIR.glob("*.yaml"))}


@pytest.fixture
def seed_plans(db):
    call_command("loaddata", str(PLANS_DIR.parent / "regions.json"), verbosity=0)
    load_seed_plans(PLANS_DIR)
    plans = list(ActionPlan.objects.filter(municipality__region__slug="zemgale").select_related("municipality"))
    assert plans, "no seed plan fixtures"
    return plans


def cells_by_municipality(comparison, row):
    return {col.municipality_slug: cell for col, cell in zip(comparison.columns, row.cells, strict=True)}


def test_heat_map_gives_the_levels_of_every_seed_plan(seed_plans):
    comparison = compare(BY_KEY["risks"], seed_plans)
    assert [row.standard for row in comparison.rows[:5]] == [True] * 5
    documents = fixture_documents()
    for slug, document in documents.items():
        expected: dict[str, str] = {}  # row: highest level the plan gives it
        for risk in document["worksheets"].get(10) or []:
            factor = clean(risk["factor"])
            # The template's factor as written, or with the officer's addition after it.
            standard = next((i for i, name in enumerate(LV_STANDARD_RISKS) if factor.startswith(name)), None)
            key = str(standard) if standard is not None else factor.casefold()
            if LEVEL_ORDER[risk["level"] or ""] >= LEVEL_ORDER[expected.get(key, "")]:
                expected[key] = risk["level"] or ""
        got = {}
        for index, row in enumerate(comparison.rows):
            cell = cells_by_municipality(comparison, row)[slug]
            if not cell.is_empty:
                got[str(index) if row.standard else row.label.casefold()] = cell.level
        assert got == expected, slug
    # Each row names how many plans give the factor.
    for row in comparison.rows:
        assert row.named_by == sum(1 for cell in row.cells if cell.items)


def test_heat_map_spot_checks_from_the_source(seed_plans):
    """Levels read from seeds/001 (Dobeles novads, ws 10, and Jelgavas valstspilsēta, ws 10)."""
    comparison = compare(BY_KEY["risks"], seed_plans)
    levels = {
        (row.label if not row.standard else LV_STANDARD_RISKS[i], slug): cell.level
        for i, row in enumerate(comparison.rows)
        for slug, cell in cells_by_municipality(comparison, row).items()
    }
    assert levels[("Finansējuma trūkums vai nestabilitāte", "dobeles-novads")] == "medium"
    assert levels[("Normatīvo aktu ierobežojumi", "dobeles-novads")] == "high"
    assert levels[("Trūkst kapacitātes un ekspertīzes vietējā līmenī", "dobeles-novads")] == "high"
    assert levels[("Nepietiekama jauniešu iesaiste", "dobeles-novads")] == "medium"
    assert levels[("Ierobežota sadarbība ar vietējiem uzņēmējiem un NVO", "jelgavas-valstspilseta")] == "low"
    assert levels[("Normatīvo aktu ierobežojumi", "jelgavas-valstspilseta")] == "medium"
    assert levels[("Trūkst kapacitātes un ekspertīzes vietējā līmenī", "jelgavas-valstspilseta")] == "low"
    dobele_funding = cells_by_municipality(comparison, comparison.rows[0])["dobeles-novads"]
    assert dobele_funding.items[0].detail.startswith("Stāstu un sociālās ietekmes demonstrēšana")


def test_target_group_table_gives_the_groups_of_every_seed_plan(seed_plans):
    comparison = compare(BY_KEY["target-groups"], seed_plans)
    documents = fixture_documents()
    for slug, document in documents.items():
        expected = sorted(
            (clean(row["target_group"]), row["unmet_needs"].strip())
            for row in document["worksheets"].get(4) or []
            if clean(row["target_group"]) not in ("", "-")
        )
        got = []
        for index, row in enumerate(comparison.rows):
            for item in cells_by_municipality(comparison, row)[slug].items:
                got.append((item.text, item.detail))
                template_group = target_group_index(item.text)
                # Each group as written sits in the template's group it belongs to, or in its own row.
                assert (index if row.standard else None) == template_group, item.text
        assert sorted(got) == expected, slug


def test_target_group_spot_checks_from_the_source(seed_plans):
    """Groups and needs read from seeds/001 (Dobeles novads ws 4; Jelgavas valstspilsēta ws 4)."""
    comparison = compare(BY_KEY["target-groups"], seed_plans)
    seniors, unemployed, youth, disabled = comparison.rows[:4]
    dobele = {row.label: cells_by_municipality(comparison, row)["dobeles-novads"] for row in comparison.rows}
    assert [i.text for i in cells_by_municipality(comparison, unemployed)["dobeles-novads"].items] == [
        "Ilgstoši bezdarbnieki"
    ]
    assert [(i.text, i.detail) for i in cells_by_municipality(comparison, youth)["dobeles-novads"].items] == [
        ("NEET (nemācās, nestrādā, neapgūst arodu) jaunieši", "Nav pieejamas aroda apgūšanas vietas")
    ]
    assert [i.text for i in cells_by_municipality(comparison, disabled)["dobeles-novads"].items] == [
        "Personas ar funkcionāliem traucējumiem"
    ]
    assert cells_by_municipality(comparison, seniors)["dobeles-novads"].is_empty
    assert [i.text for i in cells_by_municipality(comparison, seniors)["jelgavas-valstspilseta"].items] == ["Seniori"]
    assert not dobele["Personas ar trūcīgas ģimenes statusu"].is_empty


def test_every_comparison_holds_each_seed_row_once(seed_plans):
    """Resources, partnerships and activities: every row of a plan is in exactly one group."""
    from django.db.models import Q

    from worksheets.models import Cooperation, Resource

    blank = ["", "-"]
    expected = {
        # an activity that names only its task is shown by the task's wording
        "activities": Activity.objects.filter(plan__in=seed_plans).exclude(
            Q(description__in=blank) & Q(task_as_written__in=blank)
        ),
        "resources": Resource.objects.filter(plan__in=seed_plans).exclude(description__in=blank),
    }
    for key, rows in expected.items():
        comparison = compare(BY_KEY[key], seed_plans)
        total = sum(len(cell.items) for row in comparison.rows for cell in row.cells)
        assert total == rows.count(), key
    partnerships = compare(BY_KEY["partnerships"], seed_plans)
    organisations = {item.text for row in partnerships.rows for cell in row.cells for item in cell.items}
    assert organisations == {
        clean(o) for o in Cooperation.objects.filter(plan__in=seed_plans).values_list("organisation", flat=True)
    }


# --- filters --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_latest_plan_of_each_municipality_is_compared_by_default(zemgale, aizkraukle, bauska):
    old = ActionPlanFactory(municipality=aizkraukle, period_start=2022, period_end=2024)
    new = ActionPlanFactory(municipality=aizkraukle, period_start=2026, period_end=2027)
    other = ActionPlanFactory(municipality=bauska)
    plans = region_plans(zemgale, published_only=False)
    assert chosen_plans(plans, ComparisonFilter()) == [new, other]
    assert chosen_plans(plans, ComparisonFilter(period="2022-2024")) == [old]
    assert set(chosen_plans(plans, ComparisonFilter(period="all"))) == {old, new, other}
    assert chosen_plans(plans, ComparisonFilter(municipalities=frozenset({"bauskas-novads"}))) == [other]


@pytest.mark.django_db
def test_a_new_periods_draft_does_not_hide_the_plan_in_force(zemgale, aizkraukle, bauska):
    in_force = ActionPlanFactory(
        municipality=aizkraukle, period_start=2026, period_end=2027, status=PlanStatus.PUBLISHED
    )
    ActionPlanFactory(municipality=aizkraukle, period_start=2028, period_end=2029)  # being drafted
    only_draft = ActionPlanFactory(municipality=bauska, period_start=2028, period_end=2029)
    plans = region_plans(zemgale, published_only=False)
    assert chosen_plans(plans, ComparisonFilter()) == [in_force, only_draft]


@pytest.mark.django_db
def test_search_keeps_only_rows_containing_the_text(plan):
    Risk.objects.filter(plan=plan, position=1).update(level="high", preventive_measures="Piesaistīt ES fondus")
    comparison = compare(BY_KEY["risks"], [plan], query="es fondus")
    assert len(comparison.rows) == 1
    assert comparison.rows[0].standard
    assert comparison.rows[0].cells[0].level == "high"
    assert comparison.rows[0].cells[0].items[0].detail == "Piesaistīt ES fondus"


@pytest.mark.django_db
def test_public_comparisons_hold_published_plans_only(zemgale, aizkraukle, bauska):
    published = ActionPlanFactory(municipality=aizkraukle, status=PlanStatus.PUBLISHED)
    ActionPlanFactory(municipality=bauska, status=PlanStatus.APPROVED)
    assert region_plans(zemgale, published_only=True) == [published]


# --- a fixed number of queries, whatever the number of municipalities ------------------------------------

COMPARISON_BUDGET = 12


def region_with_plans(region, count: int, rows: int = 3):
    for index in range(count):
        municipality = MunicipalityFactory(region=region, name=f"Novads {index:03d}", slug=f"novads-{index:03d}")
        plan = ActionPlanFactory(municipality=municipality, status=PlanStatus.PUBLISHED)
        fill_plan(plan, rows=rows)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("municipalities", [6, 60])
def test_each_comparison_page_runs_a_fixed_number_of_queries(
    client, coordinator, zemgale, municipalities, django_assert_max_num_queries
):
    region_with_plans(zemgale, municipalities)
    client.force_login(coordinator)
    for spec in COMPARISONS:
        for url in (
            reverse("worksheets:region_comparison", args=[zemgale.slug, spec.key]),
            reverse("public:comparison", args=[zemgale.slug, spec.key]),
        ):
            with django_assert_max_num_queries(COMPARISON_BUDGET):
                response = client.get(url)
            assert len(response.context["comparison"].columns) == municipalities


@pytest.mark.django_db
def test_query_count_is_the_same_for_6_and_60_municipalities(client, coordinator, zemgale, panevezys):
    region_with_plans(zemgale, 6)
    big = panevezys
    from tests.factories import coordinator_of

    big_coordinator = coordinator_of(big, user__username="ruta")
    for index in range(60):
        municipality = MunicipalityFactory(region=big, name=f"Savivaldybė {index}", slug=f"sav-{index}")
        plan = ActionPlanFactory(municipality=municipality, status=PlanStatus.PUBLISHED)
        fill_plan(plan, rows=3)
    for spec in COMPARISONS:
        client.force_login(coordinator)
        small = count_queries(client, reverse("worksheets:region_comparison", args=[zemgale.slug, spec.key]))
        small_xlsx = count_queries(client, reverse("worksheets:region_comparison_xlsx", args=[zemgale.slug, spec.key]))
        client.force_login(big_coordinator)
        large = count_queries(client, reverse("worksheets:region_comparison", args=[big.slug, spec.key]))
        large_xlsx = count_queries(client, reverse("worksheets:region_comparison_xlsx", args=[big.slug, spec.key]))
        assert small == large, spec.key
        assert small_xlsx == large_xlsx, spec.key
        client.logout()
        small_public = count_queries(client, reverse("public:comparison", args=[zemgale.slug, spec.key]))
        large_public = count_queries(client, reverse("public:comparison", args=[big.slug, spec.key]))
        assert small_public == large_public, spec.key
    client.force_login(coordinator)
    small_review = count_queries(client, reverse("worksheets:region_review_xlsx", args=[zemgale.slug]))
    client.force_login(big_coordinator)
    large_review = count_queries(client, reverse("worksheets:region_review_xlsx", args=[big.slug]))
    assert small_review == large_review
