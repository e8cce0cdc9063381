"""The regional review's table of policy documents counts by the region's vocabulary (the six real Zemgale plans of
``fixtures/plans``): a row per confirmed entry or suggested group, each municipality once, suggestions marked,
"not a plan entry" left out."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from municipalities.models import Region
from tests.factories import coordinator_of
from worksheets.models import PolicyCategory, VocabularyField
from worksheets.regional.comparisons import field_grouping, plan_columns, policy_documents
from worksheets.regional.review import regional_review
from worksheets.regional.vocabulary import (
    RegionVocabulary,
    assign_variants,
    confirm_all_suggestions,
    display_text,
    exclude_variants,
    similarity,
    variant_key,
)

pytestmark = pytest.mark.django_db

DOCUMENTS = VocabularyField.POLICY_DOCUMENTS
NR_173 = (
    'MK 27.03.2018. noteikumi Nr.173 "Noteikumi par sociālās atstumtības riskam pakļauto iedzīvotāju grupām un '
    'sociālā uzņēmuma statusa piešķiršanas, reģistrēšanas un uzraudzības kārtību"'
)
NR_101 = 'MK 20.02.2018. noteikumi Nr.101 "Noteikumi par Sociālo uzņēmumu komisiju"'
NR_101_JELGAVA = "Ministru kabineta noteikumi Nr. 101. 2018. gada 20. februārī Noteikumi par Sociālo uzņēmumu komisiju"
NR_197 = (
    'MK 03.04.2018. noteikumi Nr.197 "Noteikumi par komercdarbības atbalsta piešķiršanas nosacījumiem sociālajiem '
    'uzņēmumiem un atbalsta piešķiršanas kārtību"'
)
NR_129 = (
    "Ministru kabineta noteikumi 04.03.2025. Nr. 129 “Noteikumi par komercdarbības atbalsta piešķiršanas "
    "nosacījumiem sociālajiem uzņēmumiem un atbalsta piešķiršanas kārtību”"
)
LAW = "Sociālā uzņēmuma likums"
ALL_SIX = [
    "Aizkraukles novads",
    "Bauskas novads",
    "Dobeles novads",
    "Jēkabpils novads",
    "Jelgavas novads",
    "Jelgavas valstspilsēta",
]
HEADING = "Iespējamie atbalsta veidi Latvijā"  # Aizkraukle's heading line above its list of support programmes


@pytest.fixture
def region(seed_plans):
    return Region.objects.get(slug="zemgale")


@pytest.fixture
def zane(region):
    return coordinator_of(region, user__username="zane")


def documents_table(region, plans):
    title = gettext("Policy documents and legal acts named in the plans")
    tables = [t for s in regional_review(region, plans).sections for t in s.tables if t.title == title]
    assert len(tables) == 1
    return tables[0]


def national_acts(table):
    """``[(document, [municipality, …])]`` of the table's national legal acts, in its order."""
    national = str(PolicyCategory.NATIONAL_ACT.label)
    return [(title, plans.split(", ")) for category, title, plans in table.rows if category == national]


def marked(label):
    return f"{label} ({gettext('suggested')})"


def test_numbered_acts_of_one_wording_are_not_suggested_as_one():
    assert similarity(variant_key(NR_197), variant_key(NR_129)) == 0
    assert similarity(variant_key(NR_173), variant_key(NR_173.replace("MK", "Ministru kabineta"))) >= 90
    assert display_text(NR_101) == NR_101  # the title's closing quote kept
    assert display_text("„Līdzdalības budžets”;") == "Līdzdalības budžets"


def test_review_counts_documents_by_suggested_group_and_marks_the_suggestions(seed_plans, region):
    table = documents_table(region, seed_plans)
    assert national_acts(table) == [
        (NR_173, ALL_SIX[:5] + [marked("Jelgavas valstspilsēta")]),
        (LAW, [marked("Aizkraukles novads")] + ALL_SIX[1:]),
        (NR_101, ALL_SIX[:5]),
        (NR_197, ["Bauskas novads", "Dobeles novads", "Jēkabpils novads", "Jelgavas novads"]),
        (NR_129, ["Aizkraukles novads", marked("Jelgavas valstspilsēta")]),
        (NR_101_JELGAVA, ["Jelgavas valstspilsēta"]),
    ]
    assert len(table.rows) == 47


def test_review_counts_documents_by_confirmed_entry(seed_plans, region, zane):
    columns = plan_columns(seed_plans)
    # one entry confirmed: it leads its category, the suggestions after it
    grouping = field_grouping(DOCUMENTS, columns, RegionVocabulary.load(region))
    assign_variants(
        region=region,
        field_name=DOCUMENTS,
        variants=grouping.group_of(variant_key(NR_197)).variants,
        user=zane,
        new_text=NR_197,
    )
    assert [title for title, _plans in national_acts(documents_table(region, seed_plans))][:3] == [NR_197, NR_173, LAW]

    confirm_all_suggestions(region=region, columns=columns, user=zane, fields=[DOCUMENTS])
    grouping = field_grouping(DOCUMENTS, columns, RegionVocabulary.load(region))
    entry_101 = grouping.group_of(variant_key(NR_101))
    assign_variants(
        region=region,
        field_name=DOCUMENTS,
        variants=grouping.group_of(variant_key(NR_101_JELGAVA)).variants,
        user=zane,
        entry=region.vocabulary_entries.get(pk=entry_101.entry_id),
    )
    exclude_variants(
        region=region, field_name=DOCUMENTS, variants=grouping.group_of(variant_key(HEADING)).variants, user=zane
    )

    table = documents_table(region, seed_plans)
    assert national_acts(table) == [
        (NR_101, ALL_SIX),  # named by as many: alphabetically
        (NR_173, ALL_SIX),
        (LAW, ALL_SIX),
        (NR_197, ["Bauskas novads", "Dobeles novads", "Jēkabpils novads", "Jelgavas novads"]),
        (NR_129, ["Aizkraukles novads", "Jelgavas valstspilsēta"]),
    ]
    assert len(table.rows) == 45  # the second wording of Nr. 101 merged, the heading left out
    assert [row for row in table.rows if HEADING in row[1] or gettext("suggested") in row[2]] == []


def test_policy_documents_take_one_query_for_three_and_six_plans(seed_plans, region, zane):
    confirm_all_suggestions(region=region, columns=plan_columns(seed_plans), user=zane, fields=[DOCUMENTS])
    vocabulary = RegionVocabulary.load(region)
    counts = []
    for plans in (seed_plans[:3], seed_plans):
        columns = plan_columns(plans)
        with CaptureQueriesContext(connection) as queries:
            rows = policy_documents(columns, vocabulary)
        counts.append((len(queries), len(rows) > 0))
    assert counts == [(1, True), (1, True)]
