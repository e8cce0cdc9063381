"""The region's vocabularies on the six real Zemgale plans (``fixtures/plans``): the normaliser, the suggested groups,
the coordinator's bulk decisions, and the comparisons counting by confirmed entry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from municipalities.models import Region
from tests.factories import ActionPlanFactory, ActivityFactory, coordinator_of, editor_of
from worksheets.models import ActionPlan, Cooperation, VariantMapping, VocabularyEntry, VocabularyField
from worksheets.regional.comparisons import (
    BY_KEY,
    ComparisonFilter,
    chosen_plans,
    compare,
    field_grouping,
    plan_columns,
    region_plans,
)
from worksheets.regional.vocabulary import (
    RegionVocabulary,
    Variant,
    assign_variants,
    confirm_all_suggestions,
    display_text,
    exclude_variants,
    group_variants,
    rename_entry,
    variant_key,
)

pytestmark = pytest.mark.django_db

FUNDING = VocabularyField.FUNDING_SOURCES
COOPERATION = VocabularyField.COOPERATION_TYPES


def row_named(comparison, label):
    rows = [row for row in comparison.rows if row.label == label]
    assert len(rows) == 1, [row.label for row in comparison.rows]
    return rows[0]


def municipalities_of(comparison, row):
    return sorted(c.municipality_slug for c, cell in zip(comparison.columns, row.cells, strict=True) if cell.items)


@pytest.fixture
def region(seed_plans):
    return Region.objects.get(slug="zemgale")


@pytest.fixture
def zane(region):
    return coordinator_of(region, user__username="zane")


# --- the normaliser --------------------------------------------------------------------------------------------


def test_variant_key_drops_case_question_marks_and_latvian_endings():
    assert variant_key("Altum?") == "altum"
    assert variant_key("ALTUM") == "altum"
    assert variant_key("Pašvaldības budžetā") == "pašvaldīb budžet"
    assert variant_key("pašvaldības budžets") == "pašvaldīb budžet"
    assert variant_key("Konsultatīvās padomes") == variant_key("Konsultatīvā padome") == "konsultatīv padom"
    assert variant_key("• „Līdzdalības budžets”;") == "līdzdalīb budžet"
    assert variant_key("Mentoringa un konsultāciju tīkli") == "mentoring konsultācij tīkl"
    assert variant_key("Socialinių tinklų") == variant_key("Socialiniai tinklai") == "socialin tinkl"
    assert variant_key("?") == ""


def test_display_text_keeps_diacritics_and_drops_the_question_mark():
    assert display_text("Altum?") == "Altum"
    assert display_text("● Līdzdalības budžeta izmantošana.") == "Līdzdalības budžeta izmantošana"


def test_similarity_groups_the_seed_spellings_of_the_municipal_budget():
    occurrences = [
        (1, "Pašvaldības budžets", ""),
        (2, "Pašvaldības budžets", ""),
        (3, "Pašvaldības budžets 2026", ""),
        (4, "Ik gadu pašvaldības budžetā tiek atvēlēti 20000 Biznesa ideju konkursam", ""),
        (5, "pašvaldība", ""),
        (5, "Pašvaldības granti", ""),
        (6, "ES fondu projekti", ""),
        (6, "ZPR", ""),
    ]
    grouping = group_variants(occurrences, field_name=FUNDING, vocabulary=RegionVocabulary())
    budget = grouping.group_of(variant_key("Pašvaldības budžets"))
    assert budget.text == "Pašvaldības budžets"
    assert sorted(budget.plans) == [1, 2, 3, 4, 5]
    assert budget.suggested == {
        variant_key("Pašvaldības budžets 2026"),
        variant_key("Ik gadu pašvaldības budžetā tiek atvēlēti 20000 Biznesa ideju konkursam"),
        variant_key("pašvaldība"),
    }
    assert grouping.group_of(variant_key("Pašvaldības granti")) is not budget
    assert grouping.group_of(variant_key("ZPR")).plans == {6}


# --- the six seed plans --------------------------------------------------------------------------------------------


def test_seed_plans_with_every_suggestion_confirmed_count_each_fact_once(seed_plans, region, zane):
    columns = plan_columns(seed_plans)
    confirm_all_suggestions(region=region, columns=columns, user=zane)

    partnerships = compare(BY_KEY["partnerships"], seed_plans)
    participatory = [row for row in partnerships.rows if "līdzdalības budž" in row.label.casefold()]
    assert len(participatory) == 1
    assert participatory[0].named_by == 6
    assert participatory[0].suggested_by == 0

    funding = compare(BY_KEY["funding"], seed_plans)
    budget = row_named(funding, "Pašvaldības budžets")
    assert (budget.named_by, budget.suggested_by) == (6, 0)
    altum = [row for row in funding.rows if "altum" in row.label.casefold()]
    assert [row.label for row in altum] == ["ALTUM"]
    assert municipalities_of(funding, altum[0]) == ["jekabpils-novads", "jelgavas-novads"]
    assert funding.named_by(budget) == [c.label for c in funding.columns]  # none marked "(suggested)"

    activities = compare(BY_KEY["activities"], seed_plans)
    assert sum(row.suggested_by for row in activities.rows) == 0


def test_before_confirming_the_spellings_are_counted_as_suggestions(seed_plans):
    funding = compare(BY_KEY["funding"], seed_plans)
    budget = row_named(funding, "Pašvaldības budžets")
    assert (budget.named_by, budget.suggested_by) == (6, 2)  # Aizkraukle's sentence, Dobele's "… 2026"
    suggested = gettext("suggested")
    assert sorted(label for label in funding.named_by(budget) if label.endswith(f"({suggested})")) == [
        f"Aizkraukles novads ({suggested})",
        f"Dobeles novads ({suggested})",
    ]


def test_bulk_merge_split_and_not_a_plan_entry(seed_plans, region, zane):
    columns = plan_columns(seed_plans)
    grouping = field_grouping(FUNDING, columns, RegionVocabulary.load(region))
    eu = grouping.group_of(variant_key("ES fondu projekti"))
    eu_other = grouping.group_of(variant_key("ES fondu līdzekļi"))
    assert eu is not eu_other
    entry = assign_variants(
        region=region, field_name=FUNDING, variants=eu.variants + eu_other.variants, user=zane, new_text="ES fondi"
    )
    funding = compare(BY_KEY["funding"], seed_plans)
    merged = row_named(funding, "ES fondi")
    assert merged.confirmed is True
    assert municipalities_of(funding, merged) == ["jekabpils-novads", "jelgavas-novads"]

    # split "ES fondi" (Jelgavas novads) out again, to an entry of its own
    es_fondi = next(v for v in eu.variants if v.key == variant_key("ES fondi"))
    assign_variants(region=region, field_name=FUNDING, variants=[es_fondi], user=zane, new_text="ES fondi (Jelgava)")
    funding = compare(BY_KEY["funding"], seed_plans)
    assert municipalities_of(funding, row_named(funding, "ES fondi (Jelgava)")) == ["jelgavas-novads"]

    rename_entry(entry=entry, text="Eiropas Savienības fondi")
    exclude_variants(
        region=region, field_name=FUNDING, variants=[grouping.group_of(variant_key("ZPR")).variants[0]], user=zane
    )
    funding = compare(BY_KEY["funding"], seed_plans)
    assert municipalities_of(funding, row_named(funding, "Eiropas Savienības fondi")) == [
        "jekabpils-novads",
        "jelgavas-novads",
    ]
    assert [row.label for row in funding.rows if row.label == "ZPR"] == []
    assert VocabularyEntry.history.filter(id=entry.pk).count() == 2  # created, renamed


def test_template_example_list_marked_not_a_plan_entry_counts_nowhere(seed_plans, region, zane):
    jelgava = next(p for p in seed_plans if p.municipality.slug == "jelgavas-novads")
    example = Cooperation.objects.filter(plan=jelgava).order_by("position", "id").first()
    assert example.cooperation_type.startswith("Piemēri sadarbības daudzveidībai:")
    before = compare(BY_KEY["partnerships"], seed_plans)
    named_before = {
        row.label for row in before.rows if row.standard and "jelgavas-novads" in municipalities_of(before, row)
    }

    exclude_variants(
        region=region,
        field_name=COOPERATION,
        variants=[field_grouping_cell(seed_plans, region, example.cooperation_type)],
        user=zane,
    )
    after = compare(BY_KEY["partnerships"], seed_plans)
    named_after = {
        row.label for row in after.rows if row.standard and "jelgavas-novads" in municipalities_of(after, row)
    }
    assert named_before - named_after == {
        "Partnerības līgums",
        "Sociālās inovācijas laboratorijas",
        "Atbalsta programmas un grantu shēmas",
        "Sociālo pakalpojumu deleģēšana",
        "Kopīgas mārketinga un komunikācijas stratēģijas",
    }
    assert named_after - named_before == set()
    items = [item for row in after.rows for cell in row.cells for item in cell.items]
    assert [item for item in items if "Piemēri sadarbības" in item.text] == []


def field_grouping_cell(plans, region, text):
    """The whole cell ``text`` as the vocabulary page offers it (a list cell)."""
    variant = Variant(variant_key(text))
    variant.spellings[text] += 1
    return variant


def test_the_mapping_applies_to_a_plan_of_the_next_period(seed_plans, region, zane):
    jekabpils = next(p for p in seed_plans if p.municipality.slug == "jekabpils-novads")
    grouping = field_grouping(FUNDING, plan_columns(seed_plans), RegionVocabulary.load(region))
    assign_variants(
        region=region,
        field_name=FUNDING,
        variants=grouping.group_of(variant_key("ALTUM")).variants,
        user=zane,
        new_text="ALTUM",
    )
    next_plan = ActionPlanFactory(municipality=jekabpils.municipality, period_start=2028, period_end=2029)
    ActivityFactory(plan=next_plan, description="Granti", funding_source="Altum?; Valsts budžets")
    plans = chosen_plans(region_plans(region, published_only=False), ComparisonFilter(period="2028-2029"))
    assert plans == [next_plan]
    funding = compare(BY_KEY["funding"], plans)
    altum = row_named(funding, "ALTUM")
    assert altum.confirmed is True
    assert (altum.named_by, altum.suggested_by) == (1, 0)


def test_comparisons_take_the_same_number_of_queries_for_three_and_six_plans(seed_plans, region, zane):
    confirm_all_suggestions(region=region, columns=plan_columns(seed_plans), user=zane, fields=[FUNDING])
    counts = []
    for plans in (seed_plans[:3], seed_plans):
        with CaptureQueriesContext(connection) as queries:
            for spec in BY_KEY.values():
                compare(spec, plans)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the coordinator's page -------------------------------------------------------------------------------------------


def test_vocabulary_page_is_the_coordinators(client, seed_plans, region, zane):
    url = reverse("worksheets:vocabulary", args=[region.slug])
    client.force_login(zane)
    response = client.get(url, {"field": FUNDING})
    assert response.status_code == 200
    assert "Pašvaldības budžets 2026" in response.content.decode()


@pytest.mark.parametrize("who, status", [("editor", 403), ("other_coordinator", 404)])
def test_vocabulary_page_refuses_others(client, seed_plans, region, who, status):
    if who == "editor":
        user = editor_of(seed_plans[0].municipality, user__username="anna")
    else:
        user = coordinator_of(Region.objects.create(name="Cits", slug="cits", country="LV"), user__username="ruta")
    client.force_login(user)
    url = reverse("worksheets:vocabulary", args=[region.slug])
    assert client.get(url).status_code == status
    assert client.post(url, {"field": FUNDING, "action": "confirm", "groups": ["x"]}).status_code == status
    assert VariantMapping.objects.count() == 0


def test_vocabulary_page_anonymous_goes_to_login(client, seed_plans, region):
    response = client.get(reverse("worksheets:vocabulary", args=[region.slug]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_bulk_confirm_through_the_page_and_bad_input(client, seed_plans, region, zane):
    url = reverse("worksheets:vocabulary", args=[region.slug])
    client.force_login(zane)
    budget_key = "v-" + variant_key("Pašvaldības budžets")
    response = client.post(url, {"field": FUNDING, "action": "confirm", "groups": [budget_key]})
    assert response.status_code == 302
    assert VariantMapping.objects.filter(region=region, field=FUNDING, entry__text="Pašvaldības budžets").count() == 4

    assert client.post(url, {"field": FUNDING, "action": "merge", "groups": [budget_key]}).status_code == 400
    assert client.post(url, {"field": FUNDING, "action": "confirm", "groups": ["v-no-such"]}).status_code == 400
    assert client.post(url, {"field": FUNDING, "action": "rename", "entry": "abc", "text": "x"}).status_code == 400
    assert client.post(url, {"field": "nothing", "action": "confirm"}).status_code == 404


def test_two_coordinators_deciding_one_variant_keep_one_mapping_and_both_decisions(seed_plans, region, zane):
    other = coordinator_of(region, user__username="ilze")
    grouping = field_grouping(FUNDING, plan_columns(seed_plans), RegionVocabulary.load(region))
    variants = grouping.group_of(variant_key("ALTUM")).variants
    assign_variants(region=region, field_name=FUNDING, variants=variants, user=zane, new_text="ALTUM")
    exclude_variants(region=region, field_name=FUNDING, variants=variants, user=other)
    mapping = VariantMapping.objects.get(region=region, field=FUNDING, key="altum")
    assert (mapping.not_plan_entry, mapping.entry, mapping.confirmed_by) == (True, None, other)
    assert VariantMapping.history.filter(id=mapping.pk).count() == 2
    assert ActionPlan.objects.count() == 6
