"""``make bench``'s scale section: the coordinator's and the public's regional pages on synthetic regions of 6, 60
and 100 municipalities (``worksheets.seed.synthetic``), SQL queries and median time per page, against the budgets.

Runs inside the benchmark's transaction, which is rolled back: the regions it generates are gone afterwards.

Budgets (issue 17): the queries of every page are the same at every size; at 100 municipalities the dashboard takes
under 300 ms and each comparison under 500 ms; the regional review PDF of 15 municipalities is made in under 15 s.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seimpact.lib.pdf import document_html

from .regional.comparisons import COMPARISONS, ComparisonFilter, chosen_plans, region_plans
from .regional.review import regional_review, review_pdf
from .seed.synthetic import generate_region

SIZES = (6, 60, 100)
DASHBOARD_MS = 300  # at the largest size
COMPARISON_MS = 500  # each comparison, at the largest size
REVIEW_PDF_MUNICIPALITIES = 15
REVIEW_PDF_SECONDS = 15


@dataclass
class Measure:
    """One page (or build) at one size: its SQL queries, the median of its timings in milliseconds, and the median
    processor time of this process (what the page costs without the machine's other load; with SQLite it includes
    the database's work, with PostgreSQL not)."""

    queries: int
    median_ms: float
    cpu_ms: float = 0.0


@dataclass
class PageRow:
    """A page type across the sizes, with its time budget at the largest size (``None``: queries only)."""

    name: str
    budget_ms: float | None = None
    by_size: dict[int, Measure] = field(default_factory=dict)

    def queries_constant(self) -> bool:
        return len({m.queries for m in self.by_size.values()}) == 1

    def verdict(self, largest: int) -> str:
        """ "ok", or what is missed: "queries grow", "over <budget> ms"."""
        missed = [] if self.queries_constant() else ["queries grow"]
        if self.budget_ms is not None and largest in self.by_size and self.by_size[largest].median_ms > self.budget_ms:
            missed.append(f"over {self.budget_ms:.0f} ms")
        return ", ".join(missed) or "ok"


def measure(call: Callable[[], object], runs: int) -> Measure:
    """Run ``call`` once to warm up, then ``runs`` times; the queries of the last run, the median time and the median
    processor time."""
    call()
    timings, cpu = [], []
    for _run in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            call()
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    return Measure(len(queries), statistics.median(timings) * 1000, statistics.median(cpu) * 1000)


def _get(client: Client, url: str) -> Callable[[], object]:
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return call


def _review_html(region) -> Callable[[], str]:
    def call():
        plans = chosen_plans(region_plans(region, published_only=False), ComparisonFilter())
        return document_html("worksheets/regional/review_pdf.html", {"review": regional_review(region, plans)})

    return call


def measure_scale(write: Callable[[str], None], *, sizes=SIZES, runs: int = 5, seed: int = 1) -> list[PageRow]:
    """Generate a synthetic region of each size in ``sizes``, measure every regional page on it and ``write`` the
    table (one line per page type); then the regional review PDF of ``REVIEW_PDF_MUNICIPALITIES`` municipalities of
    the largest region. Returns the rows measured (the PDF's as the last row, its time in ms)."""
    rows: dict[str, PageRow] = {}

    def row(name: str, budget_ms: float | None = None) -> PageRow:
        return rows.setdefault(name, PageRow(name, budget_ms))

    largest_region = None
    for size in sizes:
        started = time.perf_counter()
        generated = generate_region(municipalities=size, slug=f"bench-scale-{size}", seed=seed)
        write(
            f"  generated {size} municipalities: {generated.rows} rows, {generated.versions} versions in "
            f"{time.perf_counter() - started:.1f} s"
        )
        region = largest_region = generated.region
        coordinator = Client()
        coordinator.force_login(generated.coordinator)
        public = Client()
        pages = [("coordinator dashboard", reverse("worksheets:dashboard", args=[region.slug]), DASHBOARD_MS)]
        pages += [
            (
                f"comparison: {spec.key}",
                reverse("worksheets:region_comparison", args=[region.slug, spec.key]),
                COMPARISON_MS,
            )
            for spec in COMPARISONS
        ]
        for name, url, budget in pages:
            row(name, budget).by_size[size] = measure(_get(coordinator, url), runs)
        row("public: region").by_size[size] = measure(_get(public, reverse("public:region", args=[region.slug])), runs)
        public_comparison = reverse("public:comparison", args=[region.slug, "risks"])
        row("public: risk comparison", COMPARISON_MS).by_size[size] = measure(_get(public, public_comparison), runs)
        row("regional review (HTML built)").by_size[size] = measure(_review_html(region), max(1, runs // 2))

    largest = max(sizes)
    write("")
    write(
        f"Regional pages on synthetic regions (SQL queries, median ms of {runs} and, in brackets, the median processor "
        f"ms; budget: queries the same at every size, dashboard < {DASHBOARD_MS} ms and each comparison < "
        f"{COMPARISON_MS} ms at {largest}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} processors)"
    )
    header = f"  {'page':<30}" + "".join(f"{f'{size} municipalities':>26}" for size in sizes) + "   verdict"
    write(header)
    for page in rows.values():
        cells = "".join(
            f"{f'{m.queries} q {m.median_ms:6.0f} ms ({m.cpu_ms:.0f})':>26}"
            if (m := page.by_size.get(size))
            else f"{'—':>26}"
            for size in sizes
        )
        write(f"  {page.name:<30}{cells}   {page.verdict(largest)}")

    plans = region_plans(largest_region, published_only=False)[:REVIEW_PDF_MUNICIPALITIES]
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        pdf = review_pdf(regional_review(largest_region, plans))
        seconds = time.perf_counter() - started
    verdict = "ok" if seconds < REVIEW_PDF_SECONDS else f"over {REVIEW_PDF_SECONDS} s"
    write(
        f"  regional review PDF of {len(plans)} municipalities: {seconds:.1f} s, {len(queries)} queries, "
        f"{len(pdf) // 1024} KiB (budget {REVIEW_PDF_SECONDS} s)   {verdict}"
    )
    pdf_row = PageRow(f"regional review PDF ({len(plans)})", REVIEW_PDF_SECONDS * 1000)
    pdf_row.by_size[largest] = Measure(len(queries), seconds * 1000)
    return [*rows.values(), pdf_row]
