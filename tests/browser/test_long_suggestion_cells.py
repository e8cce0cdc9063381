"""A cell with suggestions holding a long text shows all of it on a municipal laptop (1366 × 768): Jelgavas novads'
592-character cooperation type is a textarea that grows to its text, without the page scrolling sideways; a save
of the page keeps the line breaks of such a cell; a short text keeps its one-line input with the suggestions."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, restore_rows
from tests.factories import editor_of
from worksheets.models import ActionPlan, Cooperation, PlanStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}


def seeded_draft(seed_plan_rows, slug: str) -> ActionPlan:
    restore_rows(seed_plan_rows)
    plan = ActionPlan.objects.get(municipality__slug=slug)
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    plan.refresh_from_db()
    return plan


def test_a_592_character_text_is_shown_whole_and_a_short_one_keeps_its_suggestions(live_server, page, seed_plan_rows):
    plan = seeded_draft(seed_plan_rows, "jelgavas-novads")
    rows = list(Cooperation.objects.filter(plan=plan).order_by("position"))
    assert len(rows[0].cooperation_type) == 592
    Cooperation.objects.filter(pk=rows[-1].pk).update(cooperation_type="Līgums")
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/plans/{plan.pk}/worksheets/2/")
    long_cell = page.locator("#id_cooperation-0-cooperation_type")
    expect(long_cell).to_have_js_property("tagName", "TEXTAREA")
    expect(long_cell).to_have_value(rows[0].cooperation_type)
    scroll_height, client_height = long_cell.evaluate("e => [e.scrollHeight, e.clientHeight]")
    assert scroll_height <= client_height + 2, f"{scroll_height - client_height} px of the text hidden"
    box = long_cell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    short_cell = page.locator(f"#id_cooperation-{len(rows) - 1}-cooperation_type")
    expect(short_cell).to_have_js_property("tagName", "INPUT")
    expect(short_cell).to_have_attribute("list", "suggest-cooperation-cooperation_type")
    expect(short_cell).to_have_value("Līgums")


def test_a_save_of_the_page_keeps_the_line_breaks_of_a_cell_with_suggestions(live_server, page, seed_plan_rows):
    plan = seeded_draft(seed_plan_rows, "jelgavas-valstspilseta")
    kept = dict(
        Cooperation.objects.filter(plan=plan, cooperation_type__contains="\n").values_list("pk", "cooperation_type")
    )
    assert len(kept) == 2
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/plans/{plan.pk}/worksheets/2/")
    other = Cooperation.objects.filter(plan=plan).exclude(pk__in=kept).order_by("position").first()
    page.locator(
        f"#row-cooperation-{other.pk} td.ws-col-organisation textarea, "
        f"#row-cooperation-{other.pk} td.ws-col-organisation input"
    ).fill("Zemgales NVO centrs")
    page.get_by_role("button", name="Saglabāt darba lapu").click()
    expect(page.get_by_text(re.compile("Saglabāts"))).to_be_visible()
    expect(page.locator(f"#row-cooperation-{other.pk} td.ws-col-organisation :is(textarea, input)")).to_have_value(
        "Zemgales NVO centrs"
    )
    assert Cooperation.objects.get(pk=other.pk).organisation == "Zemgales NVO centrs"
    assert dict(Cooperation.objects.filter(pk__in=kept).values_list("pk", "cooperation_type")) == kept
    for pk, text in kept.items():
        expect(page.locator(f"#row-cooperation-{pk} td.ws-col-cooperation_type textarea")).to_have_value(text)
