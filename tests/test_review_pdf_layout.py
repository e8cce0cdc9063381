"""How the regional review PDF lays out its evidence tables (fixed column widths in proportion to the workbook's, cell
texts shortened once in Python) and that the review reads the core indicators' figures once however many of its tables
show them."""

import pytest
from django.utils import translation

from indicators import evidence as indicator_evidence
from indicators.matching import Matcher
from indicators.seed import load_core_indicators
from municipalities.models import Region
from seimpact.lib.pdf import document_html
from worksheets.regional.comparisons import region_plans
from worksheets.regional.review import (
    EVIDENCE_CELL,
    ReviewTable,
    once_per_review,
    percent_widths,
    regional_review,
)


@pytest.mark.parametrize(
    ("widths", "percents"),
    [
        ([24, 48, 48], [20, 40, 40]),
        ([30, 28, 90], [20, 19, 61]),  # 20.27, 18.92, 60.81: the two largest remainders rounded up
        ([1000, 1], [99, 1]),
        ([1000, 1, 1, 1, 1, 1], [95, 1, 1, 1, 1, 1]),  # every column 1 % at least, taken from the widest
        ([0], [100]),
        ([], []),
    ],
)
def test_percent_widths_add_up_to_the_whole_table(widths, percents):
    assert percent_widths(widths) == percents


def test_a_table_without_enough_widths_counts_the_missing_ones_as_24_characters():
    table = ReviewTable("Title", ["A", "B", "C"], [], widths=[48])
    assert table.column_percents == [50, 25, 25]


def test_evidence_rows_shorten_long_texts_and_print_counts_as_text():
    long_text = "Sociālā uzņēmējdarbība " * 20  # 460 characters
    table = ReviewTable("Title", ["A", "B", "C"], [[long_text, 12, "īss"]], classes=[["", "risk-high", ""]])

    with translation.override("en"):
        [[(text, css), count, short]] = table.evidence_rows

    assert EVIDENCE_CELL == 240
    assert text == long_text[:239] + "…"
    assert css == ""
    assert count == ("12", "risk-high")
    assert short == ("īss", "")


def test_once_per_review_computes_anew_outside_a_review():
    calls = []
    assert once_per_review("key", lambda: calls.append(1) or len(calls)) == 1
    assert once_per_review("key", lambda: calls.append(1) or len(calls)) == 2


def test_a_matcher_ranks_a_text_once(monkeypatch):
    matcher = Matcher([])
    ranked = []
    monkeypatch.setattr(matcher, "ranked", lambda text: ranked.append(text) or [])
    assert matcher.suggest("Sociālo uzņēmumu skaits") is None
    assert matcher.suggest("Sociālo uzņēmumu skaits") is None
    assert matcher.suggest("Jaunu partnerību skaits") is None
    assert ranked == ["Sociālo uzņēmumu skaits", "Jaunu partnerību skaits"]


@pytest.mark.django_db
def test_the_review_reads_the_core_indicators_once_and_fixes_its_column_widths(seed_plans, monkeypatch):
    load_core_indicators()
    region = Region.objects.get(slug="zemgale")
    calls = []
    usage = indicator_evidence.core_indicator_usage

    def counted(*args, **kwargs):
        calls.append(1)
        return usage(*args, **kwargs)

    monkeypatch.setattr(indicator_evidence, "core_indicator_usage", counted)
    with translation.override("en"):
        review = regional_review(region, region_plans(region, published_only=False))
        html = document_html("worksheets/regional/review_pdf.html", {"review": review})

    titles = [table.title for section in review.sections for table in section.tables]
    assert "Core indicators in the plans" in titles
    assert len(calls) == 1  # read by both of indicators.evidence's tables (the region in figures: no values here)
    policy = next(t for s in review.sections for t in s.tables if t.title.startswith("Policy documents"))
    assert policy.widths == [26, 80, 40]
    assert policy.column_percents == [18, 55, 27]
    assert '<colgroup><col class="w18"><col class="w55"><col class="w27"></colgroup>' in html
    for percent in (18, 55, 27):
        assert f".evidence col.w{percent} {{ width: {percent}%; }}" in html
    assert "table-layout: fixed" in html
