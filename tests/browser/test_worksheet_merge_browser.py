"""Two officers in two real Chromium sessions: a stale page never reverts a colleague's edit, and a browser's
CRLF line breaks never make untouched rows "changed" (issue "No edit is ever lost or falsified", cases 1 and 2)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import editor_of
from worksheets.editing.history import worksheet_history
from worksheets.models import Risk
from worksheets.registry import get_worksheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile("Saglabāts")


def worksheet_url(live_server, plan, number):
    return f"{live_server.url}/plans/{plan.pk}/worksheets/{number}/"


def save(page):
    page.get_by_role("button", name="Saglabāt darba lapu").click()


def risk_cell(page, row, label):
    return page.locator("#rows-risks > tr").nth(row).get_by_label(label, exact=True)


def test_saving_a_stale_page_twice_keeps_the_colleagues_edit(live_server, browser, plan, editor, aizkraukle):
    colleague = editor_of(aizkraukle, user__username="liga", user__first_name="Līga", user__last_name="Ozola")
    first, second = browser.new_context(), browser.new_context()
    log_in(first, live_server, colleague)
    log_in(second, live_server, editor)
    page_1, page_2 = first.new_page(), second.new_page()
    for page in (page_1, page_2):
        page.goto(worksheet_url(live_server, plan, 10))
    risk_cell(page_1, 0, "Risku faktors").fill("Telpu īres maksa pieaug")
    save(page_1)
    expect(page_1.get_by_text(SAVED)).to_be_visible()
    risk_cell(page_2, 1, "Iespējamā ietekme").fill("Darbs apstājas uz mēnesi")
    save(page_2)
    expect(page_2.get_by_text(SAVED)).to_be_visible()
    expect(page_2.get_by_text(re.compile("izmaiņa, ko kolēģis pa to laiku veica"))).to_be_visible()
    # The page now shows both edits; going back to the old page and saving it again reverts nothing.
    expect(risk_cell(page_2, 0, "Risku faktors")).to_have_value("Telpu īres maksa pieaug")
    page_2.go_back()
    page_2.reload()
    save(page_2)
    expect(page_2.get_by_text(SAVED).or_(page_2.get_by_text("Viss ir saglabāts"))).to_be_visible()
    risks = list(Risk.objects.filter(plan=plan).order_by("position"))
    assert risks[0].factor == "Telpu īres maksa pieaug"
    assert risks[1].impact == "Darbs apstājas uz mēnesi"
    first.close()
    second.close()


def test_one_edit_in_the_browser_is_one_change_in_the_history(live_server, editor_page, plan):
    for risk in Risk.objects.filter(plan=plan):
        risk.preventive_measures = "Pirmā rinda\nOtrā rinda"
        risk.save()
    before = len(worksheet_history(plan, get_worksheet(10)))
    page = editor_page
    page.goto(worksheet_url(live_server, plan, 10))
    risk_cell(page, 2, "Iespējamā ietekme").fill("Jauna ietekme\nar otru rindu")
    page.locator("#rows-risks > tr").nth(4).get_by_label("Dzēst").check()
    save(page)
    expect(page.get_by_text("mainīta 1 rinda")).to_be_visible()
    expect(page.get_by_text("dzēsta 1 rinda")).to_be_visible()
    history = worksheet_history(plan, get_worksheet(10))
    assert len(history) == before + 2  # one change, one deletion; no row "changed" by its line breaks
    assert all("\r" not in r.preventive_measures + r.impact for r in Risk.objects.filter(plan=plan))
