"""The worksheet grid fits the screen in a real Chromium: on a municipal laptop (1366 × 768) every row control and
field of worksheets 7, 8 and 10 of the real Zemgale plans is in the window and the page does not scroll sideways; on
a phone (390 × 844) each row reads as a card with its fields' labels; optional columns can be hidden (remembered, and
their values still saved); ws 7 shows one task field with the plan's own wording as a note; Enter in a one-line field
does not submit the worksheet; a row move is announced; axe finds nothing serious."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tests.browser.conftest import log_in, restore_rows, serious_violations
from tests.conftest import database_independent
from tests.factories import editor_of, viewer_of
from worksheets.models import ActionPlan, Activity, PlanStatus, Risk
from worksheets.registry import WORKSHEETS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
GRIDS = [(7, "activities"), (8, "indicators"), (10, "risks")]
LAYOUT_ONLY = database_independent("layout and behaviour in the browser; nothing is saved")
MUNICIPALITY = "jekabpils-novads"  # the seed plan with the most activities written in its own words


@pytest.fixture
def seeded(transactional_db, seed_plan_rows) -> ActionPlan:
    """The real plans, Jēkabpils novads' as a draft its editors change."""
    restore_rows(seed_plan_rows)
    plan = ActionPlan.objects.get(municipality__slug=MUNICIPALITY)
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    plan.refresh_from_db()
    return plan


def worksheet_url(live_server, plan, number) -> str:
    return f"{live_server.url}/plans/{plan.pk}/worksheets/{number}/"


def page_overflow(page) -> tuple[int, int]:
    """(the document's scroll width, the window's inner width) in CSS px."""
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def horizontal_extent(locator) -> list[tuple[str, float, float]]:
    """``[(what, left, right)]`` of every visible control under ``locator``, in CSS px of the viewport."""
    return locator.evaluate_all(
        """elements => elements.filter(e => e.getClientRects().length).map(e => {
            const box = e.getBoundingClientRect();
            return [e.name || e.getAttribute('aria-label') || e.title || e.tagName, box.left, box.right];
        })"""
    )


def assert_fits(page, where: str) -> None:
    scroll_width, inner_width = page_overflow(page)
    assert scroll_width <= inner_width, f"{where}: the page is {scroll_width} px wide in a {inner_width} px window"


@LAYOUT_ONLY
@pytest.mark.parametrize(("number", "table"), GRIDS)
def test_laptop_shows_every_row_control_and_field_without_sideways_scrolling(live_server, page, seeded, number, table):
    plan = seeded
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.set_viewport_size(LAPTOP)
    page.goto(worksheet_url(live_server, plan, number))
    first = page.locator(f"#rows-{table} > tr").first
    tools = first.locator("[data-drag-handle], [data-move=up], [data-move=down], input[name$='-DELETE']")
    expect(tools).to_have_count(4)
    fields = first.locator("td input:not([type=hidden]):visible, td select:visible, td textarea:visible")
    assert fields.count() == first.locator("td:visible").count()  # a field in every shown column
    controls = horizontal_extent(tools) + horizontal_extent(fields)
    assert len(controls) == 4 + fields.count()
    outside = [(what, left, right) for what, left, right in controls if left < 0 or right > LAPTOP["width"]]
    assert outside == [], f"ws {number}: controls outside the window: {outside}"
    assert_fits(page, f"ws {number}")


@LAYOUT_ONLY
def test_every_worksheet_fits_a_laptop_and_a_phone(live_server, page, seeded):
    plan = seeded
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.set_viewport_size(LAPTOP)
    measured = 0
    for worksheet in WORKSHEETS:
        page.goto(worksheet_url(live_server, plan, worksheet.number))
        assert_fits(page, f"ws {worksheet.number}")
        for table in worksheet.tables:
            rows = page.locator(f"#rows-{table.key} > tr")
            if not rows.count():
                continue
            controls = horizontal_extent(rows.first.locator("button, input:not([type=hidden]), select, textarea"))
            outside = [(what, left, right) for what, left, right in controls if left < 0 or right > LAPTOP["width"]]
            assert controls and outside == [], f"ws {worksheet.number} {table.key}: {outside}"
            measured += 1
    assert measured >= 11
    page.set_viewport_size(PHONE)
    for worksheet in WORKSHEETS:
        page.goto(worksheet_url(live_server, plan, worksheet.number))
        assert_fits(page, f"ws {worksheet.number} on a phone")


@LAYOUT_ONLY
@pytest.mark.parametrize(("number", "table"), GRIDS)
def test_laptop_read_only_grid_fits(live_server, page, seeded, number, table):
    plan = seeded
    log_in(page.context, live_server, viewer_of(plan.municipality))
    page.set_viewport_size(LAPTOP)
    page.goto(worksheet_url(live_server, plan, number))
    grid = page.locator(f"#table-{table} ~ .ws-grid")
    expect(grid).to_have_attribute("tabindex", "0")
    cells = horizontal_extent(grid.locator("tbody tr").first.locator("th, td"))
    outside = [(what, left, right) for what, left, right in cells if left < 0 or right > LAPTOP["width"]]
    assert len(cells) >= 4 and outside == []
    assert_fits(page, f"read-only ws {number}")


def card_labels(row) -> list[tuple[str, str, float]]:
    """``[(data-label, the label shown before the cell, the cell's left edge)]`` of a row's visible cells."""
    return row.locator("td").evaluate_all(
        """cells => cells.filter(c => c.getClientRects().length).map(c => {
            const before = getComputedStyle(c, '::before');
            return [c.dataset.label, before.display === 'none' ? '' : before.content, c.getBoundingClientRect().left];
        })"""
    )


@LAYOUT_ONLY
@pytest.mark.parametrize("reader", [False, True], ids=["editable", "read-only"])
@pytest.mark.parametrize(("number", "table"), GRIDS)
def test_phone_reads_row_by_row_without_sideways_scrolling(live_server, page, seeded, number, table, reader):
    plan = seeded
    user = viewer_of(plan.municipality) if reader else editor_of(plan.municipality)
    log_in(page.context, live_server, user)
    page.set_viewport_size(PHONE)
    page.goto(worksheet_url(live_server, plan, number))
    assert_fits(page, f"ws {number} on a phone")
    rows = page.locator(f"#table-{table} ~ .ws-grid tbody > tr")
    assert rows.count() >= 2
    for row in (rows.nth(0), rows.nth(1)):
        labels = card_labels(row)
        assert len(labels) >= 3
        for label, shown, left in labels:
            assert label and label in shown  # the column's label above its field
            assert left == labels[0][2]  # stacked, not side by side
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    header = page.locator(f"#table-{table} ~ .ws-grid thead").bounding_box()
    assert header["height"] <= 1  # the header row is for screen readers only
    if not reader:
        for control in ("[data-move=up]", "[data-move=down]"):
            button = rows.nth(0).locator(control).bounding_box()
            assert button["width"] >= 44 and button["height"] >= 44  # a finger's touch target


def test_hidden_optional_column_stays_hidden_after_a_reload_and_its_values_are_saved(live_server, page, seeded):
    plan = seeded
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.set_viewport_size(LAPTOP)
    before = dict(Risk.objects.filter(plan=plan).values_list("pk", "preventive_measures"))
    assert any(before.values())
    page.goto(worksheet_url(live_server, plan, 10))
    column = page.locator("#rows-risks td.ws-col-preventive_measures")
    expect(column.first).to_be_visible()
    columns = page.locator("details[data-columns='10-risks']")
    with translation.override("lv"):
        label = _("Show the column") + " " + str(Risk._meta.get_field("preventive_measures").verbose_name)
        columns.get_by_text(_("Columns shown")).click()
    columns.get_by_label(label, exact=True).uncheck()
    expect(column.first).to_be_hidden()
    expect(page.locator("[data-dirty-note]")).to_be_hidden()  # showing or hiding a column changes nothing to save
    page.reload()
    expect(column.first).to_be_hidden()
    expect(columns.get_by_label(label, exact=True)).not_to_be_checked()
    expect(
        page.locator("#rows-risks th.ws-col-preventive_measures, thead th.ws-col-preventive_measures")
    ).to_be_hidden()
    first = page.locator("#rows-risks > tr").first
    first.locator("td.ws-col-factor textarea, td.ws-col-factor input").fill("Finansējuma trūkums")
    page.get_by_role("button", name="Saglabāt darba lapu").click()
    expect(page.get_by_text(re.compile("Saglabāts"))).to_be_visible()
    expect(column.first).to_be_hidden()
    after = dict(Risk.objects.filter(plan=plan).values_list("pk", "preventive_measures"))
    assert after == before
    assert Risk.objects.filter(plan=plan, factor="Finansējuma trūkums").count() == 1
    # Shown again, the values are there.
    columns.locator("summary").click()
    columns.get_by_label(label, exact=True).check()
    expect(column.first).to_be_visible()
    expect(column.first.locator("textarea")).not_to_have_value("")


def test_hidden_column_with_an_error_is_shown(live_server, page, seeded):
    plan = seeded
    risk = Risk.objects.filter(plan=plan).order_by("position").first()
    Risk.objects.filter(pk=risk.pk).update(level="low", preventive_measures="")
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.set_viewport_size(LAPTOP)
    page.goto(worksheet_url(live_server, plan, 10))
    columns = page.locator("details[data-columns='10-risks']")
    columns.locator("summary").click()
    with translation.override("lv"):
        label = _("Show the column") + " " + str(Risk._meta.get_field("preventive_measures").verbose_name)
    columns.get_by_label(label, exact=True).uncheck()
    cell = page.locator(f"#row-risks-{risk.pk} td.ws-col-preventive_measures")
    expect(cell).to_be_hidden()
    page.locator(f"#row-risks-{risk.pk} td.ws-col-level select").select_option("high")
    page.get_by_role("button", name="Saglabāt darba lapu").click()
    expect(cell.locator(".invalid-feedback")).to_be_visible()  # the error to act on is not hidden
    assert Risk.objects.get(pk=risk.pk).level == "low"


def test_ws7_has_one_task_field_with_the_wording_as_a_note_and_a_save_keeps_it(live_server, page, seeded):
    plan = seeded
    wordings = dict(Activity.objects.filter(plan=plan).values_list("pk", "task_as_written"))
    differing = [
        a
        for a in Activity.objects.filter(plan=plan).select_related("task")
        if a.task_as_written
        and (a.task is None or a.task.text.strip().casefold() != a.task_as_written.strip().casefold())
    ]
    assert differing
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.set_viewport_size(LAPTOP)
    page.goto(worksheet_url(live_server, plan, 7))
    with translation.override("lv"):
        task_label = str(Activity._meta.get_field("task").verbose_name)
        written_label = str(Activity._meta.get_field("task_as_written").verbose_name)
    headers = page.locator("#table-activities ~ .ws-grid thead th").all_inner_texts()
    assert len([h for h in headers if h.startswith(task_label)]) == 1
    assert not [h for h in headers if written_label in h]
    row = page.locator(f"#row-activities-{differing[0].pk}")
    expect(row.locator("td.ws-col-task .form-text")).to_have_text(f"{written_label}: {differing[0].task_as_written}")
    row.locator("td.ws-col-description textarea").fill("Pilotprogramma pedagogiem")
    page.get_by_role("button", name="Saglabāt darba lapu").click()
    expect(page.get_by_text(re.compile("Saglabāts"))).to_be_visible()
    assert Activity.objects.get(pk=differing[0].pk).description == "Pilotprogramma pedagogiem"
    assert dict(Activity.objects.filter(plan=plan).values_list("pk", "task_as_written")) == wordings


@LAYOUT_ONLY
def test_enter_in_a_one_line_field_does_not_submit_the_worksheet(live_server, page, seeded):
    plan = seeded
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.goto(worksheet_url(live_server, plan, 8))
    # Record any submission (and stop it, so a regression cannot leave the page).
    page.evaluate(
        """() => { window.submitted = 0; document.addEventListener('submit', e => { window.submitted += 1;
            e.preventDefault(); }, true); }"""
    )
    field = page.locator("#rows-indicators input[list]").first  # a short cell with suggestions: a one-line input
    field.fill("Sociālo uzņēmumu skaits")
    field.press("Enter")
    assert page.evaluate("window.submitted") == 0
    textarea = page.locator("#rows-indicators > tr").first.locator("td.ws-col-target textarea")
    textarea.fill("2")
    textarea.press("Enter")
    expect(textarea).to_have_value("2\n")  # a textarea keeps its line break
    page.get_by_role("button", name="Saglabāt darba lapu").click()
    assert page.evaluate("window.submitted") == 1  # the save button still submits


@LAYOUT_ONLY
def test_moving_a_row_is_announced_and_reported_as_a_change(live_server, page, seeded):
    plan = seeded
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.goto(worksheet_url(live_server, plan, 10))
    page.evaluate(
        """() => { window.changes = 0; document.querySelector('[data-worksheet-form]')
            .addEventListener('worksheet:changed', () => { window.changes += 1; }); }"""
    )
    second = page.locator("#rows-risks > tr").nth(1)
    row_id = second.get_attribute("id")
    second.get_by_role("button", name="Pārvietot augšup").click()
    expect(page.locator("#rows-risks > tr").first).to_have_attribute("id", row_id)
    with translation.override("lv"):
        expected = _("Row %(number)s moved to position %(position)s.") % {"number": 2, "position": 1}
    status = page.locator("[data-move-status]")
    expect(status).to_have_text(expected)
    expect(status).to_have_attribute("aria-live", "polite")
    assert page.evaluate("window.changes") == 1
    page.locator("#rows-risks > tr").first.get_by_role("button", name="Pārvietot lejup").click()
    expect(status).to_have_text(_("Row %(number)s moved to position %(position)s.") % {"number": 1, "position": 2})
    assert page.evaluate("window.changes") == 2


@LAYOUT_ONLY
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_editable_grid_has_no_serious_accessibility_finding(live_server, page, seeded, viewport):
    plan = seeded
    log_in(page.context, live_server, editor_of(plan.municipality))
    page.set_viewport_size(viewport)
    for number in (7, 10):
        page.goto(worksheet_url(live_server, plan, number))
        page.locator("details.ws-columns summary").first.click()
        assert serious_violations(page) == [], number


@LAYOUT_ONLY
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_read_only_grid_has_no_serious_accessibility_finding(live_server, page, seeded, viewport):
    plan = seeded
    log_in(page.context, live_server, viewer_of(plan.municipality))
    page.set_viewport_size(viewport)
    for number in (7, 8):
        page.goto(worksheet_url(live_server, plan, number))
        assert serious_violations(page) == [], number
