"""The coordinator's working notes page in a real Chromium, on the six real Zemgale plans: she leaves a suggested note
out of the regional review, finds a word in the plans and leaves the cell it stands in out, and the review's PDF then
prints neither; axe-core finds nothing serious on the page at any step."""

import re
import subprocess

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from municipalities.models import Region
from tests.browser.conftest import log_in, restore_rows, serious_violations
from tests.factories import coordinator_of
from worksheets.models import ReviewExclusion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_latvian(text: str) -> str:
    """A text as the page shows it (the interface's default language)."""
    with override("lv"):
        return gettext(text)


@pytest.fixture
def seeded(transactional_db, seed_plan_rows):
    restore_rows(seed_plan_rows)
    return Region.objects.get(slug="zemgale")


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", result.stdout.decode())


def test_coordinator_leaves_a_suggested_note_and_a_found_cell_out_of_the_review(live_server, page, seeded):
    region = seeded
    log_in(page.context, live_server, coordinator_of(region, user__username="koordinatore"))
    review_url = f"{live_server.url}/plans/regions/{region.slug}/review.pdf"
    before = pdf_text(page.request.get(review_url).body())
    assert "??? Par cik???" in before
    assert "bezatlīdzības lietošanā" in before
    assert "Ikviens uzņēmējs ir tiesīgs" in before

    page.goto(f"{live_server.url}/plans/regions/{region.slug}/review/notes/")
    assert serious_violations(page) == []

    # the suggested note "??? Par cik???": left out with the row's button (htmx swaps the table in place)
    note = page.locator("#review-notes tbody tr").filter(has=page.locator("strong", has_text="??? Par cik???"))
    note.get_by_role("button", name=in_latvian("Leave out of the review")).click()
    expect(note.get_by_role("button", name=in_latvian("Put back into the review"))).to_be_visible()
    assert ReviewExclusion.objects.get().text == "??? Par cik???"
    assert serious_violations(page) == []

    # a word the app does not suggest, typed without its long vowels
    page.get_by_label(in_latvian("Text to find")).fill("bezatlidzibas")
    page.get_by_role("button", name=in_latvian("Find"), exact=True).click()
    found = page.locator("#found tbody tr")
    expect(found).to_have_count(1)
    expect(found.locator("mark")).to_have_text("bezatlīdzības")
    assert serious_violations(page) == []
    found.get_by_role("button", name=in_latvian("Leave out the whole cell")).click()
    expect(found.get_by_role("button", name=in_latvian("Put back into the review"))).to_have_count(1)
    assert page.get_by_label(in_latvian("Text to find")).input_value() == "bezatlidzibas"  # still on its search
    assert ReviewExclusion.objects.filter(table="documents", field="title", text="").count() == 1
    assert serious_violations(page) == []

    after = pdf_text(page.request.get(review_url).body())
    assert "Par cik" not in after
    assert "bezatlīdzības lietošanā" not in after
    assert "Ikviens uzņēmējs ir tiesīgs" not in after  # the whole cell
    assert "Realizēt grantu programmu" in after  # the rest of the task with the note
