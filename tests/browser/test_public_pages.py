"""The public portal and the comparisons in a real Chromium: keyboard alone, and axe-core finds nothing serious."""

import pytest
from playwright.sync_api import expect

from municipalities.models import Region
from tests.browser.conftest import log_in, restore_rows, serious_violations
from tests.conftest import database_independent
from tests.factories import coordinator_of
from worksheets.models import ActionPlan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # Pages that only read: their focus order and accessibility are the markup's; the same rows are restored on
    # either database, and reading these pages is checked on both (tests/test_public_portal.py and others).
    database_independent("focus order and axe-core of pages that only read, in the browser"),
]


@pytest.fixture
def seeded(transactional_db, seed_plan_rows):
    """The regions and the real Zemgale plans (published by the loader); the first plan."""
    restore_rows(seed_plan_rows)
    return ActionPlan.objects.filter(municipality__region__slug="zemgale").select_related("municipality").first()


NAVIGATION = ["#main", "/", "/public/", "/indicators/", "", ""]

FOCUSED = """() => {
  const e = document.activeElement;
  return {tag: e.tagName, href: e.getAttribute("href") || "", text: (e.innerText || "").trim()};
}"""


def tab_until(page, wanted, limit: int = 120) -> list[dict]:
    """Press Tab until the focused element satisfies ``wanted``; return everything focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if wanted(focused):
            return seen
    raise AssertionError(f"Tab never reached it; focused: {seen}")


def test_public_pages_work_by_keyboard(live_server, page, seeded):
    plan = seeded
    page.goto(f"{live_server.url}/public/")
    seen = tab_until(page, lambda f: f["href"] == "/public/zemgale/")
    # the skip link, the navigation (its links, then the language switcher), then the regions
    assert [f["href"] for f in seen] == NAVIGATION + ["/public/panevezys/", "/public/zemgale/"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/public/zemgale/")

    tab_until(page, lambda f: f["href"] == f"/public/plans/{plan.pk}/plan.pdf")
    tab_until(page, lambda f: f["href"] == f"/public/plans/{plan.pk}/plan.xlsx")
    page.goto(f"{live_server.url}/public/zemgale/")
    tab_until(page, lambda f: f["href"] == f"/public/plans/{plan.pk}/")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/public/plans/{plan.pk}/")

    seen = tab_until(page, lambda f: f["href"] == f"/public/plans/{plan.pk}/plan.xlsx")
    assert [f["href"] for f in seen] == NAVIGATION + [
        "/public/",  # the breadcrumb
        "/public/zemgale/",
        f"/public/plans/{plan.pk}/plan.pdf",
        f"/public/plans/{plan.pk}/plan.xlsx",
    ]
    tab_until(page, lambda f: f["href"] == "#ws-10")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/public/plans/{plan.pk}/#ws-10")

    # A heat-map cell opens from the keyboard to show the preventive measures.
    page.goto(f"{live_server.url}/public/zemgale/comparisons/risks/")
    tab_until(page, lambda f: f["tag"] == "SUMMARY")
    details = page.locator("details:has(summary:focus)")
    expect(details).not_to_have_attribute("open", "")
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    tab_until(page, lambda f: f["href"].startswith("/public/zemgale/comparisons/") and f["href"].endswith(".xlsx"), 400)


@pytest.mark.parametrize(
    "path",
    [
        "/public/",
        "/public/zemgale/",
        "/public/plans/{pk}/",
        "/public/zemgale/comparisons/risks/",
        "/public/zemgale/comparisons/target-groups/",
        "/public/zemgale/comparisons/funding/",
    ],
)
def test_public_page_types_have_no_serious_accessibility_violations(live_server, page, seeded, path):
    page.goto(live_server.url + path.format(pk=seeded.pk))
    expect(page.locator("h1")).to_be_visible()
    page.locator("details").evaluate_all("nodes => nodes.slice(0, 20).forEach(n => n.open = true)")
    assert serious_violations(page) == []


def test_coordinator_comparison_page_has_no_serious_accessibility_violations(live_server, page, seeded):
    coordinator = coordinator_of(Region.objects.get(slug="zemgale"), user__username="zane")
    log_in(page.context, live_server, coordinator)
    for path in ("/plans/regions/zemgale/comparisons/", "/plans/regions/zemgale/comparisons/risks/"):
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert serious_violations(page) == [], path
