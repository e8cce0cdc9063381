"""Filling the worksheets: every table saves, validates in Latvian, keeps links, order and history."""

import datetime

import pytest
from django.db.models import BooleanField
from django.urls import reverse

from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    CoreIndicatorFactory,
    IndicatorFactory,
    RiskFactory,
    StrategicGoalFactory,
    TaskFactory,
    editor_of,
)
from worksheets.editing import services
from worksheets.editing.page_data import existing_rows, post_data
from worksheets.models import (
    Activity,
    MonitoringActivity,
    Risk,
    StrategicGoal,
    Task,
)
from worksheets.registry import ALL_TABLES, STANDARD_MONITORING, STANDARD_RISKS, WORKSHEETS, get_worksheet

pytestmark = pytest.mark.django_db

REQUIRED = "Šis lauks ir nepieciešams."


def url(plan, number):
    return reverse("worksheets:worksheet", args=[plan.pk, number])


def sample_value(column, plan):
    """A valid value for a column, with Latvian diacritics where it is text."""
    if column.is_reference:
        return CoreIndicatorFactory(region=plan.municipality.region).pk
    if column.is_date:
        return datetime.date(2026, 6, 30)
    if column.is_link:
        target = column.field.related_model
        if target is StrategicGoal:
            return StrategicGoal.objects.get_or_create(plan=plan, text="Mērķis līdz 2027. gadam")[0].pk
        if target is Task:
            goal = StrategicGoal.objects.get_or_create(plan=plan, text="Mērķis līdz 2027. gadam")[0]
            return Task.objects.get_or_create(plan=plan, goal=goal, text="Uzdevums")[0].pk
    if column.is_choice:
        return column.field.choices[-1][0]
    if isinstance(column.field, BooleanField):  # ws 9's own checklist items: done
        return True
    if column.name == "link":
        return "https://likumi.lv/ta/id/294352"
    return f"Ķēniņš {column.name} — šūna ar garumzīmēm"


@pytest.fixture
def empty_plan(plan):
    return plan


@pytest.mark.parametrize(("worksheet", "table"), ALL_TABLES, ids=[f"ws{w.number}-{t.key}" for w, t in ALL_TABLES])
def test_every_table_saves_a_new_row_exactly_as_typed(client, editor, plan, worksheet, table):
    client.force_login(editor)
    # The page's columns (``grid_columns``): a column shown as another's note (ws 7's task as written) is not posted.
    row = {column.name: sample_value(column, plan) for column in table.grid_columns}
    if table.model is Risk:
        row["level"] = "high"
    before = table.model.objects.filter(plan=plan).count()
    rows = existing_rows(plan, table) + [row]
    response = client.post(url(plan, worksheet.number), post_data(plan, worksheet.number, {table.key: rows}))
    assert response.status_code == 302, response.context and [f.errors for f in response.context["editor"].formsets[0]]
    saved = table.model.objects.filter(plan=plan).order_by("-position").first()
    assert table.model.objects.filter(plan=plan).count() == before + 1
    for column in table.grid_columns:
        assert getattr(saved, column.field.attname) == row[column.name]


@pytest.mark.parametrize(("worksheet", "table"), ALL_TABLES, ids=[f"ws{w.number}-{t.key}" for w, t in ALL_TABLES])
def test_every_table_requires_its_main_text_in_latvian_and_keeps_the_rest(client, editor, plan, worksheet, table):
    client.force_login(editor)
    required = [c for c in table.bound_columns if c.required]
    assert required, "every table has at least one required column"
    row = {column.name: sample_value(column, plan) for column in table.grid_columns}
    row[required[-1].name] = ""
    kept = next(
        (
            c
            for c in table.grid_columns
            if not c.required and not c.is_link and not c.is_choice and not isinstance(c.field, BooleanField)
        ),
        None,
    )
    if kept:
        row[kept.name] = "Teksts, kas nedrīkst pazust: ģērbšanās"
    rows = existing_rows(plan, table)
    if len(table.bound_columns) == 1:
        # A new row left wholly empty is simply not added; emptying a saved row's text is the error.
        table.model.objects.create(
            plan=plan, position=99, **{c.name: sample_value(c, plan) for c in table.bound_columns}
        )
        rows = existing_rows(plan, table)
        rows[-1].update(row)
        row = None
    before = table.model.objects.filter(plan=plan).count()
    rows = rows + ([row] if row else [])
    response = client.post(url(plan, worksheet.number), post_data(plan, worksheet.number, {table.key: rows}))
    body = response.content.decode()
    assert response.status_code == 200
    assert REQUIRED in body
    if kept:
        assert "Teksts, kas nedrīkst pazust: ģērbšanās" in body
    assert table.model.objects.filter(plan=plan).count() == before


def test_new_plan_starts_with_the_template_risks_and_monitoring(editor, aizkraukle):
    plan = services.plan_create(user=editor, municipality=aizkraukle, period_start=2026, period_end=2027, title="P")
    risks = list(Risk.objects.filter(plan=plan).values_list("factor", "impact", "level"))
    assert risks == [(str(f), str(i), "") for f, i in STANDARD_RISKS]
    assert risks[0] == ("Finansējuma trūkums vai nestabilitāte", "Kavē rīcības plāna ieviešanu", "")
    monitoring = list(MonitoringActivity.objects.filter(plan=plan).values_list("activity", flat=True))
    assert monitoring == [str(a) for a in STANDARD_MONITORING]
    assert monitoring[-1] == "Rīcības plāns ir pārskatīts un atjaunots"


def test_high_risk_without_prevention_is_refused_in_latvian_keeping_the_row(client, editor, plan):
    client.force_login(editor)
    row = {
        "factor": "Politiskās gribas trūkums",
        "impact": "Apstājas darbs",
        "level": "high",
        "preventive_measures": "",
        "reactive_action": "Dome lemj",
    }
    response = client.post(url(plan, 10), post_data(plan, 10, {"risks": [row]}))
    body = response.content.decode()
    assert "Vidēja vai augsta riska gadījumā jānorāda preventīvie pasākumi." in body
    assert "Politiskās gribas trūkums" in body
    assert "Dome lemj" in body
    assert not Risk.objects.filter(plan=plan, factor="Politiskās gribas trūkums").exists()


def test_low_risk_needs_no_prevention(client, editor, plan):
    client.force_login(editor)
    row = {"factor": "Mazs risks", "impact": "", "level": "low", "preventive_measures": "", "reactive_action": ""}
    response = client.post(url(plan, 10), post_data(plan, 10, {"risks": [row]}))
    assert response.status_code == 302
    assert Risk.objects.get(plan=plan, factor="Mazs risks").level == "low"


def make_goal_with_task(plan, goal_text="Palielināt SU skaitu līdz 2027. gadam", task_text="Grantu programma"):
    goal = StrategicGoalFactory(plan=plan, text=goal_text)
    return goal, TaskFactory(goal=goal, text=task_text)


def test_deleting_a_goal_that_an_indicator_measures_is_refused_naming_it(client, editor, plan):
    goal, task = make_goal_with_task(plan)
    IndicatorFactory(goal=goal, indicator="Sociālo uzņēmumu skaits")
    client.force_login(editor)
    rows = existing_rows(plan, get_worksheet(6).table("goals"))
    rows[0]["DELETE"] = True
    task_rows = existing_rows(plan, get_worksheet(6).table("tasks"))
    task_rows[0]["DELETE"] = True
    response = client.post(url(plan, 6), post_data(plan, 6, {"goals": rows, "tasks": task_rows}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "To nevar dzēst" in body
    assert "1. Sociālo uzņēmumu skaits" in body
    assert StrategicGoal.objects.filter(pk=goal.pk).exists()
    assert Task.objects.filter(pk=task.pk).exists()  # nothing was saved, not even the task's deletion


def test_deleting_a_goal_with_its_own_tasks_in_one_save_works(client, editor, plan):
    goal, task = make_goal_with_task(plan)
    client.force_login(editor)
    goals = existing_rows(plan, get_worksheet(6).table("goals"))
    tasks = existing_rows(plan, get_worksheet(6).table("tasks"))
    goals[0]["DELETE"] = tasks[0]["DELETE"] = True
    response = client.post(url(plan, 6), post_data(plan, 6, {"goals": goals, "tasks": tasks}))
    assert response.status_code == 302
    assert not StrategicGoal.objects.filter(plan=plan).exists()
    assert not Task.objects.filter(plan=plan).exists()


def test_deleting_a_goal_whose_task_remains_is_refused(client, editor, plan):
    goal, task = make_goal_with_task(plan)
    client.force_login(editor)
    goals = existing_rows(plan, get_worksheet(6).table("goals"))
    goals[0]["DELETE"] = True
    response = client.post(url(plan, 6), post_data(plan, 6, {"goals": goals}))
    assert "1.1. Grantu programma" in response.content.decode()
    assert StrategicGoal.objects.filter(pk=goal.pk).exists()


def test_deleting_a_task_that_activities_serve_is_refused(client, editor, plan):
    goal, task = make_goal_with_task(plan)
    ActivityFactory(task=task, description="Seminārs uzņēmējiem")
    client.force_login(editor)
    tasks = existing_rows(plan, get_worksheet(6).table("tasks"))
    tasks[0]["DELETE"] = True
    response = client.post(url(plan, 6), post_data(plan, 6, {"tasks": tasks}))
    body = response.content.decode()
    assert "aktivitāte 1. Seminārs uzņēmējiem" in body
    assert Task.objects.filter(pk=task.pk).exists()


def test_moving_the_indicator_to_another_goal_in_the_same_save_allows_deleting(client, editor, plan):
    goal, task = make_goal_with_task(plan)
    other = StrategicGoalFactory(plan=plan, text="Otrs mērķis 2026")
    Task.objects.filter(pk=task.pk).update(goal=other)
    client.force_login(editor)
    goals = existing_rows(plan, get_worksheet(6).table("goals"))
    goals[0]["DELETE"] = True
    response = client.post(url(plan, 6), post_data(plan, 6, {"goals": goals}))
    assert response.status_code == 302
    assert list(StrategicGoal.objects.filter(plan=plan)) == [other]


def test_links_offer_only_this_plans_rows(client, editor, plan, aizkraukle):
    other_plan = ActionPlanFactory(municipality=aizkraukle, period_start=2028, period_end=2029)
    _goal, foreign_task = make_goal_with_task(other_plan)
    make_goal_with_task(plan, task_text="Mans uzdevums")
    client.force_login(editor)
    page = client.get(reverse("worksheets:new_row", args=[plan.pk, 7, "activities"]), {"activities-TOTAL_FORMS": 0})
    page = page.content.decode()
    assert "1.1. Mans uzdevums" in page
    assert "Grantu programma" not in page
    row = {
        "task": foreign_task.pk,
        "description": "Svešs",
        "timeline": "",
        "funding_source": "",
        "involved_parties": "",
        "responsible_unit": "",
    }
    response = client.post(url(plan, 7), post_data(plan, 7, {"activities": [row]}))
    assert response.status_code == 200
    assert not Activity.objects.filter(plan=plan).exists()


def test_rows_are_saved_in_the_order_the_officer_arranged(client, editor, plan):
    client.force_login(editor)
    rows = existing_rows(plan, get_worksheet(11).table("monitoring"))
    for position, row in enumerate(reversed(rows), start=1):
        row["position"] = position
    response = client.post(url(plan, 11), post_data(plan, 11, {"monitoring": rows}))
    assert response.status_code == 302
    saved = list(MonitoringActivity.objects.filter(plan=plan).values_list("activity", flat=True))
    assert saved == [str(a) for a in reversed(STANDARD_MONITORING)]
    assert list(MonitoringActivity.objects.filter(plan=plan).values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_plan_level_fields_save_with_their_worksheet(client, editor, plan):
    client.force_login(editor)
    data = post_data(plan, 9, plan_fields={"partners_identified": True, "meetings_held": True})
    assert client.post(url(plan, 9), data).status_code == 302
    data = post_data(plan, 5, plan_fields={"support_given": "Telpas bez maksas biedrībai „Ābele”"})
    assert client.post(url(plan, 5), data).status_code == 302
    plan.refresh_from_db()
    assert (plan.partners_identified, plan.meetings_held, plan.agreements_signed) == (True, True, False)
    assert plan.support_given == "Telpas bez maksas biedrībai „Ābele”"


def test_history_records_who_changed_what_and_a_deleted_row_is_restored(client, editor, plan):
    client.force_login(editor)
    rows = existing_rows(plan, get_worksheet(10).table("risks"))
    rows[0].update(level="medium", preventive_measures="Piesaistīt ES fondus")
    rows[1]["DELETE"] = True
    assert client.post(url(plan, 10), post_data(plan, 10, {"risks": rows})).status_code == 302
    deleted_id = rows[1]["id"]
    response = client.get(reverse("worksheets:history", args=[plan.pk, 10]))
    by_the_editor = sorted(
        (entry.kind, entry.user_name, entry.row_title) for entry in response.context["entries"] if entry.kind != "+"
    )
    assert by_the_editor == [
        ("-", "Ilze Bērziņa", "Ierobežota sadarbība ar vietējiem uzņēmējiem un NVO"),
        ("~", "Ilze Bērziņa", "Finansējuma trūkums vai nestabilitāte"),
    ]
    page = response.content.decode()
    assert "Piesaistīt ES fondus" in page
    assert "Ilze Bērziņa" in page  # the editor's full name (user "anna")
    assert "dzēsts" in page
    restore = reverse("worksheets:restore_row", args=[plan.pk, 10, "risks", deleted_id])
    assert client.post(restore).status_code == 302
    restored = Risk.objects.get(pk=deleted_id)
    assert restored.factor == "Ierobežota sadarbība ar vietējiem uzņēmējiem un NVO"
    assert restored.position == 5


def test_restoring_a_task_whose_goal_is_gone_is_refused(client, editor, plan):
    goal, task = make_goal_with_task(plan)
    task_id = task.pk
    task.delete()
    goal.delete()
    client.force_login(editor)
    response = client.post(reverse("worksheets:restore_row", args=[plan.pk, 6, "tasks", task_id]), follow=True)
    assert "vispirms atjaunojiet" in response.content.decode()
    assert not Task.objects.filter(pk=task_id).exists()


def test_a_colliding_save_is_refused_and_shows_the_other_change_keeping_mine(client, editor, plan, aizkraukle):
    colleague = editor_of(aizkraukle, user__username="kolega", user__first_name="Līga", user__last_name="Ozola")
    loaded = post_data(plan, 11)  # both open the page at the same revision
    mine = post_data(plan, 11)
    client.force_login(colleague)
    theirs = dict(loaded)
    theirs["monitoring-0-responsible"] = "Attīstības nodaļa"
    assert client.post(url(plan, 11), theirs).status_code == 302
    client.force_login(editor)
    mine["monitoring-0-responsible"] = "Sociālais dienests"
    response = client.post(url(plan, 11), mine)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Kolēģis saglabāja šo darba lapu" in body
    assert "Līga Ozola" in body
    assert "Attīstības nodaļa" in body
    assert "Sociālais dienests" in body
    assert MonitoringActivity.objects.filter(plan=plan).order_by("position")[0].responsible == "Attīstības nodaļa"
    assert client.post(url(plan, 11), mine).status_code == 409  # the old page again: still their change to see
    again = dict(response.context["editor"].data.items())  # the page that came back, keeping my value
    assert again["revision"] == str(response.context["editor"].revision)
    assert client.post(url(plan, 11), again).status_code == 302
    assert MonitoringActivity.objects.filter(plan=plan).order_by("position")[0].responsible == "Sociālais dienests"


def test_new_row_partial_renders_the_next_form(client, editor, plan):
    client.force_login(editor)
    response = client.get(reverse("worksheets:new_row", args=[plan.pk, 10, "risks"]), {"risks-TOTAL_FORMS": 5})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="risks-5-factor"' in body
    assert "<html" not in body


def test_completeness_and_row_counts_on_the_overview(client, editor, plan):
    client.force_login(editor)
    progress = {p.worksheet.number: p for p in client.get(plan.get_absolute_url()).context["progress"]}
    assert (progress[1].completeness, progress[1].rows) == ("empty", 0)
    assert (progress[10].completeness, progress[10].rows) == ("started", 5)
    goal, task = make_goal_with_task(plan)
    progress = {p.worksheet.number: p for p in client.get(plan.get_absolute_url()).context["progress"]}
    assert (progress[6].completeness, progress[6].rows) == ("complete", 2)


def test_quality_checks_point_at_the_rows_concerned(client, editor, plan):
    goal, task = make_goal_with_task(plan, goal_text="Veicināt sociālo uzņēmējdarbību", task_text="Seminārs")
    activity = ActivityFactory(task=task, description="Rīkot semināru", timeline="2026")
    Risk.objects.filter(plan=plan).delete()
    RiskFactory(plan=plan, factor="Zems risks", level="low")
    medium = RiskFactory(plan=plan, factor="Vidējs risks", level="medium")
    client.force_login(editor)
    problems = client.get(plan.get_absolute_url()).context["problems"]
    messages = [(p.worksheet.number, p.message, p.anchor) for p in problems if p.anchor.startswith("row-")]
    assert messages == [
        (
            6,
            "Mērķim „1. Veicināt sociālo uzņēmējdarbību” nav neviena rādītāja (8. darba lapa).",
            f"row-goals-{goal.pk}",
        ),
        (6, "Mērķis „1. Veicināt sociālo uzņēmējdarbību” nav ierobežots laikā: norādiet gadu.", f"row-goals-{goal.pk}"),
        (
            7,
            "Aktivitātei Nr. 1 trūkst: Atbildīgā struktūrvienība pašvaldībā, Finansējuma avots.",
            f"row-activities-{activity.pk}",
        ),
        (10, "Riskam Nr. 2 (vidējs) nav preventīvo pasākumu.", f"row-risks-{medium.pk}"),
    ]


def test_every_worksheet_page_shows_purpose_and_example_in_latvian(client, editor, plan):
    client.force_login(editor)
    body = client.get(url(plan, 6)).content.decode()
    assert "noteikt prioritātes sociālās uzņēmējdarbības attīstībai un konkrētus uzdevumus" in body
    assert "Palielināt sociālo uzņēmumu skaitu pašvaldībā par 20% līdz 2027. gadam" in body
    for worksheet in WORKSHEETS:
        response = client.get(url(plan, worksheet.number))
        assert response.status_code == 200
        assert str(worksheet.purpose) in response.content.decode()


def test_unknown_worksheet_is_404(client, editor, plan):
    client.force_login(editor)
    assert client.get(url(plan, 12)).status_code == 404
    assert (
        client.get(reverse("worksheets:new_row", args=[plan.pk, 6, "nope"]), {"nope-TOTAL_FORMS": 0}).status_code == 404
    )
