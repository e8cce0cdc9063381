"""An officer writes a worksheet's notes and ws 9's own checklist items in a real Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_violations
from tests.browser.test_worksheet_editing import SAVED, add_row, save, worksheet_url
from worksheets.models import ChecklistItem, WorksheetNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ws9_own_item_item_note_and_worksheet_note_are_saved_together(live_server, editor_page, plan):
    page = editor_page
    page.goto(worksheet_url(live_server, plan, 9))
    row = add_row(page, "+ Pievienot kontrolsaraksta punktu", "checklist")
    row.get_by_label("Kontrolsaraksta punkts").fill("Ir izveidota ekosistēmas darba grupa")
    row.get_by_label("Izpildīts").check()
    page.get_by_label("Piezīme par memorandiem vai līgumiem").fill("(plānoti 2026. gadā)")
    page.locator("#id_note-text").fill("Pagastos atšķiras vietējie komunikācijas kanāli.")
    assert serious_violations(page) == []
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert list(ChecklistItem.objects.filter(plan=plan).values_list("text", "done")) == [
        ("Ir izveidota ekosistēmas darba grupa", True)
    ]
    assert WorksheetNote.objects.get(plan=plan, number=9).text == "Pagastos atšķiras vietējie komunikācijas kanāli."
    plan.refresh_from_db()
    assert plan.agreements_signed_note == "(plānoti 2026. gadā)"
    expect(page.locator("#id_note-text")).to_have_value("Pagastos atšķiras vietējie komunikācijas kanāli.")
