"""The next period in a real Chromium: Aizkraukles novads copies its 2026–2027 plan into 2028–2029."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, restore_rows, serious_violations
from tests.factories import editor_of
from worksheets.models import ActionPlan, Activity, DataSource, Indicator, ProgressStatus, StrategicGoal, Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECOMMENDATION = "Turpināt palielināt skaitu par 2"
ACHIEVED = "Palielināts sociālo uzņēmēju skaits novadā par 2."


@pytest.fixture
def previous(transactional_db, seed_plan_rows):
    """The real 2026–2027 plan of Aizkraukles novads, its activities' progress recorded as the period ends."""
    restore_rows(seed_plan_rows)
    plan = ActionPlan.objects.select_related("municipality").get(
        municipality__slug="aizkraukles-novads", period_start=2026, period_end=2027
    )
    Activity.objects.filter(plan=plan).update(status=ProgressStatus.DONE, due_date=datetime.date(2026, 6, 30))
    return plan


def test_the_next_period_starts_as_a_copy_of_the_last_plan(live_server, page, previous):
    officer = editor_of(previous.municipality, user__username="anna")
    log_in(page.context, live_server, officer)
    page.goto(f"{live_server.url}/plans/new/")
    expect(page.get_by_label("Sākt no")).to_have_value(str(previous.pk))  # the latest plan by default
    for number, title in ((3, "Dati un to avoti"), (6, "Stratēģisko mērķu un uzdevumu definēšana")):
        expect(page.get_by_label(f"{number}. {title}")).to_be_checked()
    page.get_by_label("Periods no (gads)").fill("2028")
    page.get_by_label("Periods līdz (gads)").fill("2029")
    page.get_by_label("Nosaukums").fill("Sociālās uzņēmējdarbības attīstības rīcības plāns 2028–2029")
    page.get_by_label("3. Dati un to avoti").uncheck()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Izveidot plānu").click()
    expect(page.get_by_text("Plāns ir izveidots.")).to_be_visible()

    new = ActionPlan.objects.get(municipality=previous.municipality, period_start=2028, period_end=2029)
    assert new.copied_from == previous
    expect(page.locator("#copied-from")).to_contain_text("Aizkraukles novads 2026–2027")
    assert not DataSource.objects.filter(plan=new).exists()
    assert StrategicGoal.objects.filter(plan=new).count() == StrategicGoal.objects.filter(plan=previous).count()

    # Worksheet 7: every activity serves the new plan's copy of its task, and its progress starts again.
    page.goto(f"{live_server.url}/plans/{new.pk}/worksheets/7/")
    tasks = page.locator("#rows-activities select[name$='-task']")
    expect(tasks).to_have_count(Activity.objects.filter(plan=previous).count())
    new_tasks = {str(pk) for pk in Task.objects.filter(plan=new).values_list("pk", flat=True)}
    chosen = [tasks.nth(i).input_value() for i in range(tasks.count())]
    assert set(chosen) <= new_tasks and len(set(chosen)) > 1
    first_task = tasks.first.locator("option:checked")
    expect(first_task).to_have_text(re.compile(r"^1\.1\. Veikt izmaiņas attīstības programmā"))
    statuses = page.locator("#rows-activities select[name$='-status']")
    assert {statuses.nth(i).input_value() for i in range(statuses.count())} == {"planned"}
    expect(page.locator("#previous-period")).to_contain_text("izpildīts")  # the earlier activities' status
    assert set(Activity.objects.filter(plan=new).values_list("due_date", flat=True)) == {None}

    # Worksheet 8: indicators still measure the copied goals; achieved results are empty; the earlier period's
    # results and recommendations stand beside the table.
    page.goto(f"{live_server.url}/plans/{new.pk}/worksheets/8/")
    goals = page.locator("#rows-indicators select[name$='-goal']")
    new_goals = {str(pk) for pk in StrategicGoal.objects.filter(plan=new).values_list("pk", flat=True)}
    assert {goals.nth(i).input_value() for i in range(goals.count())} <= new_goals
    achieved = page.locator("#rows-indicators [name$='-achieved_result']")
    expect(achieved).to_have_count(Indicator.objects.filter(plan=previous).count())
    assert {achieved.nth(i).input_value() for i in range(achieved.count())} == {""}
    panel = page.locator("#previous-period")
    expect(panel).to_contain_text(RECOMMENDATION)
    expect(panel).to_contain_text(ACHIEVED)
    expect(panel.get_by_role("link", name="Aizkraukles novads 2026–2027")).to_have_attribute(
        "href", f"/plans/{previous.pk}/"
    )
    assert serious_violations(page) == []

    # On a phone the previous period's tables scroll inside their boxes: each such box takes the keyboard's focus and
    # is named by its table's caption (static/js/scroll-regions.js), so axe finds nothing there either.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    boxes = page.locator("#previous-period .table-responsive")
    expect(boxes.first).to_have_attribute("tabindex", "0")
    expect(boxes.first).to_have_attribute("role", "region")
    expect(boxes.first).to_have_attribute("aria-label", "Iepriekšējā perioda rādītāji")
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 1920, "height": 1080})  # wide enough: no overflow, no extra tab stop
    expect(boxes.first).not_to_have_attribute("tabindex", "0")
