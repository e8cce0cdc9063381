"""The worksheet saves itself (``static/js/autosave.js``): a cell the officer leaves is stored without pressing Save,
new rows are never added twice, two officers autosaving one worksheet keep each other's changes, and a dropped
network loses nothing."""

import datetime
import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import editor_of
from worksheets.editing.page_data import existing_rows, post_data
from worksheets.editing.services import worksheet_state
from worksheets.models import MonitoringActivity, Risk
from worksheets.registry import get_worksheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1366, "height": 768}


def shown(message: str) -> str:
    with translation.override("lv"):
        return _(message)


# A {% translate %} text with a % sign is looked up with it doubled (Django's translate tag), then shown single.
SAVED_TEXT = shown("Saved %%(time)s").replace("%%", "%")
SAVED = re.compile(re.escape(SAVED_TEXT).replace(re.escape("%(time)s"), r"\d\d:\d\d"))
RETRYING = shown("Not saved — retrying")


def worksheet_url(live_server, plan, number=10):
    return f"{live_server.url}/plans/{plan.pk}/worksheets/{number}/"


def open_worksheet(context, live_server, user, plan):
    log_in(context, live_server, user)
    page = context.new_page()
    page.set_viewport_size(VIEWPORT)
    page.goto(worksheet_url(live_server, plan))
    return page


def status(page):
    return page.locator("[data-autosave-status]")


def cell(page, row: int, name: str):
    return page.locator("#rows-risks > tr").nth(row).locator(f'[name$="-{name}"]')


def kept_copies(page) -> list:
    """The typed text kept in the browser's storage for later (``keep-typed.js``), as stored."""
    return page.evaluate(
        "Object.keys(localStorage).filter(key => key.startsWith('seimpact:typed:')).map(key => localStorage[key])"
    )


def risks(plan):
    return list(Risk.objects.filter(plan=plan).order_by("position", "id"))


def test_a_cell_left_is_saved_without_pressing_save_and_is_there_after_a_reload(live_server, browser, plan, editor):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    cell(page, 0, "factor").fill("Telpu īres maksa pieaug")
    cell(page, 0, "factor").press("Tab")

    expect(status(page)).to_have_text(SAVED)
    assert risks(plan)[0].factor == "Telpu īres maksa pieaug"
    expect(page.locator("[data-dirty-note]")).to_be_hidden()
    assert kept_copies(page) == []  # confirmed by the server: no copy left in the browser
    page.reload()
    expect(cell(page, 0, "factor")).to_have_value("Telpu īres maksa pieaug")
    context.close()


def test_a_new_row_autosaved_then_saved_with_the_button_is_added_once(live_server, browser, plan, editor):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    count = len(risks(plan))
    page.locator('[data-add-row="risks"]').click()
    expect(page.locator("#rows-risks > tr")).to_have_count(count + 1)
    cell(page, count, "factor").fill("Partneri atsakās no sadarbības")
    cell(page, count, "factor").press("Tab")
    expect(status(page)).to_have_text(SAVED)
    assert len(risks(plan)) == count + 1
    added = risks(plan)[-1]
    expect(cell(page, count, "id")).to_have_value(str(added.pk))

    cell(page, 1, "impact").fill("Darbs apstājas uz mēnesi")
    page.get_by_role("button", name=shown("Save the worksheet")).click()
    expect(page.locator(".messages .alert-success")).to_be_visible()

    rows = risks(plan)
    assert len(rows) == count + 1
    assert [row.factor for row in rows].count("Partneri atsakās no sadarbības") == 1
    assert rows[1].impact == "Darbs apstājas uz mēnesi"
    context.close()


def test_two_officers_autosaving_different_cells_keep_both(live_server, browser, plan, editor, aizkraukle):
    colleague = editor_of(aizkraukle, user__username="liga", user__first_name="Līga", user__last_name="Ozola")
    first, second = browser.new_context(), browser.new_context()
    page_1 = open_worksheet(first, live_server, colleague, plan)
    page_2 = open_worksheet(second, live_server, editor, plan)

    cell(page_1, 0, "factor").fill("Līgas faktors")
    cell(page_1, 0, "factor").press("Tab")
    expect(status(page_1)).to_have_text(SAVED)
    cell(page_2, 1, "impact").fill("Annas ietekme")
    cell(page_2, 1, "impact").press("Tab")
    expect(status(page_2)).to_have_text(SAVED)
    expect(cell(page_2, 0, "factor")).to_have_value("Līgas faktors")  # the colleague's change, shown at once

    # The first page, loaded before, changes a third cell: its stale value of the second cell is not written.
    revision = worksheet_state(plan, 10).revision
    cell(page_1, 2, "factor").fill("Vēl viens Līgas labojums")
    cell(page_1, 2, "factor").press("Tab")
    expect(page_1.locator("[name='revision']")).to_have_value(str(revision + 1))
    expect(cell(page_1, 1, "impact")).to_have_value("Annas ietekme")
    expect(status(page_1)).to_have_text(SAVED)

    rows = risks(plan)
    assert (rows[0].factor, rows[1].impact, rows[2].factor) == (
        "Līgas faktors",
        "Annas ietekme",
        "Vēl viens Līgas labojums",
    )
    for page in (page_1, page_2):
        page.reload()
        expect(cell(page, 0, "factor")).to_have_value("Līgas faktors")
        expect(cell(page, 1, "impact")).to_have_value("Annas ietekme")
        expect(cell(page, 2, "factor")).to_have_value("Vēl viens Līgas labojums")
    first.close()
    second.close()


def test_a_dropped_network_shows_retrying_and_saves_when_it_is_back(live_server, browser, plan, editor):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    before = risks(plan)[0].factor
    context.set_offline(True)
    cell(page, 0, "factor").fill("Rakstīts bez tīkla")
    cell(page, 0, "factor").press("Tab")

    expect(status(page)).to_have_text(RETRYING)
    announced = page.locator("[data-autosave-announce]")  # what screen readers hear
    expect(announced).to_have_text(RETRYING)
    assert risks(plan)[0].factor == before
    context.set_offline(False)
    expect(status(page)).to_have_text(SAVED)
    expect(announced).to_have_text(SAVED)  # back to normal: heard once
    assert risks(plan)[0].factor == "Rakstīts bez tīkla"
    # A later save while all is well is shown, not announced: count what the live region says meanwhile.
    page.evaluate(
        """() => {
          const heard = document.querySelector("[data-autosave-announce]");
          const status = document.querySelector("[data-autosave-status]");
          window.heardTimes = 0;
          window.savedTimes = 0;
          new MutationObserver(() => window.heardTimes++).observe(heard, {childList: true, characterData: true});
          new MutationObserver(() => { if (status.dataset.state === "saved") window.savedTimes++; })
            .observe(status, {childList: true});
        }"""
    )
    cell(page, 0, "factor").fill("Vēlreiz")
    cell(page, 0, "factor").press("Tab")
    page.wait_for_function("() => window.savedTimes > 0")
    assert risks(plan)[0].factor == "Vēlreiz"
    assert page.evaluate("window.heardTimes") == 0
    context.close()


def test_text_the_server_never_got_survives_closing_the_tab(live_server, browser, plan, editor):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    before = risks(plan)[0].factor
    context.route("**/autosave/", lambda route: route.abort("internetdisconnected"))
    cell(page, 0, "factor").fill("Rakstīts, bet nenosūtīts")
    cell(page, 0, "factor").press("Tab")
    expect(status(page)).to_have_text(RETRYING)
    assert "Rakstīts, bet nenosūtīts" in kept_copies(page)[0]
    # Notes longer than a request the browser sends after the page is gone may carry (64 KB): closing the tab
    # cannot send them, the browser's copy keeps them.
    page.locator("[name='note-text']").fill("āīēūčšž " * 3500)  # 28,000 characters, 150 KB as posted
    page.close(run_before_unload=False)

    page = context.new_page()  # a new tab, the network to the server still down for saves
    page.goto(worksheet_url(live_server, plan))
    expect(cell(page, 0, "factor")).to_have_value(before)
    banner = page.locator("[data-keep-typed-banner]")
    expect(banner).to_be_visible()
    context.unroute("**/autosave/")
    banner.locator("[data-keep-typed-restore]").click()
    expect(cell(page, 0, "factor")).to_have_value("Rakstīts, bet nenosūtīts")
    expect(status(page)).to_have_text(SAVED)
    assert risks(plan)[0].factor == "Rakstīts, bet nenosūtīts"
    context.close()


def test_a_deleted_row_leaves_the_grid_and_the_rows_after_it_are_saved_and_moved_as_usual(
    live_server, browser, plan, editor
):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    rows = risks(plan)
    deleted, kept = rows[1], rows[2]
    page.locator(f"#row-risks-{deleted.pk}").get_by_label(shown("Delete"), exact=True).check()
    expect(page.locator(f"#row-risks-{deleted.pk}")).to_have_count(0)
    expect(status(page)).to_have_text(SAVED)
    assert not Risk.objects.filter(pk=deleted.pk).exists()
    # The forms were numbered again (saved rows first, no gap): the row after it is now form 1.
    expect(page.locator(f"#row-risks-{kept.pk}")).to_have_attribute("data-form-index", "1")
    expect(page.locator(f"#row-risks-{kept.pk} [name='risks-1-id']")).to_have_value(str(kept.pk))
    expect(page.locator("[name='risks-INITIAL_FORMS']")).to_have_value(str(len(rows) - 1))

    revision = worksheet_state(plan, 10).revision
    page.locator(f"#row-risks-{kept.pk} [name='risks-1-impact']").fill("Ietekme pēc dzēšanas")
    page.locator(f"#row-risks-{kept.pk}").locator("[data-move='up']").click()
    expect(page.locator("[name='revision']")).to_have_value(str(revision + 1))  # one save took both
    expect(status(page)).to_have_text(SAVED)
    now = risks(plan)
    assert now[0].pk == kept.pk and now[0].impact == "Ietekme pēc dzēšanas"
    page.get_by_role("button", name=shown("Save the worksheet")).click()
    expect(page.locator(".messages .alert-success")).to_be_visible()
    assert [row.pk for row in risks(plan)] == [row.pk for row in now]  # no conflict, nothing moved back
    context.close()


def test_a_required_cell_emptied_is_marked_and_not_saved(live_server, browser, plan, editor):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    before = risks(plan)[0].factor
    cell(page, 0, "factor").fill("")
    cell(page, 0, "factor").press("Tab")
    expect(status(page)).to_contain_text(shown("Not saved: correct the marked fields"))
    expect(cell(page, 0, "factor")).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_risks-0-factor_errors")).to_be_visible()
    assert risks(plan)[0].factor == before
    cell(page, 1, "factor").focus()
    status(page).get_by_role("button", name=shown("Go to the field")).click()  # the bar leads to the field
    expect(cell(page, 0, "factor")).to_be_focused()
    cell(page, 0, "factor").fill("Atkal aizpildīts")
    cell(page, 0, "factor").press("Tab")
    expect(status(page)).to_have_text(SAVED)
    expect(cell(page, 0, "factor")).not_to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_risks-0-factor_errors")).to_have_count(0)
    assert risks(plan)[0].factor == "Atkal aizpildīts"
    context.close()


def test_an_ended_session_keeps_the_text_and_leads_to_the_login_page_and_back(live_server, browser, plan, editor):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    before = risks(plan)[0].factor
    context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    cell(page, 0, "factor").fill("Rakstīts pēc sesijas beigām")
    cell(page, 0, "factor").press("Tab")
    expect(status(page)).to_contain_text(
        shown("Not saved: your session has ended. Log in again; what you typed is kept in this browser.")
    )
    assert risks(plan)[0].factor == before
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    status(page).get_by_role("link").click()

    page.get_by_label("Lietotājvārds").fill(editor.username)
    page.get_by_label("Parole").fill("parole-123")
    page.get_by_role("button", name="Pieteikties").click()
    expect(page).to_have_url(worksheet_url(live_server, plan))
    assert dialogs == []  # no "leave the page?" question on the way: the text is kept
    banner = page.locator("[data-keep-typed-banner]")
    expect(banner).to_be_visible()
    banner.locator("[data-keep-typed-restore]").click()
    expect(status(page)).to_have_text(SAVED)
    assert risks(plan)[0].factor == "Rakstīts pēc sesijas beigām"
    context.close()


def test_an_unfinished_new_row_does_not_block_saving_the_rest_and_the_bar_leads_to_it(
    live_server, browser, plan, editor
):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    count = len(risks(plan))
    page.locator('[data-add-row="risks"]').click()
    expect(page.locator("#rows-risks > tr")).to_have_count(count + 1)
    cell(page, count, "impact").fill("Projekts kavējas")  # its factor (required) not yet typed
    with translation.override("lv"):
        note = ngettext(
            "%(count)s new row is not saved yet: fill in its required fields.",
            "%(count)s new rows are not saved yet: fill in their required fields.",
            1,
        ) % {"count": 1}
    expect(status(page)).to_contain_text(note)
    # Still being filled: not marked while the officer is in it.
    expect(cell(page, count, "factor")).not_to_have_class(re.compile("is-invalid"))

    revision = page.locator("[name='revision']").input_value()
    cell(page, 0, "factor").fill("Citā rindā, saglabāts")
    cell(page, 0, "factor").press("Tab")
    expect(cell(page, count, "factor")).to_have_class(re.compile("is-invalid"))  # left: now marked
    expect(page.locator("[name='revision']")).not_to_have_value(revision)
    expect(status(page)).to_contain_text(note)
    assert risks(plan)[0].factor == "Citā rindā, saglabāts"
    assert len(risks(plan)) == count
    expect(cell(page, count, "id")).to_have_value("")

    status(page).get_by_role("button", name=shown("Go to the field")).click()
    expect(cell(page, count, "factor")).to_be_focused()
    cell(page, count, "factor").fill("Partneris aiziet")
    cell(page, count, "factor").press("Tab")
    expect(cell(page, count, "id")).not_to_have_value("")
    expect(status(page)).not_to_contain_text(note)
    assert len(risks(plan)) == count + 1 and risks(plan)[-1].factor == "Partneris aiziet"
    expect(cell(page, count, "factor")).not_to_have_class(re.compile("is-invalid"))
    context.close()


def test_an_unfinished_date_keeps_its_saved_value_and_holds_up_nothing_and_a_cleared_one_is_saved(
    live_server, browser, plan, editor
):
    due = datetime.date(2026, 6, 30)
    MonitoringActivity.objects.filter(plan=plan).update(due_date=due)
    context = browser.new_context()
    log_in(context, live_server, editor)
    page = context.new_page()
    page.set_viewport_size(VIEWPORT)
    page.goto(worksheet_url(live_server, plan, 11))
    date = page.locator("[name='monitoring-0-due_date']")
    date.click()
    date.press("Backspace")  # one part of the date deleted
    assert date.evaluate("input => input.validity.badInput")
    expect(date).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_monitoring-0-due_date_errors")).to_have_text(
        shown("Enter a whole date, or clear the field.")
    )
    # Another cell changed meanwhile is saved; the date is sent as it was saved, so it is not erased.
    responsible = page.locator("[name='monitoring-0-responsible']")
    responsible.fill("Attīstības nodaļa")
    responsible.press("Tab")
    for _attempt in range(100):  # the save the cell's change sends (the date's own change may have saved first)
        first = MonitoringActivity.objects.filter(plan=plan).order_by("position")[0]
        if first.responsible == "Attīstības nodaļa":
            break
        page.wait_for_timeout(100)
    assert (first.responsible, first.due_date) == ("Attīstības nodaļa", due)
    expect(status(page)).to_contain_text(SAVED)
    expect(date).to_have_class(re.compile("is-invalid"))  # still marked until it is completed or cleared
    # The browser's copy keeps nothing of the half date: restoring it after a reload cannot erase the date.
    assert not any("due_date" in copy for copy in kept_copies(page))
    page.get_by_role("button", name=shown("Save the worksheet")).focus()
    page.get_by_role("button", name=shown("Save the worksheet")).click()
    expect(date).to_be_focused()  # the Save button leads to the field instead of posting ""
    assert MonitoringActivity.objects.filter(plan=plan).order_by("position")[0].due_date == due

    date.fill("")  # cleared on purpose: a real change
    date.press("Tab")
    expect(status(page)).to_have_text(SAVED)
    assert MonitoringActivity.objects.filter(plan=plan).order_by("position")[0].due_date is None
    expect(date).not_to_have_class(re.compile("is-invalid"))
    context.close()


def test_adding_a_row_without_network_says_so(live_server, browser, plan, editor):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    count = len(risks(plan))
    context.route("**/new-row/**", lambda route: route.abort("internetdisconnected"))
    page.locator('[data-add-row="risks"]').click()
    expect(status(page)).to_have_text(shown("No connection: the row was not added. Try again."))
    expect(page.locator("#rows-risks > tr")).to_have_count(count)
    context.close()


def test_the_conflict_page_says_autosave_is_paused(live_server, browser, plan, editor, aizkraukle):
    colleague = editor_of(aizkraukle, user__username="liga")
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    other = browser.new_context()
    theirs = open_worksheet(other, live_server, colleague, plan)
    cell(theirs, 0, "factor").fill("Kolēģes teksts")
    cell(theirs, 0, "factor").press("Tab")
    expect(status(theirs)).to_have_text(SAVED)
    cell(page, 0, "factor").fill("Mans teksts")
    page.get_by_role("button", name=shown("Save the worksheet")).click()
    expect(page.locator("#conflict")).to_be_visible()
    expect(status(page)).to_have_text(shown("Autosave is paused: choose the values, then press Save."))
    other.close()
    context.close()


def test_a_save_pending_when_the_page_is_closed_is_sent(live_server, browser, plan, editor):
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    cell(page, 0, "factor").fill("Rakstīts tieši pirms aizvēršanas")  # no time for the autosave's moment
    page.close(run_before_unload=False)
    for _attempt in range(100):  # the request outlives the page; wait for it to arrive
        if risks(plan)[0].factor == "Rakstīts tieši pirms aizvēršanas":
            break
        time.sleep(0.1)
    assert risks(plan)[0].factor == "Rakstīts tieši pirms aizvēršanas"
    context.close()


def test_a_colleagues_new_rows_and_deleted_row_are_said_as_they_are(live_server, browser, plan, editor, aizkraukle):
    colleague = signed_in_client(editor_of(aizkraukle, user__username="liga"))
    context = browser.new_context()
    page = open_worksheet(context, live_server, editor, plan)
    stored = existing_rows(plan, get_worksheet(10).tables[0])
    added = [
        {"id": "", "position": len(stored) + n, "factor": f"Kolēģes {n}", "impact": "", "base": ""} for n in (1, 2)
    ]
    colleague.post(autosave_path(plan), post_data(plan, 10, {"risks": [*stored, *added]}))
    cell(page, 0, "factor").fill("Mans teksts")
    cell(page, 0, "factor").press("Tab")
    with translation.override("lv"):
        note = ngettext(
            "A colleague added %(count)s row: reload the page to see it.",
            "A colleague added %(count)s rows: reload the page to see them.",
            2,
        ) % {"count": 2}
    expect(status(page)).to_contain_text(note)
    expect(page.locator("#rows-risks > tr")).to_have_count(len(stored))  # no reload forced

    stored = existing_rows(plan, get_worksheet(10).tables[0])
    stored[1]["DELETE"] = True
    colleague.post(autosave_path(plan), post_data(plan, 10, {"risks": stored}))
    cell(page, 1, "factor").fill("Mainīts, bet kolēģis dzēsa")
    cell(page, 1, "factor").press("Tab")
    expect(status(page)).to_have_text(shown("Conflict: a colleague deleted a row you changed — press Save to see it"))
    context.close()


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def autosave_path(plan) -> str:
    return reverse("worksheets:autosave", args=[plan.pk, 10])
