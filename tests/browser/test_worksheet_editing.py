"""An officer fills worksheets in a real Chromium: add, edit, reorder, delete, errors, history, conflicts."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, serious_violations
from tests.conftest import database_independent
from tests.factories import StrategicGoalFactory, TaskFactory, editor_of
from worksheets.models import Activity, MonitoringActivity, Risk, StrategicGoal, Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile("Saglabāts")


def worksheet_url(live_server, plan, number):
    return f"{live_server.url}/plans/{plan.pk}/worksheets/{number}/"


def add_row(page, button, table):
    """Click an add button and wait for htmx to bring the new row; return it."""
    rows = page.locator(f"#rows-{table} > tr")
    count = rows.count()
    page.get_by_role("button", name=button).click()
    expect(rows).to_have_count(count + 1)
    return rows.nth(count)


def save(page):
    page.get_by_role("button", name="Saglabāt darba lapu").click()


def test_goals_and_tasks_are_added_edited_reordered_and_deleted(live_server, editor_page, plan):
    page = editor_page
    page.goto(worksheet_url(live_server, plan, 6))
    expect(page.get_by_role("heading", name=re.compile("Darba lapa #6"))).to_be_visible()
    add_row(page, "+ Pievienot mērķi", "goals").get_by_label("Stratēģiskais mērķis").fill(
        "Līdz 2027. gadam izveidot 2 jaunus SU"
    )
    add_row(page, "+ Pievienot mērķi", "goals").get_by_label("Stratēģiskais mērķis").fill(
        "Skolās 2026. gadā ieviest SU spēli"
    )
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert list(StrategicGoal.objects.filter(plan=plan).values_list("text", flat=True)) == [
        "Līdz 2027. gadam izveidot 2 jaunus SU",
        "Skolās 2026. gadā ieviest SU spēli",
    ]

    task_row = add_row(page, "+ Pievienot uzdevumu", "tasks")
    task_row.get_by_label("Stratēģiskais mērķis").select_option(label="1. Līdz 2027. gadam izveidot 2 jaunus SU")
    task_row.get_by_label("Specifiskais uzdevums", exact=True).fill(
        "Izstrādāt nekustamā īpašuma nodokļa atlaides priekšlikumu"
    )
    page.locator("#rows-goals tr").nth(1).get_by_role("button", name="Pārvietot augšup").click()
    expect(page.locator("#rows-goals tr").nth(0).locator("[data-row-number]")).to_have_text("1")
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    goals = list(StrategicGoal.objects.filter(plan=plan).values_list("text", flat=True))
    assert goals == ["Skolās 2026. gadā ieviest SU spēli", "Līdz 2027. gadam izveidot 2 jaunus SU"]
    task = Task.objects.get(plan=plan)
    assert task.goal.text == "Līdz 2027. gadam izveidot 2 jaunus SU"

    page.locator("#rows-goals tr").nth(0).get_by_label("Dzēst").check()
    page.locator("#rows-goals tr").nth(1).get_by_label("Stratēģiskais mērķis").fill(
        "Līdz 2027. gadam izveidot 3 jaunus SU"
    )
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert list(StrategicGoal.objects.filter(plan=plan).values_list("text", flat=True)) == [
        "Līdz 2027. gadam izveidot 3 jaunus SU"
    ]


def test_activities_are_added_linked_reordered_and_deleted(live_server, editor_page, plan):
    TaskFactory(goal=StrategicGoalFactory(plan=plan, text="Mērķis 2027"), text="Informēt sabiedrību")
    page = editor_page
    page.goto(worksheet_url(live_server, plan, 7))
    for description in ("Seminārs uzņēmējiem", "Raksts novada avīzē"):
        row = add_row(page, "+ Pievienot aktivitāti", "activities")
        row.get_by_label("Specifiskais uzdevums", exact=True).select_option(label="1.1. Informēt sabiedrību")
        row.get_by_label("Aktivitāte").fill(description)
        row.get_by_label("Laika grafiks").fill("2026. gada pirmā puse")
        row.get_by_label("Finansējuma avots").fill("Pašvaldības budžets")
        row.get_by_label("Atbildīgā struktūrvienība pašvaldībā").fill("Attīstības nodaļa")
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    page.locator("#rows-activities tr").nth(1).get_by_role("button", name="Pārvietot augšup").click()
    page.locator("#rows-activities tr").nth(0).get_by_label("Aktivitāte").fill("Raksts novada avīzē un mājaslapā")
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert list(Activity.objects.filter(plan=plan).values_list("description", flat=True)) == [
        "Raksts novada avīzē un mājaslapā",
        "Seminārs uzņēmējiem",
    ]
    page.locator("#rows-activities tr").nth(1).get_by_label("Dzēst").check()
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert Activity.objects.filter(plan=plan).count() == 1


def test_high_risk_error_in_latvian_keeps_the_row_and_a_deleted_risk_is_restored(live_server, editor_page, plan):
    page = editor_page
    page.goto(worksheet_url(live_server, plan, 10))
    row = add_row(page, "+ Pievienot risku", "risks")
    row.get_by_label("Risku faktors").fill("Politiskās gribas maiņa")
    row.get_by_label("Riska līmenis (zems/vidējs/augsts)").select_option(label="augsts")
    row.get_by_label("Reaktīvā rīcība un atbildīgais (kas un ko dara, ja risks iestājas)").fill("Domes priekšsēdētājs")
    save(page)
    expect(page.get_by_text("Vidēja vai augsta riska gadījumā jānorāda preventīvie pasākumi.")).to_be_visible()
    row = page.locator("#rows-risks tr").last
    expect(row.get_by_label("Risku faktors")).to_have_value("Politiskās gribas maiņa")
    expect(row.get_by_label("Reaktīvā rīcība un atbildīgais (kas un ko dara, ja risks iestājas)")).to_have_value(
        "Domes priekšsēdētājs"
    )
    row.get_by_label("Preventīvie pasākumi (kā novērst risku)").fill("Regulāras sarunas ar domi")
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert Risk.objects.get(plan=plan, factor="Politiskās gribas maiņa").level == "high"

    page.locator("#rows-risks tr").nth(0).get_by_label("Dzēst").check()
    save(page)
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert not Risk.objects.filter(plan=plan, factor="Finansējuma trūkums vai nestabilitāte").exists()
    page.get_by_role("link", name="Vēsture").click()
    expect(page.get_by_role("heading", name=re.compile("vēsture"))).to_be_visible()
    page.get_by_role("listitem").filter(has_text="dzēsts").get_by_role("button", name="Atjaunot").click()
    expect(page.get_by_text("Rinda ir atjaunota tabulas beigās.")).to_be_visible()
    expect(page.locator("#rows-risks tr").last.get_by_label("Risku faktors")).to_have_value(
        "Finansējuma trūkums vai nestabilitāte"
    )


def test_two_editors_changing_one_cell_choose_between_both_values(live_server, browser, plan, editor, aizkraukle):
    colleague = editor_of(aizkraukle, user__username="liga", user__first_name="Līga", user__last_name="Ozola")
    mine, theirs = browser.new_context(), browser.new_context()
    log_in(mine, live_server, editor)
    log_in(theirs, live_server, colleague)
    my_page, their_page = mine.new_page(), theirs.new_page()
    for page in (my_page, their_page):
        page.goto(worksheet_url(live_server, plan, 11))
    their_page.locator("#rows-monitoring tr").nth(0).get_by_label("Atbildīgā institūcija / struktūrvienība").fill(
        "Attīstības nodaļa"
    )
    save(their_page)
    expect(their_page.get_by_text(SAVED)).to_be_visible()
    my_field = my_page.locator("#rows-monitoring tr").nth(0).get_by_label("Atbildīgā institūcija / struktūrvienība")
    my_field.fill("Sociālais dienests")
    save(my_page)
    expect(my_page.get_by_text("Kolēģis saglabāja šo darba lapu, kamēr jūs to rediģējāt")).to_be_visible()
    expect(my_page.locator("#conflict")).to_contain_text("Līga Ozola")
    first_row = my_page.locator("#rows-monitoring tr").nth(0)
    expect(first_row).to_contain_text("Līga Ozola saglabāja")
    expect(first_row).to_contain_text("Attīstības nodaļa")
    expect(first_row.get_by_label("Atbildīgā institūcija / struktūrvienība")).to_have_value("Sociālais dienests")
    assert MonitoringActivity.objects.filter(plan=plan).order_by("position")[0].responsible == "Attīstības nodaļa"
    first_row.get_by_role("button", name="Izmantot šo vērtību").click()
    expect(first_row.get_by_label("Atbildīgā institūcija / struktūrvienība")).to_have_value("Attīstības nodaļa")
    save(my_page)
    expect(my_page.get_by_text("Viss ir saglabāts")).to_be_visible()
    assert MonitoringActivity.objects.filter(plan=plan).order_by("position")[0].responsible == "Attīstības nodaļa"
    mine.close()
    theirs.close()


# The page's own behaviour in the browser (a note, moving rows, accessibility), with nothing saved: what the tests
# read is a new plan's page, the same on either database; saving is checked on both by the tests above.
IN_THE_PAGE = database_independent("the page's script and markup in the browser, nothing saved")


@IN_THE_PAGE
def test_typing_marks_unsaved_changes(live_server, editor_page, plan):
    page = editor_page
    page.goto(worksheet_url(live_server, plan, 11))
    note = page.get_by_text("Jums ir nesaglabātas izmaiņas.")
    expect(note).to_be_hidden()
    page.locator("#rows-monitoring tr").nth(0).get_by_label("Izpildes termiņš").fill("2026. gada jūnijs")
    expect(note).to_be_visible()


@IN_THE_PAGE
def test_overview_and_worksheet_pages_have_no_serious_accessibility_violations(live_server, editor_page, plan):
    page = editor_page
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Darba lapas")).to_be_visible()
    assert serious_violations(page) == []
    page.goto(worksheet_url(live_server, plan, 7))
    add_row(page, "+ Pievienot aktivitāti", "activities")
    assert serious_violations(page) == []
    page.goto(worksheet_url(live_server, plan, 10))
    assert serious_violations(page) == []


@IN_THE_PAGE
def test_keyboard_alone_reorders_rows(live_server, editor_page, plan):
    page = editor_page
    page.goto(worksheet_url(live_server, plan, 11))
    second = page.locator("#rows-monitoring tr").nth(1)
    second.get_by_role("button", name="Pārvietot augšup").focus()
    page.keyboard.press("Enter")
    expect(
        page.locator("#rows-monitoring tr").nth(0).get_by_label("Rīcības plāna ieviešanas uzraudzības aktivitāte")
    ).to_have_value("Iesaistītie izpildītāji ir izpratuši rīcības plānā ietvertos uzdevumus un aktivitātes")
