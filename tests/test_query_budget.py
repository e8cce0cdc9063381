"""Pages run a fixed number of SQL queries, whatever the number of rows."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MunicipalityFactory, RegionFactory, coordinator_of, editor_of
from worksheets.editing import services
from worksheets.registry import WORKSHEETS
from worksheets.seed.demo import fill_plan

pytestmark = pytest.mark.django_db

OVERVIEW_BUDGET = 30  # rows, checks (one for the empty worksheets, one for rows lacking a required column), review
# (status buttons, timeline, versions, comments)
WORKSHEET_BUDGET = 15


@pytest.fixture(scope="module")
def filled(django_db_setup, django_db_blocker) -> dict:
    """Aizkraukle's editor and Zemgale's coordinator (as the conftest's ``editor`` and ``coordinator``) and two
    draft plans the editor started, filled once per module: ``{"editor": User, "coordinator": User, 5: plan with 5
    more rows in every table (2026–2027), 200: plan with 200 more (2028–2029)}``. The pages only read them.

    Written inside a transaction rolled back when the module is done; each test's own changes are rolled back after
    it as usual."""
    with django_db_blocker.unblock(), transaction.atomic():
        zemgale = RegionFactory(name="Zemgales plānošanas reģions", slug="zemgale", country="LV")
        aizkraukle = MunicipalityFactory(name="Aizkraukles novads", slug="aizkraukles-novads", region=zemgale)
        editor = editor_of(aizkraukle, user__username="anna")
        world = {"editor": editor, "coordinator": coordinator_of(zemgale, user__username="zane")}
        for rows, start, title in ((5, 2026, "Rīcības plāns 2026–2027"), (200, 2028, "L")):
            plan = services.plan_create(
                user=editor, municipality=aizkraukle, period_start=start, period_end=start + 1, title=title
            )
            fill_plan(plan, rows=rows)
            world[rows] = plan
        with django_db_blocker.block():  # the tests get the database as they ask for it
            yield world
        transaction.set_rollback(True)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("rows", [5, 200])
def test_overview_stays_within_budget(client, filled, rows, django_assert_max_num_queries):
    client.force_login(filled["editor"])
    with django_assert_max_num_queries(OVERVIEW_BUDGET):
        client.get(filled[rows].get_absolute_url())


@pytest.mark.parametrize("rows", [5, 200])
@pytest.mark.parametrize("number", [w.number for w in WORKSHEETS])
def test_worksheet_page_stays_within_budget(client, filled, rows, number, django_assert_max_num_queries):
    client.force_login(filled["editor"])
    with django_assert_max_num_queries(WORKSHEET_BUDGET):
        client.get(reverse("worksheets:worksheet", args=[filled[rows].pk, number]))


def test_query_count_does_not_grow_with_rows(client, filled):
    small, large = filled[5], filled[200]
    for user in (filled["editor"], filled["coordinator"]):  # editing grid and read-only table
        client.force_login(user)
        assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url())
        for worksheet in WORKSHEETS:
            small_url = reverse("worksheets:worksheet", args=[small.pk, worksheet.number])
            large_url = reverse("worksheets:worksheet", args=[large.pk, worksheet.number])
            assert count_queries(client, small_url) == count_queries(client, large_url), worksheet.number
