"""The statements of the Zemgale review written by hand (seeds/000) that the app's review supports, with the app's
figures on the six seed plans (those that do not depend on the regional vocabularies)."""

import pytest
from django.utils import translation

from municipalities.models import Region
from worksheets.regional.comparisons import region_plans
from worksheets.regional.review import regional_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(seed_plans):
    region = Region.objects.get(slug="zemgale")
    with translation.override("en"):
        return regional_review(region, region_plans(region, published_only=False))


def table(review, title: str):
    return next(t for section in review.sections for t in section.tables if t.title == title)


def test_the_review_is_made_from_the_six_plans_the_document_names(review):
    # "Bauskas, Aizkraukles, Jelgavas, Dobeles, Jēkabpils novada un Jelgavas valstspilsētas ... rīcības plāniem"
    assert [c.municipality for c in review.columns] == [
        "Aizkraukles novads",
        "Bauskas novads",
        "Dobeles novads",
        "Jēkabpils novads",
        "Jelgavas novads",
        "Jelgavas valstspilsēta",
    ]


def test_every_plan_names_the_same_risk_factors(review):
    # "Visu pašvaldību rīcības plānos ir identificēti līdzīgi riska faktori": the five standard factors, 6 of 6 each
    summary = table(review, "Risk levels in the plans")
    assert [row[1] for row in summary.rows] == [6, 6, 6, 6, 6]
    assert summary.rows[0][0] == "Lack or instability of funding"


def test_the_lack_of_funding_is_high_or_medium_in_five_plans_not_all(review):
    # "Pašvaldību plānos šis identificēts kā augsta vai vidēja riska faktors": 3 high + 2 medium; Aizkraukle rates it low
    funding = table(review, "Risk levels in the plans").rows[0]
    assert funding[2:6] == [3, 2, 1, 0]


def test_the_sections_of_the_development_documents_the_document_quotes(review):
    references = table(review, "Sections of development documents the plans refer to").rows
    by_plan = {}
    for municipality, _document, reference in references:
        by_plan.setdefault(municipality, []).append(reference.split(" ")[0] + " " + reference.split(" ")[1])
    assert by_plan["Aizkraukles novads"] == ["R 2.1.3.", "R 3.1.3"]  # "R 2.1.3. ... un R 3.1.3."
    assert by_plan["Bauskas novads"] == ["RĪCĪBAS PLĀNS."]  # its text goes on "U 7.4.1. “Veidot sadarbību …”"
    assert "U 7.4.1." in references[2][2]
    assert references[5][2].startswith("6.nodaļa “Funkcionālās sadarbības teritorijas”")  # Jelgava's 6th chapter


def test_the_plans_in_figures(review):
    figures = table(review, "The plans in figures")
    total = figures.rows[-1]
    header = figures.header
    assert total[header.index("Strategic goals")] == 25
    assert total[header.index("Specific tasks")] == 67
    assert total[header.index("Activities")] == 52
    assert total[header.index("Risks")] == 43
