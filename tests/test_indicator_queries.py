"""The indicator and follow-up pages run a fixed number of SQL queries, whatever the amount of data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.forms import value_base
from indicators.models import IndicatorValue
from municipalities.models import Membership, Role
from tests.factories import ActionPlanFactory, CoreIndicatorFactory, MunicipalityFactory
from tests.test_query_budget import WORKSHEET_BUDGET
from worksheets.editing import services
from worksheets.models import Activity, Indicator, PlanStatus
from worksheets.seed.demo import fill_plan

pytestmark = pytest.mark.django_db

BUDGET = 12


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def fill_values(region, municipalities, *, indicators: int, years: int):
    created = [CoreIndicatorFactory(region=region, unit=("count", "eur", "text")[i % 3]) for i in range(indicators)]
    for municipality in municipalities:
        ActionPlanFactory(municipality=municipality, period_start=2020, period_end=2030, status=PlanStatus.PUBLISHED)
        for indicator in created:
            for year in range(2020, 2020 + years):
                for half in (1, 2):
                    IndicatorValue.objects.create(
                        municipality=municipality,
                        indicator=indicator,
                        year=year,
                        half=half,
                        baseline="1",
                        target="10",
                        actual="5" if indicator.unit != "text" else "Labi",
                    )
                    IndicatorValue.objects.filter(municipality=municipality, indicator=indicator, year=year).update(
                        note="Piezīme"
                    )
    return created


def indicator_urls(region, municipality):
    return [
        reverse("indicators:municipality", args=[municipality.slug]),
        reverse("indicators:region", args=[region.slug]),
        reverse("indicators:region", args=[region.slug]) + "?period=2020-1",
        reverse("indicators:core_list", args=[region.slug]),
        reverse("indicators:municipality_download", args=[municipality.slug, "csv"]),
        reverse("indicators:region_download", args=[region.slug, "xlsx"]),
        reverse("indicators:history", args=[municipality.slug]),
        reverse("indicators:values_enter", args=[municipality.slug, 2020, 1]),
    ]


def test_indicator_pages_do_not_grow_with_municipalities_indicators_and_periods(
    client, zemgale, panevezys, aizkraukle, coordinator, django_assert_max_num_queries
):
    Membership.objects.create(user=coordinator, role=Role.EDITOR, municipality=aizkraukle)
    small_region, large_region = zemgale, panevezys
    fill_values(small_region, [aizkraukle], indicators=2, years=1)
    large_municipalities = [MunicipalityFactory(region=large_region) for _ in range(6)]
    Membership.objects.create(user=coordinator, role=Role.COORDINATOR, region=large_region)
    Membership.objects.create(user=coordinator, role=Role.EDITOR, municipality=large_municipalities[0])
    fill_values(large_region, large_municipalities, indicators=12, years=5)
    client.force_login(coordinator)
    for small_url, large_url in zip(
        indicator_urls(small_region, aizkraukle), indicator_urls(large_region, large_municipalities[0]), strict=True
    ):
        small, large = queries(client, small_url), queries(client, large_url)
        assert small == large, (small_url, small, large)
        assert large <= BUDGET, (large_url, large)
    client.logout()
    for url in indicator_urls(large_region, large_municipalities[0])[:6]:  # the public ones
        with django_assert_max_num_queries(BUDGET):
            assert client.get(url).status_code == 200


def test_saving_a_period_costs_the_same_for_few_or_many_unchanged_indicators(client, editor, aizkraukle, zemgale):
    indicators = [CoreIndicatorFactory(region=zemgale) for _ in range(12)]
    client.force_login(editor)
    url = reverse("indicators:values_enter", args=[aizkraukle.slug, 2026, 0])
    data = {}
    for indicator in indicators:
        prefix = f"indicator-{indicator.pk}"
        data.update({f"{prefix}-{n}": "" for n in ("baseline", "target", "actual", "source", "note")})
        data[f"{prefix}-base"] = value_base(indicator, None)
    data[f"indicator-{indicators[0].pk}-actual"] = "3"
    with CaptureQueriesContext(connection) as context:
        assert client.post(url, data).status_code == 302
    assert len(context.captured_queries) <= BUDGET + 6  # the insert and its history row, in a transaction


@pytest.mark.parametrize("rows", [5, 120])
def test_follow_up_pages_stay_within_budget(
    client, editor, coordinator, plan, zemgale, rows, django_assert_max_num_queries
):
    fill_plan(plan, rows=rows)
    plan.status = PlanStatus.APPROVED
    plan.save()
    Activity.objects.filter(plan=plan).update(due_date=datetime.date(2026, 1, 1), status="planned")
    client.force_login(editor)
    with django_assert_max_num_queries(BUDGET):
        client.get(reverse("followup:plan", args=[plan.pk]))
    client.force_login(coordinator)
    with django_assert_max_num_queries(BUDGET):
        client.get(reverse("followup:region", args=[zemgale.slug]))


def test_follow_up_queries_do_not_grow_with_plans_or_rows(
    client, coordinator, editor, plan, zemgale, aizkraukle, bauska
):
    plan.status = PlanStatus.APPROVED
    plan.save()
    fill_plan(plan, rows=3)
    client.force_login(coordinator)
    url = reverse("followup:region", args=[zemgale.slug])
    small = queries(client, url)
    for index, municipality in enumerate([bauska, *[MunicipalityFactory(region=zemgale) for _ in range(3)]]):
        other = services.plan_create(
            user=editor, municipality=municipality, period_start=2026, period_end=2027, title=f"P{index}"
        )
        fill_plan(other, rows=40)
        other.status = PlanStatus.PUBLISHED
        other.save()
    assert queries(client, url) == small


@pytest.mark.parametrize("rows", [5, 150])
def test_worksheet_8_with_core_indicators_stays_within_the_worksheet_budget(
    client, editor, plan, aizkraukle, zemgale, rows, django_assert_max_num_queries
):
    fill_plan(plan, rows=rows)
    core = [CoreIndicatorFactory(region=zemgale) for _ in range(8)]
    for index, row in enumerate(Indicator.objects.filter(plan=plan)):
        row.core_indicator = core[index % len(core)]
        row.save()
    for indicator in core:
        IndicatorValue.objects.create(municipality=aizkraukle, indicator=indicator, year=2026, actual="4")
    client.force_login(editor)
    for number in (7, 8, 11):
        with django_assert_max_num_queries(WORKSHEET_BUDGET):
            client.get(reverse("worksheets:worksheet", args=[plan.pk, number]))
