"""Indicators in a real Chromium: an editor enters a value and sees it on the chart; the pages pass axe-core."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from indicators.models import IndicatorValue
from tests.browser.conftest import log_in, serious_violations
from tests.factories import ActionPlanFactory, CoreIndicatorFactory, editor_of
from worksheets.models import PlanStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_english(page, live_server):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def chart_data(page, indicator) -> list:
    canvas = page.locator(f'canvas[data-chart="chart-{indicator.pk}"]')
    expect(canvas).to_be_visible()
    return canvas.evaluate("c => Chart.getChart(c).data.datasets.map(d => d.data)")


def test_editor_enters_a_value_and_sees_it_on_the_chart(live_server, page, editor, aizkraukle, zemgale):
    count = CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits", unit="count")
    CoreIndicatorFactory(region=zemgale, code="KV2", name="Izpratnes līmenis", unit="text", kind="qualitative")
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=count, year=2025, target="4", actual="3")
    log_in(page.context, live_server, editor)
    in_english(page, live_server)
    page.goto(f"{live_server.url}/indicators/municipalities/{aizkraukle.slug}/")
    assert chart_data(page, count) == [[3], [4]]
    assert serious_violations(page) == []

    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Part of the year").select_option(label="whole year")
    page.get_by_role("button", name="Enter the values of this period").click()
    expect(page.get_by_role("heading", name="Values of 2026: Aizkraukles novads")).to_be_visible()

    page.get_by_label("K1: Actual value").fill("seši")  # text in a count
    page.get_by_role("button", name="Save the values").click()
    expect(page.get_by_text("“seši” is not a number. Write digits only, e.g. 12.")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_label("K1: Target").fill("10")
    page.get_by_label("K1: Actual value").fill("6")
    page.get_by_label("KV2: Actual value").fill("Izpratne pieaug")
    page.get_by_role("button", name="Save the values").click()
    expect(page.get_by_text("Saved the values of 2026")).to_be_visible()
    assert chart_data(page, count) == [[3, 6], [4, 10]]
    table = page.locator(f"#table-chart-{count.pk}")
    expect(table.get_by_role("row", name="2026")).to_contain_text("6")
    assert page.get_by_text("Izpratne pieaug").is_visible()
    assert IndicatorValue.objects.get(indicator=count, year=2026).actual == "6"


def test_region_and_follow_up_pages_pass_axe(live_server, page, coordinator, aizkraukle, bauska, zemgale):
    indicator = CoreIndicatorFactory(region=zemgale, code="K5", name="Atbalsta apjoms", unit="eur")
    plan = ActionPlanFactory(municipality=aizkraukle, status=PlanStatus.PUBLISHED)
    for municipality, actual in ((aizkraukle, "1500"), (bauska, "900.50")):
        IndicatorValue.objects.create(
            municipality=municipality, indicator=indicator, year=2026, target="2000", actual=actual
        )
    log_in(page.context, live_server, coordinator)
    for path in (
        f"/indicators/regions/{zemgale.slug}/",
        f"/indicators/regions/{zemgale.slug}/core/",
        f"/indicators/regions/{zemgale.slug}/core/new/",
        f"/indicators/regions/{zemgale.slug}/follow-up/",
        f"/indicators/plans/{plan.pk}/follow-up/",
        f"/indicators/municipalities/{aizkraukle.slug}/history/",
        "/indicators/",
    ):
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert serious_violations(page) == [], path
    page.goto(f"{live_server.url}/indicators/regions/{zemgale.slug}/")
    assert chart_data(page, indicator) == [[1500, 900.5], [2000, 2000]]


def test_two_editors_on_one_period_conflict_and_the_second_uses_the_colleagues_value(
    live_server, page, browser, editor, aizkraukle, zemgale
):
    count = CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits", unit="count")
    eur = CoreIndicatorFactory(region=zemgale, code="K5", name="Atbalsta apjoms", unit="eur")
    colleague = editor_of(aizkraukle, user__username="maris", user__first_name="Māris", user__last_name="Kalniņš")
    url = f"{live_server.url}/indicators/municipalities/{aizkraukle.slug}/values/2026/0/"
    log_in(page.context, live_server, editor)
    in_english(page, live_server)
    page.goto(url)
    other = browser.new_context(locale="en-US")
    log_in(other, live_server, colleague)
    colleagues_page = other.new_page()
    in_english(colleagues_page, live_server)
    colleagues_page.goto(url)

    colleagues_page.get_by_label("K1: Actual value").fill("6")
    colleagues_page.get_by_label("K5: Actual value").fill("900")
    colleagues_page.get_by_role("button", name="Save the values").click()
    expect(colleagues_page.get_by_text("Saved the values of 2026: 2 saved, 0 removed.")).to_be_visible()
    other.close()

    page.get_by_label("K1: Actual value").fill("5")
    page.get_by_label("K1: Note").fill("Pirmā rinda\nOtrā rinda")
    page.get_by_role("button", name="Save the values").click()
    expect(
        page.get_by_role("heading", name="A colleague changed some of the same values while you were editing")
    ).to_be_visible()
    expect(page.get_by_text("Māris Kalniņš changed it")).to_be_visible()
    expect(page.get_by_label("K1: Actual value")).to_have_value("5")
    expect(page.get_by_label("K5: Actual value")).to_have_value("900")  # the colleague's, shown as it is now
    assert serious_violations(page) == []
    assert IndicatorValue.objects.get(indicator=count).note == ""

    page.get_by_role("button", name="Use colleague's value").click()
    expect(page.get_by_label("K1: Actual value")).to_have_value("6")
    page.get_by_role("button", name="Save the values").click()
    expect(page.get_by_text("Saved the values of 2026: 1 saved, 0 removed.")).to_be_visible()
    value = IndicatorValue.objects.get(indicator=count)
    assert (value.actual, value.note) == ("6", "Pirmā rinda\nOtrā rinda")
    assert IndicatorValue.objects.get(indicator=eur).actual == "900"
