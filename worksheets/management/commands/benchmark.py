"""Print the performance budgets: SQL queries per page, worksheet save times, export and import times, and the
coordinator's pages.

Runs inside a transaction that is rolled back, so it leaves the database as it found it:

    python manage.py benchmark            # or: make bench
"""

import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import BaseCommand, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from municipalities.models import Membership, Municipality, Region, Role
from seimpact.lib.excel import workbook_bytes
from seimpact.lib.pdf import PDF_OPTIONS

from ...bench_scale import SIZES as SCALE_SIZES
from ...bench_scale import measure_scale
from ...editing import services
from ...editing.page_data import existing_rows, post_data
from ...exports.excel import plan_workbook, region_workbook
from ...exports.excel_import import read_plan_workbook
from ...exports.pdf import plan_pdf, plan_pdf_html
from ...models import ActionPlan, PlanStatus
from ...regional.comparisons import COMPARISONS
from ...registry import ALL_TABLES, WORKSHEETS, get_worksheet
from ...seed.demo import fill_plan
from ...seed.plans import load_seed_plans

GRID_BUDGET = 0.250  # seconds: an editable worksheet page with 200 rows per table
SEED_GRID_BUDGET = 0.050  # seconds: the editable page of the largest worksheet of the six real plans


def verdict(seconds: float, budget: float) -> str:
    """The verdict on a time: "ok" within ``budget`` (both in seconds), else "over budget"."""
    return "ok" if seconds < budget else "over budget"


class Rollback(Exception):
    """Raised at the end of a run to roll back everything the benchmark created."""

    pass


class Command(BaseCommand):
    """Print the performance budgets (SQL queries per page, save, export and import times, the coordinator's and the
    public's pages) and leave the database as it was. Run by hand (``make bench``) after a change that may cost
    time."""

    help = "Measure SQL queries per page (5 and 200 rows) and the save time of a 100-row worksheet."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=9, help="timed saves per measurement (median is printed)")
        parser.add_argument("--export-runs", type=int, default=5, help="timed PDF/Excel exports (median is printed)")
        parser.add_argument(
            "--scale",
            default=",".join(str(size) for size in SCALE_SIZES),
            help="sizes of the synthetic regions the regional pages are measured on (default 6,60,100; '' skips)",
        )

    @override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False)
    def handle(self, *args, runs, export_runs, scale, **options):
        try:
            with transaction.atomic():
                if not Region.objects.filter(slug="zemgale").exists():
                    call_command("loaddata", "fixtures/regions.json", verbosity=0)  # before anything takes its ids
                self.measure(runs)
                self.measure_exports(export_runs)
                self.measure_seed_grid(runs)
                self.measure_region_pages()
                self.measure_scale(scale)
                raise Rollback
        except Rollback:
            pass

    def measure(self, runs):
        region = Region.objects.create(name="Benchmark", slug="benchmark-region", country="LV")
        municipality = Municipality.objects.create(region=region, name="Benchmark novads", slug="benchmark-novads")
        user = get_user_model().objects.create(username="benchmark-editor")
        Membership.objects.create(user=user, role=Role.EDITOR, municipality=municipality)
        client = Client()
        client.force_login(user)

        self.stdout.write("SQL queries per page (budget: the same for 5 and 200 rows per table)")
        self.stdout.write(f"  {'page':<34}{'5 rows':>8}{'200 rows':>10}")
        plans = {}
        for rows, period in ((5, 2030), (200, 2032)):
            plan = services.plan_create(
                user=user, municipality=municipality, period_start=period, period_end=period + 1, title="B"
            )
            fill_plan(plan, rows=rows)
            plans[rows] = plan
        pages = [("plan overview", lambda p: p.get_absolute_url())] + [
            (f"worksheet {w.number}", lambda p, n=w.number: reverse("worksheets:worksheet", args=[p.pk, n]))
            for w in WORKSHEETS
        ]
        for name, url_of in pages:
            counts, timings = [], []
            for rows in (5, 200):
                connection.queries_log.clear()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url_of(plans[rows]))
                    timings.append(time.perf_counter() - started)
                assert response.status_code == 200, (name, response.status_code)
                counts.append(len(queries))
            self.stdout.write(f"  {name:<34}{counts[0]:>8}{counts[1]:>10}   ({timings[1] * 1000:.0f} ms at 200 rows)")

        self.measure_grids(client, plans[200], runs)

        self.stdout.write("")
        self.stdout.write("Saving a worksheet of 100 rows (budget: one transaction, median under 300 ms)")
        plan = services.plan_create(user=user, municipality=municipality, period_start=2040, period_end=2041, title="S")
        fill_plan(plan, rows=100)
        for number, key, column in ((7, "activities", "description"), (10, "risks", "reactive_action")):
            worksheet = get_worksheet(number)
            url = reverse("worksheets:worksheet", args=[plan.pk, number])
            for label, change_every in (("every row changed", True), ("one row changed", False)):
                timings = []
                for run in range(runs):
                    rows = existing_rows(plan, worksheet.table(key))
                    for index, row in enumerate(rows):
                        if change_every or index == 0:
                            row[column] = f"Labots {run}. reizi: {row[column]}"[:500]
                    data = post_data(plan, number, {key: rows})
                    connection.queries_log.clear()
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.post(url, data)
                        timings.append(time.perf_counter() - started)
                    assert response.status_code == 302, response.status_code
                savepoints = len([q for q in queries if q["sql"].upper().startswith("SAVEPOINT")])
                self.stdout.write(
                    f"  worksheet {number}, 100 rows, {label:<18} median {statistics.median(timings) * 1000:6.0f} ms"
                    f"  (min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}; {len(queries)} queries,"
                    f" {savepoints} transaction block)"
                )

    def page_time(self, client, url: str, runs: int) -> tuple[float, float]:
        """The median server time of ``runs`` GETs of ``url`` and the median processor time they took (both in
        seconds; the second tells a busy machine from a slow page), after one unmeasured GET (warm caches)."""
        assert client.get(url).status_code == 200, url
        timings, processor = [], []
        for _run in range(runs):
            started, started_processor = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            processor.append(time.process_time() - started_processor)
            assert response.status_code == 200, url
        return statistics.median(timings), statistics.median(processor)

    def measure_grids(self, client, plan, runs):
        """The editable grid of every worksheet at 200 rows per table, against ``GRID_BUDGET``."""
        self.stdout.write("")
        self.stdout.write(
            f"Editable worksheet page, 200 rows per table (budget: median under {GRID_BUDGET * 1000:.0f} ms;"
            f" median of {runs} warm GETs; processor time in brackets)"
        )
        for worksheet in WORKSHEETS:
            url = reverse("worksheets:worksheet", args=[plan.pk, worksheet.number])
            seconds, processor = self.page_time(client, url, runs)
            self.stdout.write(
                f"  worksheet {worksheet.number:<24}{seconds * 1000:6.0f} ms  ({processor * 1000:.0f} ms)"
                f"   {verdict(seconds, GRID_BUDGET)}"
            )

    def measure_seed_grid(self, runs):
        """The editable grid of the largest worksheet of the six real plans (the most cells: rows × columns the
        grid shows), as its municipality's editor sees it while the plan is a draft, against
        ``SEED_GRID_BUDGET``."""
        load_seed_plans(Path(settings.BASE_DIR) / "fixtures" / "plans")
        plans = ActionPlan.objects.filter(created_by__username="importa-lietotajs").select_related("municipality")
        sizes = []
        for plan in plans:
            for worksheet in WORKSHEETS:
                counts = [(table.model.objects.filter(plan=plan).count(), table) for table in worksheet.tables]
                cells = sum(count * len(table.grid_columns) for count, table in counts)
                sizes.append((cells, sum(count for count, _table in counts), plan, worksheet))
        cells, rows, plan, worksheet = max(sizes, key=lambda item: (item[0], item[1]))
        ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)  # editable (rolled back at the end)
        user = get_user_model().objects.create(username="benchmark-seed-editor")
        Membership.objects.create(user=user, role=Role.EDITOR, municipality=plan.municipality)
        client = Client()
        client.force_login(user)
        url = reverse("worksheets:worksheet", args=[plan.pk, worksheet.number])
        seconds, processor = self.page_time(client, url, runs)
        self.stdout.write("")
        self.stdout.write(
            f"Editable worksheet page of the largest seed worksheet (budget: median under"
            f" {SEED_GRID_BUDGET * 1000:.0f} ms; median of {runs} warm GETs; processor time in brackets)"
        )
        self.stdout.write(
            f"  {plan.municipality}, worksheet {worksheet.number} ({rows} rows, {cells} cells)"
            f"  {seconds * 1000:6.0f} ms  ({processor * 1000:.0f} ms)   {verdict(seconds, SEED_GRID_BUDGET)}"
        )

    def timed(self, function, runs: int) -> tuple[float, object]:
        timings, result = [], None
        for _run in range(runs):
            started = time.perf_counter()
            result = function()
            timings.append(time.perf_counter() - started)
        return statistics.median(timings), result

    def largest_seed_plan(self):
        """The largest of the six real plans (loaded from fixtures/plans if the database lacks them)."""
        load_seed_plans(Path(settings.BASE_DIR) / "fixtures" / "plans")
        plans = ActionPlan.objects.filter(created_by__username="importa-lietotajs").select_related("municipality")

        def size(plan):
            return sum(table.model.objects.filter(plan=plan).count() for _w, table in ALL_TABLES)

        return max(((size(p), p) for p in plans), key=lambda item: item[0])

    def measure_exports(self, runs):
        rows, plan = self.largest_seed_plan()
        self.stdout.write("")
        self.stdout.write(f"Exports of the largest seed plan ({plan.municipality}, {rows} rows; median of {runs})")
        html = plan_pdf_html(plan)
        with tempfile.TemporaryDirectory() as directory:
            source = Path(directory) / "plan.html"
            source.write_text(html, encoding="utf-8")

            def engine_only():
                from weasyprint import HTML  # noqa: PLC0415  (half a second to import: only when measuring)

                return HTML(filename=str(source), base_url=str(settings.BASE_DIR)).write_pdf(**PDF_OPTIONS)

            engine_only()  # warm up: the first rendering loads fonts and the engine's caches
            ours, engine = [], []
            for _run in range(runs):  # alternate, so both see the same machine
                seconds, pdf = self.timed(lambda: plan_pdf(plan), 1)
                ours.append(seconds)
                engine.append(self.timed(engine_only, 1)[0])
        pdf_seconds, engine_seconds = statistics.median(ours), statistics.median(engine)
        overhead = (pdf_seconds / engine_seconds - 1) * 100
        self.stdout.write(
            f"  PDF of the plan                  {pdf_seconds:6.2f} s   (budget 5 s; {len(pdf) // 1024} KiB)"
        )
        self.stdout.write(
            f"  WeasyPrint alone, same HTML file {engine_seconds:6.2f} s   → ours adds {overhead:+.0f}% (budget +15%)"
        )
        xlsx_seconds, _book = self.timed(lambda: workbook_bytes(plan_workbook(plan)), runs)
        self.stdout.write(f"  Excel of the plan                {xlsx_seconds:6.2f} s   (budget 1 s)")
        region_plans = list(
            ActionPlan.objects.filter(municipality__region=plan.municipality.region).select_related(
                "municipality__region"
            )
        )
        region_seconds, _book = self.timed(lambda: workbook_bytes(region_workbook(region_plans)), runs)
        self.stdout.write(
            f"  Excel of the region ({len(region_plans)} plans)    {region_seconds:6.2f} s   (budget 3 s)"
        )

        big = ActionPlan.objects.create(
            municipality=plan.municipality, period_start=2050, period_end=2051, title="Imports"
        )
        fill_plan(big, rows=25)  # 12 tables × 25 = 300 rows
        content = workbook_bytes(plan_workbook(big))
        total = sum(t.model.objects.filter(plan=big).count() for _w, t in ALL_TABLES)
        preview_seconds, preview = self.timed(
            lambda: read_plan_workbook(big, SimpleUploadedFile("plans.xlsx", content)), runs
        )
        self.stdout.write(
            f"  Import preview of a {total}-row file {preview_seconds:6.2f} s   (budget 2 s; {preview.total} add/change/remove)"
        )

    def measure_region_pages(self):
        region = Region.objects.get(slug="zemgale")
        user = get_user_model().objects.create(username="benchmark-coordinator")
        Membership.objects.create(user=user, role=Role.COORDINATOR, region=region)
        client = Client()
        client.force_login(user)
        self.stdout.write("")
        self.stdout.write("The coordinator's and the public's pages on the six seed plans (SQL queries, median of 5)")
        published = ActionPlan.objects.filter(municipality__region=region, status="published").first()
        pages = [("dashboard", reverse("worksheets:dashboard", args=[region.slug]), client)]
        pages += [
            (f"comparison: {spec.key}", reverse("worksheets:region_comparison", args=[region.slug, spec.key]), client)
            for spec in COMPARISONS
        ]
        pages += [
            ("regional review PDF", reverse("worksheets:region_review_pdf", args=[region.slug]), client),
            ("regional review Excel", reverse("worksheets:region_review_xlsx", args=[region.slug]), client),
            ("indicators: region comparison", reverse("indicators:region", args=[region.slug]), client),
            ("overdue follow-up", reverse("followup:region", args=[region.slug]), client),
            ("public: region", reverse("public:region", args=[region.slug]), Client()),
            ("public: plan", reverse("public:plan", args=[published.pk]), Client()),
            ("public: risk comparison", reverse("public:comparison", args=[region.slug, "risks"]), Client()),
        ]
        for name, url, browser in pages:
            timings = []
            for _run in range(5):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = browser.get(url, follow=True)  # a prepared download leads to its file
                    timings.append(time.perf_counter() - started)
                assert response.status_code == 200, (name, response.status_code)
            self.stdout.write(f"  {name:<32} {len(queries):>4} queries {statistics.median(timings) * 1000:6.0f} ms")

    def measure_scale(self, sizes: str):
        """The regional pages on synthetic regions of the given sizes ("6,60,100"; ``worksheets.bench_scale``)."""
        numbers = [int(size) for size in sizes.split(",") if size.strip()]
        if numbers:
            self.stdout.write("")
            self.stdout.write(f"Scale: synthetic regions of {', '.join(map(str, numbers))} municipalities")
            measure_scale(self.stdout.write, sizes=numbers)
