"""The regional pages run as many SQL queries for a region of 15 municipalities as for one of 5 (synthetic regions,
``worksheets.seed.synthetic``: from five municipalities on, every stage of the review is among their plans, so both
sizes have the same kinds of plans, e.g. one compared as its published version): what lets ``make bench`` hold at
100."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from worksheets.bench_scale import Measure, PageRow, _review_html
from worksheets.regional.comparisons import COMPARISONS
from worksheets.seed.synthetic import generate_region

pytestmark = pytest.mark.django_db


def queries_per_page(size: int) -> dict[str, int]:
    """``{page: SQL queries}`` of every regional page on a new synthetic region of ``size`` municipalities (each
    page loaded once before it is counted, so a first visit's records do not count)."""
    generated = generate_region(municipalities=size, slug=f"scale-{size}", seed=5)
    slug = generated.region.slug
    coordinator, public = Client(), Client()
    coordinator.force_login(generated.coordinator)
    pages = {"dashboard": (coordinator, reverse("worksheets:dashboard", args=[slug]))}
    pages |= {
        f"comparison {spec.key}": (coordinator, reverse("worksheets:region_comparison", args=[slug, spec.key]))
        for spec in COMPARISONS
    }
    pages["comparisons index"] = (coordinator, reverse("worksheets:region_comparisons", args=[slug]))
    pages["public region"] = (public, reverse("public:region", args=[slug]))
    pages["public comparison"] = (public, reverse("public:comparison", args=[slug, "risks"]))
    counts = {}
    for name, (client, url) in pages.items():
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    build = _review_html(generated.region)
    build()
    with CaptureQueriesContext(connection) as queries:
        html = build()
    assert html.count("Sintētiskais novads") >= size
    counts["regional review"] = len(queries)
    return counts


def test_regional_pages_run_the_same_queries_for_5_and_15_municipalities():
    small, large = queries_per_page(5), queries_per_page(15)
    assert large == small


def test_page_row_verdict_names_growing_queries_and_missed_budgets():
    row = PageRow("dashboard", 300)
    row.by_size = {6: Measure(20, 40.0), 100: Measure(20, 120.0)}
    assert row.verdict(100) == "ok"
    row.by_size[100] = Measure(25, 320.0)
    assert row.verdict(100) == "queries grow, over 300 ms"
