"""The coordinator's vocabulary page in a real Chromium, on the six real Zemgale plans: she confirms a suggested group
of funding sources in bulk and marks a variant "not a plan entry", and the funding comparison then counts by her
decisions; axe-core finds nothing serious on any of these pages."""

import pytest
from django.utils.translation import ngettext, override
from playwright.sync_api import expect

from municipalities.models import Region
from tests.browser.conftest import log_in, restore_rows, serious_violations
from tests.factories import coordinator_of
from worksheets.models import VariantMapping, VocabularyField
from worksheets.regional.vocabulary import variant_key

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FUNDING = VocabularyField.FUNDING_SOURCES
CONFIRMED = ("%(count)d variant confirmed.", "%(count)d variants confirmed.")
EXCLUDED = ("%(count)d variant marked “not a plan entry”.", "%(count)d variants marked “not a plan entry”.")


def in_latvian(function, *args):
    """A message as the page shows it (the interface's default language)."""
    with override("lv"):
        return function(*args)


@pytest.fixture
def seeded(transactional_db, seed_plan_rows):
    restore_rows(seed_plan_rows)
    return Region.objects.get(slug="zemgale")


def comparison_row(page, label):
    return page.locator("table.cmp-table tbody tr").filter(has=page.get_by_role("rowheader", name=label, exact=True))


def test_coordinator_confirms_in_bulk_and_the_comparison_counts_it(live_server, page, seeded):
    region = seeded
    coordinator = coordinator_of(region, user__username="koordinatore")
    log_in(page.context, live_server, coordinator)
    comparison_url = f"{live_server.url}/plans/regions/{region.slug}/comparisons/funding/"

    page.goto(comparison_url)
    budget = comparison_row(page, "Pašvaldības budžets")
    expect(budget.locator("td.cmp-count")).to_contain_text("6")
    expect(budget.locator("td.cmp-count .cmp-note")).to_be_visible()  # two plans there by suggestion only
    expect(comparison_row(page, "ZPR")).to_have_count(1)
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/plans/regions/{region.slug}/vocabulary/?field={FUNDING}")
    expect(page.locator("a.nav-link[aria-current=page]")).to_have_attribute("href", f"?field={FUNDING}")
    assert serious_violations(page) == []

    # confirm the suggested group of the municipal budget's spellings, as suggested
    page.locator(f'input[name=groups][value="v-{variant_key("Pašvaldības budžets")}"]').check()
    page.locator("#id_action").select_option("confirm")
    page.locator("#main form button[type=submit]").click()
    expect(page.locator(".messages .alert-success")).to_have_text(in_latvian(ngettext, *CONFIRMED, 4) % {"count": 4})
    assert serious_violations(page) == []
    confirmed = VariantMapping.objects.filter(region=region, field=FUNDING, confirmed_by=coordinator)
    assert sorted(m.entry.text for m in confirmed) == ["Pašvaldības budžets"] * 4

    # mark "ZPR" (the planning region named as a source) "not a plan entry"
    page.locator(f'input[name=variants][value="{variant_key("ZPR")}"]').first.check()
    page.locator("#id_action").select_option("exclude")
    page.locator("#main form button[type=submit]").click()
    expect(page.locator(".messages .alert-success")).to_have_text(in_latvian(ngettext, *EXCLUDED, 1) % {"count": 1})
    expect(page.locator("section[aria-labelledby=excluded-heading] li")).to_have_text(["ZPR"])
    assert serious_violations(page) == []
    excluded = VariantMapping.objects.get(region=region, field=FUNDING, key=variant_key("ZPR"))
    assert (excluded.not_plan_entry, excluded.entry, excluded.confirmed_by) == (True, None, coordinator)

    page.goto(comparison_url)
    budget = comparison_row(page, "Pašvaldības budžets")
    expect(budget.locator("td.cmp-count")).to_have_text("6")  # six plans, none by suggestion only
    expect(comparison_row(page, "ZPR")).to_have_count(0)
    assert serious_violations(page) == []
