"""The regional comparisons of the six real Zemgale plans (``fixtures/plans``, loaded once for the module): the
heat map and the target groups compared with the fixtures' own data and with the source documents."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db.models import Q

from worksheets.models import Activity, Cooperation, Resource
from worksheets.regional.comparisons import BY_KEY, clean, compare, target_group_index

pytestmark = pytest.mark.django_db

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


def fixture_documents() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(PLANS_DIR.glob("*.yaml"))}


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
    # Counted in the fixtures' worksheet 10: all six plans keep the template's five factors; the 13 factors
    # they add are each written by one plan only (Aizkraukle, Bauska and Jēkabpils 3 each, Jelgavas
    # valstspilsēta 2, Dobele and Jelgavas novads 1 each; the two "Citi izaicinājumi (piem., …)" differ after
    # "piem.", so they are two rows).
    assert [row.named_by for row in comparison.rows] == [6, 6, 6, 6, 6] + [1] * 13


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
