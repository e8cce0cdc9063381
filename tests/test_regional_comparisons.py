"""The regional comparisons: action groups suggested from text, Latvian order, filters, and a fixed number of
queries (the comparisons of the real seed plans are in ``test_seed_plan_comparisons``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from seimpact.lib.collation import latvian_key
from tests.factories import ActionPlanFactory, ActivityFactory, MunicipalityFactory, coordinator_of
from worksheets.models import ActionGroup, PlanStatus, Risk
from worksheets.regional.comparisons import (
    BY_KEY,
    COMPARISONS,
    ComparisonFilter,
    chosen_plans,
    compare,
    region_plans,
    suggest_action_group,
    target_group_index,
)
from worksheets.seed.demo import fill_plan

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
    ActivityFactory(plan=plan, description="Organizēt seminārus")
    ActivityFactory(plan=plan, description="Organizēt seminārus skolās", action_group=ActionGroup.COOPERATION)
    comparison = compare(BY_KEY["activities"], [plan])
    cells = {row.label: row.cells[0].items for row in comparison.rows if row.named_by}
    assert [(i.text, i.note) for i in cells[str(ActionGroup.CAPACITY_BUILDING.label)]] == [
        ("Organizēt seminārus", gettext("suggested"))
    ]
    assert [(i.text, i.note) for i in cells[str(ActionGroup.COOPERATION.label)]] == [("Organizēt seminārus skolās", "")]


def test_latvian_sort_puts_carons_after_their_letter_and_long_vowels_with_theirs():
    # ICU's Latvian order (PostgreSQL's "lv-x-icu"): ā differs from a only at the second level, č is a letter.
    names = ["Žagari", "Zaļenieki", "Čakste", "Cēsis", "Ābele", "Auce", "Šķēde", "Sala", "Jēkabpils", "Jelgava"]
    assert sorted(names, key=latvian_key) == [
        "Ābele",
        "Auce",
        "Cēsis",
        "Čakste",
        "Jēkabpils",
        "Jelgava",
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


def count_queries(client, url, *, follow: bool = False) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, follow=follow)
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
    small_review = count_queries(client, reverse("worksheets:region_review_xlsx", args=[zemgale.slug]), follow=True)
    client.force_login(big_coordinator)
    large_review = count_queries(client, reverse("worksheets:region_review_xlsx", args=[big.slug]), follow=True)
    assert small_review == large_review
