"""Core indicators in a real Chromium: an editor confirms the suggested link of an indicator of their plan, reached
from the plan's page; the region's coordinator confirms the other plans' suggestions in bulk, then imports a file of
values with a preview and applies it. axe-core finds nothing serious on any of these pages."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from indicators.models import CoreIndicatorLink, IndicatorValue
from tests.browser.conftest import log_in, serious_violations
from tests.factories import ActionPlanFactory, CoreIndicatorFactory, IndicatorFactory
from worksheets.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VALUES_CSV = (
    "Municipality;Core indicator code;Year;Part of the year;Baseline;Target;Actual value;Source\n"
    "Aizkraukles novads;K1;2026;;1;4;5;LM reģistrs\n"
    "bauskas-novads;K2;2026;;;;3;\n"
)


def in_english(page, live_server):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


@pytest.fixture
def core(zemgale):
    k1 = CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits pašvaldības teritorijā")
    k2 = CoreIndicatorFactory(
        region=zemgale, code="K2", name="Jaunu partnerību skaits starp sociālajiem uzņēmumiem, NVO un pašvaldību"
    )
    return k1, k2


def test_editor_confirms_then_the_coordinator_confirms_in_bulk_and_imports_values(
    live_server, browser, editor, coordinator, plan, bauska, core
):
    k1, k2 = core
    own = IndicatorFactory(plan=plan, indicator="Sociālo uzņēmumu skaits (pirms un pēc)")
    bauska_plan = ActionPlanFactory(municipality=bauska)
    counted = IndicatorFactory(plan=bauska_plan, indicator="Sociālo uzņēmumu skaits pašvaldībā")
    partnerships = IndicatorFactory(plan=bauska_plan, indicator="Jaunu partnerību skaits starp SU, NVO un pašvaldību")

    # the editor: from the plan's page to its links page, confirms K1
    editors = browser.new_context()
    log_in(editors, live_server, editor)
    page = editors.new_page()
    in_english(page, live_server)
    page.goto(live_server.url + reverse("worksheets:plan", args=[plan.pk]))
    page.get_by_role("link", name="Links to core indicators").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indicators linked to core indicators")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Confirm K1").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Links confirmed: 1")
    expect(page.get_by_text("linked", exact=True)).to_be_visible()
    assert serious_violations(page) == []
    own.refresh_from_db()
    assert own.core_indicator == k1
    assert CoreIndicatorLink.objects.get(plan_indicator=own).decided_as == "editor"
    editors.close()

    # the coordinator: from the region's indicators page, both suggestions of Bauska's plan in one go
    coordinators = browser.new_context()
    log_in(coordinators, live_server, coordinator)
    page = coordinators.new_page()
    in_english(page, live_server)
    page.goto(live_server.url + reverse("indicators:region", args=["zemgale"]))
    page.get_by_role("link", name="Links to core indicators").click()
    expect(page.locator("input[name=link]")).to_have_count(2)
    assert serious_violations(page) == []
    page.get_by_label("Sociālo uzņēmumu skaits pašvaldībā").check()
    page.get_by_label("Jaunu partnerību skaits starp SU, NVO un pašvaldību").check()
    page.get_by_role("button", name="Confirm the chosen links").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Links confirmed: 2")
    expect(page.get_by_text("No suggestion is waiting.")).to_be_visible()
    assert serious_violations(page) == []
    linked = dict(Indicator.objects.filter(plan=bauska_plan).values_list("pk", "core_indicator"))
    assert linked == {counted.pk: k1.pk, partnerships.pk: k2.pk}
    assert set(CoreIndicatorLink.objects.filter(decided_by=coordinator).values_list("decided_as", flat=True)) == {
        "coordinator"
    }

    # the coordinator imports values: the preview, then the import
    page.goto(live_server.url + reverse("indicators:region", args=["zemgale"]))
    page.get_by_role("link", name="Import values").click()
    assert serious_violations(page) == []
    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(
        files=[{"name": "values.csv", "mimeType": "text/csv", "buffer": VALUES_CSV.encode()}]
    )
    page.get_by_role("button", name="Show the preview").click()
    expect(page.get_by_text("New values: 2; changed: 0; unchanged: 0.")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(2)
    assert serious_violations(page) == []
    assert not IndicatorValue.objects.exists()  # the preview wrote nothing
    page.get_by_role("button", name="Import these values").click()
    expect(page.locator(".messages .alert-success")).to_have_text("Imported 2 values.")
    assert serious_violations(page) == []
    stored = {
        (v.municipality.slug, v.indicator.code, v.year): (v.baseline, v.target, v.actual, v.source)
        for v in IndicatorValue.objects.select_related("municipality", "indicator")
    }
    assert stored == {
        ("aizkraukles-novads", "K1", 2026): ("1", "4", "5", "LM reģistrs"),
        ("bauskas-novads", "K2", 2026): ("", "", "3", ""),
    }
    coordinators.close()
