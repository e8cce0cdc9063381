"""A regional review edition whose text holds a long unbroken word (a pasted address of 2,000 characters) fits the
window in a real Chromium: neither the public reading page nor the coordinator's edit page scrolls sideways, on a
laptop (1366×768) or a phone (390×844)."""

import pytest

from municipalities.models import Region
from tests.browser.conftest import log_in, restore_rows
from tests.conftest import database_independent
from tests.factories import coordinator_of
from worksheets.models import ActionPlan, PlanStatus, RegionalReviewEdition
from worksheets.regional.editions import edition_create, edition_issue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # How wide Chromium lays a page out is the style sheet's; issuing and reading editions is checked on both
    # databases (tests/test_review_editions.py, tests/test_review_edition_publication.py).
    database_independent("the page's width as Chromium lays it out"),
]

LONG_WORD = "https://example.lv/" + "a" * 1981  # 2,000 characters, no place to break
assert len(LONG_WORD) == 2000

VIEWPORTS = [(1366, 768), (390, 844)]


def edition_with_long_word(region, user, year: int) -> RegionalReviewEdition:
    edition = edition_create(region=region, year=year, title=f"Pārskats {year}", user=user)
    RegionalReviewEdition.objects.filter(pk=edition.pk).update(
        introduction=f"Ievads: {LONG_WORD} beigas.", conclusions=LONG_WORD
    )
    edition.refresh_from_db()
    return edition


@pytest.fixture
def seeded(transactional_db, seed_plan_rows):
    restore_rows(seed_plan_rows)
    region = Region.objects.get(slug="zemgale")
    ActionPlan.objects.filter(municipality__region=region).update(status=PlanStatus.APPROVED)
    return region


def overflow(page) -> tuple[int, int]:
    """(the document's scroll width, the window's inner width) in CSS px."""
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_long_word_does_not_widen_the_reading_or_edit_page(live_server, page, seeded, width, height):
    region = seeded
    coordinator = coordinator_of(region, user__username="koordinatore")
    issued = edition_issue(edition=edition_with_long_word(region, coordinator, 2026), user=coordinator)
    draft = edition_with_long_word(region, coordinator, 2027)
    page.set_viewport_size({"width": width, "height": height})

    page.goto(f"{live_server.url}/public/{region.slug}/reviews/{issued.pk}/")
    assert LONG_WORD in page.locator("#section-1").inner_text()
    scroll_width, inner_width = overflow(page)
    assert scroll_width <= inner_width, f"reading page {scroll_width} px wide in a {inner_width} px window"

    log_in(page.context, live_server, coordinator)
    for path in (f"{issued.pk}/", f"{draft.pk}/", f"{draft.pk}/edit/"):
        page.goto(f"{live_server.url}/plans/regions/{region.slug}/reviews/{path}")
        scroll_width, inner_width = overflow(page)
        assert scroll_width <= inner_width, f"{path}: {scroll_width} px wide in a {inner_width} px window"

    # The edit page's lists sit under their legends, as wide as them (not squeezed beside a floated legend).
    for name in ("recommendations", "findings", "sources"):
        legend = page.locator(f"#list-{name} legend").bounding_box()
        table = page.locator(f"#list-{name} .table-responsive").bounding_box()
        assert (table["x"], table["width"]) == (legend["x"], legend["width"])
        assert table["y"] > legend["y"]
