"""Print the performance budgets: SQL queries per page and worksheet save times.

Runs inside a transaction that is rolled back, so it leaves the database as it found it:

    python manage.py benchmark            # or: make bench
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from municipalities.models import Membership, Municipality, Region, Role
from worksheets import services
from worksheets.demo import fill_plan
from worksheets.registry import WORKSHEETS, get_worksheet


class Rollback(Exception):
    pass


def existing_rows(plan, table):
    rows = []
    for row in table.rows_of(plan):
        values = {"id": row.pk, "position": row.position}
        for column in table.bound_columns:
            value = getattr(row, column.field.attname)
            values[column.name] = "" if value is None else value
        rows.append(values)
    return rows


def post_data(plan, worksheet, tables):
    data = {"revision": services.worksheet_state(plan, worksheet.number).revision, "loaded_at": ""}
    for table in worksheet.tables:
        rows = tables.get(table.key) or existing_rows(plan, table)
        data[f"{table.key}-TOTAL_FORMS"] = len(rows)
        data[f"{table.key}-INITIAL_FORMS"] = len([r for r in rows if r.get("id")])
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{table.key}-{index}-{key}"] = value
    return data


class Command(BaseCommand):
    help = "Measure SQL queries per page (5 and 200 rows) and the save time of a 100-row worksheet."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=9, help="timed saves per measurement (median is printed)")

    @override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False)
    def handle(self, *args, runs, **options):
        try:
            with transaction.atomic():
                self.measure(runs)
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
                    data = post_data(plan, worksheet, {key: rows})
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
