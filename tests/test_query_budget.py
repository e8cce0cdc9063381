"""Pages run a fixed number of SQL queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from worksheets.editing import services
from worksheets.registry import WORKSHEETS
from worksheets.seed.demo import fill_plan

pytestmark = pytest.mark.django_db

OVERVIEW_BUDGET = 30  # rows, checks (one for the empty worksheets, one for rows lacking a required column), review
# (status buttons, timeline, versions, comments)
WORKSHEET_BUDGET = 15


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("rows", [5, 200])
def test_overview_stays_within_budget(client, editor, plan, rows, django_assert_max_num_queries):
    fill_plan(plan, rows=rows)
    client.force_login(editor)
    with django_assert_max_num_queries(OVERVIEW_BUDGET):
        client.get(plan.get_absolute_url())


@pytest.mark.parametrize("rows", [5, 200])
@pytest.mark.parametrize("number", [w.number for w in WORKSHEETS])
def test_worksheet_page_stays_within_budget(client, editor, plan, rows, number, django_assert_max_num_queries):
    fill_plan(plan, rows=rows)
    client.force_login(editor)
    with django_assert_max_num_queries(WORKSHEET_BUDGET):
        client.get(reverse("worksheets:worksheet", args=[plan.pk, number]))


def test_query_count_does_not_grow_with_rows(client, editor, coordinator, plan, aizkraukle):
    small = plan
    large = services.plan_create(user=editor, municipality=aizkraukle, period_start=2028, period_end=2029, title="L")
    fill_plan(small, rows=5)
    fill_plan(large, rows=200)
    for user in (editor, coordinator):  # editing grid and read-only table
        client.force_login(user)
        assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url())
        for worksheet in WORKSHEETS:
            small_url = reverse("worksheets:worksheet", args=[small.pk, worksheet.number])
            large_url = reverse("worksheets:worksheet", args=[large.pk, worksheet.number])
            assert count_queries(client, small_url) == count_queries(client, large_url), worksheet.number
