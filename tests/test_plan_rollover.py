"""A new period's plan started as a copy of an earlier plan: what is copied, what starts empty, who may do it, and
the earlier period shown beside worksheets 6, 7 and 8."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    CooperationFactory,
    IndicatorFactory,
    PolicyDocumentFactory,
    RiskFactory,
    StrategicGoalFactory,
    TaskFactory,
    UserFactory,
    editor_of,
)
from worksheets.editing import rollover, services
from worksheets.editing.forms import ActionPlanCreateForm
from worksheets.models import (
    ActionPlan,
    Activity,
    Cooperation,
    Indicator,
    MonitoringActivity,
    PlanStatus,
    PolicyDocument,
    ProgressStatus,
    Risk,
    RiskLevel,
    StrategicGoal,
    Task,
    WorksheetNote,
)
from worksheets.registry import ALL_TABLES, BY_NUMBER, STANDARD_MONITORING, STANDARD_RISKS, WORKSHEETS

pytestmark = pytest.mark.django_db

ALL = [w.number for w in WORKSHEETS]
RECOMMENDATION = "Turpināt palielināt sociālo uzņēmumu skaitu par 2 gadā"
ACHIEVED = "Palielināts sociālo uzņēmēju skaits novadā par 2."


@pytest.fixture
def previous(plan):
    """Aizkraukle's 2026–2027 plan as its period ends: two goals with tasks, activities and indicators whose
    progress is recorded, a changed standard risk and an own one, monitoring with a status, plan-level answers."""
    plan.support_given = "Telpas biznesa inkubatorā"
    plan.partners_identified = True
    plan.save()
    first = StrategicGoalFactory(plan=plan, text="Līdz 2027. gadam divi jauni sociālie uzņēmumi")
    second = StrategicGoalFactory(plan=plan, text="Līdz 2027. gadam jaunieši iepazīst sociālo uzņēmējdarbību")
    grants = TaskFactory(goal=first, text="Grantu konkurss jaunajiem uzņēmējiem")
    mentoring = TaskFactory(goal=first, text="Mentoru tīkls")
    schools = TaskFactory(goal=second, text="Spēle skolās")
    ActivityFactory(
        task=grants,
        description="Grantu konkursa nolikums",
        timeline="2026. gada pirmā puse",
        status=ProgressStatus.DONE,
        due_date=datetime.date(2026, 6, 30),
    )
    ActivityFactory(task=mentoring, description="Mentoru tikšanās", status=ProgressStatus.LATE)
    ActivityFactory(task=schools, description="Spēles materiāli skolām", status=ProgressStatus.CANCELLED)
    IndicatorFactory(
        goal=first, indicator="SU skaits", target="2", achieved_result=ACHIEVED, recommendations=RECOMMENDATION
    )
    IndicatorFactory(goal=second, indicator="Iesaistīto skolu skaits", target="5", achieved_result="10 skolas")
    PolicyDocumentFactory(plan=plan, title="Sociālā uzņēmuma likums")
    CooperationFactory(plan=plan, organisation="Biedrība „Ābele”")
    first_risk = Risk.objects.filter(plan=plan).order_by("position").first()
    first_risk.level = RiskLevel.HIGH
    first_risk.preventive_measures = "Piesaistīt ES fondus"
    first_risk.save()
    RiskFactory(plan=plan, factor="Skolotāju zināšanu trūkums", level=RiskLevel.MEDIUM, preventive_measures="Kursi")
    monitoring = MonitoringActivity.objects.filter(plan=plan).order_by("position").first()
    monitoring.status = ProgressStatus.DONE
    monitoring.due_date = datetime.date(2026, 3, 1)
    monitoring.save()
    MonitoringActivity.objects.filter(plan=plan).order_by("-position").first().delete()  # the officers dropped one
    return plan


def copy(previous, user, worksheets=ALL, **kwargs):
    return services.plan_create(
        user=user,
        municipality=previous.municipality,
        period_start=2028,
        period_end=2029,
        title="Rīcības plāns 2028–2029",
        copy_from=previous,
        worksheets=worksheets,
        **kwargs,
    )


def test_links_point_at_the_copies(previous, editor):
    new = copy(previous, editor)
    goals = {g.text: g for g in StrategicGoal.objects.filter(plan=new)}
    assert list(StrategicGoal.objects.filter(plan=new).values_list("text", flat=True)) == list(
        StrategicGoal.objects.filter(plan=previous).values_list("text", flat=True)
    )
    tasks = {t.text: t for t in Task.objects.filter(plan=new).select_related("goal")}
    assert {text: task.goal.text for text, task in tasks.items()} == {
        "Grantu konkurss jaunajiem uzņēmējiem": "Līdz 2027. gadam divi jauni sociālie uzņēmumi",
        "Mentoru tīkls": "Līdz 2027. gadam divi jauni sociālie uzņēmumi",
        "Spēle skolās": "Līdz 2027. gadam jaunieši iepazīst sociālo uzņēmējdarbību",
    }
    assert all(task.goal.plan_id == new.pk for task in tasks.values())
    activities = Activity.objects.filter(plan=new).select_related("task")
    assert {a.description: a.task.text for a in activities} == {
        "Grantu konkursa nolikums": "Grantu konkurss jaunajiem uzņēmējiem",
        "Mentoru tikšanās": "Mentoru tīkls",
        "Spēles materiāli skolām": "Spēle skolās",
    }
    assert {a.task_id for a in activities} <= {t.pk for t in tasks.values()}
    indicators = Indicator.objects.filter(plan=new)
    assert {i.indicator: i.goal_id for i in indicators} == {
        "SU skaits": goals["Līdz 2027. gadam divi jauni sociālie uzņēmumi"].pk,
        "Iesaistīto skolu skaits": goals["Līdz 2027. gadam jaunieši iepazīst sociālo uzņēmējdarbību"].pk,
    }
    # the earlier plan is untouched
    assert Task.objects.filter(plan=previous).count() == 3
    assert set(Activity.objects.filter(plan=previous).values_list("task__plan", flat=True)) == {previous.pk}


def test_rows_keep_their_order_and_content(previous, editor):
    new = copy(previous, editor)
    for _worksheet, table in ALL_TABLES:
        kept = [c.name for c in table.bound_columns if not c.is_link and c not in rollover.reset_columns(table)]
        before = list(table.model.objects.filter(plan=previous).order_by("position", "pk").values_list(*kept))
        after = list(table.model.objects.filter(plan=new).order_by("position", "pk").values_list(*kept))
        assert after == before, table.key
        positions = list(table.model.objects.filter(plan=new).order_by("position").values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1)), table.key


def test_progress_columns_start_empty(previous, editor):
    new = copy(previous, editor)
    assert set(Activity.objects.filter(plan=new).values_list("status", "due_date")) == {(ProgressStatus.PLANNED, None)}
    assert Activity.objects.get(plan=new, description="Grantu konkursa nolikums").timeline == "2026. gada pirmā puse"
    assert set(Indicator.objects.filter(plan=new).values_list("achieved_result", "recommendations")) == {("", "")}
    assert set(Indicator.objects.filter(plan=new).values_list("target", flat=True)) == {"2", "5"}
    assert set(MonitoringActivity.objects.filter(plan=new).values_list("status", "due_date")) == {
        (ProgressStatus.PLANNED, None)
    }
    # what the registry marks as progress is what the copy resets
    reset = {(t.model.__name__, c.name) for _w, t in ALL_TABLES for c in rollover.reset_columns(t)}
    assert reset == {
        ("Activity", "status"),
        ("Activity", "due_date"),
        ("Indicator", "achieved_result"),
        ("Indicator", "recommendations"),
        ("MonitoringActivity", "status"),
        ("MonitoringActivity", "due_date"),
    }
    # the earlier plan keeps its results
    assert Indicator.objects.get(plan=previous, indicator="SU skaits").achieved_result == ACHIEVED


def test_standard_rows_are_not_doubled(previous, editor):
    new = copy(previous, editor)
    risks = list(Risk.objects.filter(plan=new).order_by("position").values_list("factor", "level"))
    assert risks == list(Risk.objects.filter(plan=previous).order_by("position").values_list("factor", "level"))
    assert len(risks) == len(STANDARD_RISKS) + 1
    assert risks[0][1] == RiskLevel.HIGH
    monitoring = list(
        MonitoringActivity.objects.filter(plan=new).order_by("position").values_list("activity", flat=True)
    )
    assert monitoring == list(
        MonitoringActivity.objects.filter(plan=previous).order_by("position").values_list("activity", flat=True)
    )
    assert len(monitoring) == len(STANDARD_MONITORING) - 1  # the one the officers dropped stays dropped


def test_a_worksheet_not_carried_gets_the_standard_rows_or_stays_empty(previous, editor):
    new = copy(previous, editor, worksheets=[6, 8])
    assert Risk.objects.filter(plan=new).count() == len(STANDARD_RISKS)
    assert not Risk.objects.filter(plan=new).exclude(level="").exists()
    assert MonitoringActivity.objects.filter(plan=new).count() == len(STANDARD_MONITORING)
    for model in (PolicyDocument, Cooperation, Activity):
        assert not model.objects.filter(plan=new).exists(), model
    assert StrategicGoal.objects.filter(plan=new).count() == 2
    assert Task.objects.filter(plan=new).count() == 3
    assert Indicator.objects.filter(plan=new, goal__plan=new).count() == 2
    new.refresh_from_db()
    assert (new.support_given, new.partners_identified) == ("", False)  # ws 5 and 9 not carried


def test_the_notes_of_the_carried_worksheets_are_copied(previous, editor):
    WorksheetNote.objects.create(plan=previous, number=1, text="Dokumenti, kas attiecas uz visu novadu.")
    WorksheetNote.objects.create(plan=previous, number=4, text="Tikai sociālajiem uzņēmējiem")
    new = copy(previous, editor, worksheets=[1, 2])
    assert list(WorksheetNote.objects.filter(plan=new).values_list("number", "text")) == [
        (1, "Dokumenti, kas attiecas uz visu novadu.")
    ]
    record = WorksheetNote.history.get(plan_id=new.pk)
    assert (record.history_user, record.history_change_reason) == (editor, "nokopēts no Aizkraukles novads 2026–2027")


def test_a_link_into_a_worksheet_not_carried_becomes_empty(previous, editor):
    new = copy(previous, editor, worksheets=[7, 8])
    assert not StrategicGoal.objects.filter(plan=new).exists()
    assert set(Activity.objects.filter(plan=new).values_list("task", flat=True)) == {None}
    assert set(Indicator.objects.filter(plan=new).values_list("goal", flat=True)) == {None}
    assert Activity.objects.filter(plan=new).count() == 3


def test_non_empty_links_stay_within_their_worksheet():
    """A worksheet is carried whole, so a link that may not be empty must point into its own worksheet."""
    for worksheet, table in ALL_TABLES:
        for column in table.link_columns:
            if not column.field.null:
                assert column.field.related_model in {t.model for t in worksheet.tables}, (table.key, column.name)


def test_copied_from_and_plan_level_fields_are_recorded(previous, editor):
    new = copy(previous, editor)
    new.refresh_from_db()
    assert new.copied_from == previous
    assert (new.status, new.created_by, new.period) == (PlanStatus.DRAFT, editor, "2028–2029")
    assert (new.support_given, new.partners_identified, new.meetings_held) == ("Telpas biznesa inkubatorā", True, False)
    assert list(previous.copies.all()) == [new]
    empty = services.plan_create(
        user=editor, municipality=previous.municipality, period_start=2030, period_end=2031, title="Tukšs"
    )
    assert empty.copied_from is None


def test_deleting_the_earlier_plan_leaves_the_copy(previous, editor):
    new = copy(previous, editor)
    for _worksheet, table in reversed(ALL_TABLES):
        table.model.objects.filter(plan=previous).delete()
    previous.delete()
    new.refresh_from_db()
    assert new.copied_from is None
    assert StrategicGoal.objects.filter(plan=new).count() == 2


def test_history_names_the_officer_and_the_plan_copied_from(previous, editor):
    new = copy(previous, editor)
    reason = "nokopēts no Aizkraukles novads 2026–2027"  # in the municipality's language
    for _worksheet, table in ALL_TABLES:
        records = table.model.history.filter(plan_id=new.pk)
        assert records.count() == table.model.objects.filter(plan=new).count(), table.key
        assert set(records.values_list("history_type", "history_user", "history_change_reason")) <= {
            ("+", editor.pk, reason)
        }, table.key
    created = new.history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == ("+", editor, reason)


def test_the_history_page_shows_the_copied_rows_as_added_by_the_officer(client, previous, editor):
    new = copy(previous, editor)
    client.force_login(editor)
    response = client.get(reverse("worksheets:history", args=[new.pk, 6]))
    entries = response.context["entries"]
    assert {(e.kind, e.user) for e in entries} == {("+", editor)}
    assert {e.row_title for e in entries} >= {"Mentoru tīkls", "Līdz 2027. gadam divi jauni sociālie uzņēmumi"}


# --- the form and the view ---------------------------------------------------------------------------------


def form_data(previous, **changes):
    data = {
        "municipality": previous.municipality_id,
        "period_start": 2028,
        "period_end": 2029,
        "title": "Rīcības plāns 2028–2029",
        "source": str(previous.pk),
        "worksheets": [str(n) for n in ALL],
    }
    return data | changes


def test_the_form_offers_the_latest_plan_and_every_worksheet(client, previous, editor, aizkraukle):
    older = ActionPlanFactory(municipality=aizkraukle, period_start=2022, period_end=2024, title="Vecais plāns")
    client.force_login(editor)
    response = client.get(reverse("worksheets:plan_create"))
    form = response.context["form"]
    assert form["source"].value() == str(previous.pk)
    assert [int(n) for n in form["worksheets"].value()] == ALL
    body = response.content.decode()
    assert f'<option value="{previous.pk}" selected>' in body
    assert f'<option value="{older.pk}">' in body
    assert "Tukšs plāns" in body
    assert body.count('name="worksheets"') == 11


def test_an_editor_copies_the_plan_through_the_form(client, previous, editor):
    client.force_login(editor)
    response = client.post(reverse("worksheets:plan_create"), form_data(previous, worksheets=["6", "7", "8"]))
    new = ActionPlan.objects.get(period_start=2028)
    assert response.status_code == 302
    assert response.url == new.get_absolute_url()
    assert new.copied_from == previous
    assert Activity.objects.filter(plan=new, task__plan=new).count() == 3
    assert not PolicyDocument.objects.filter(plan=new).exists()
    assert Risk.objects.filter(plan=new).count() == len(STANDARD_RISKS)


def test_an_empty_plan_is_still_possible(client, previous, editor):
    client.force_login(editor)
    response = client.post(reverse("worksheets:plan_create"), form_data(previous, source=""))
    new = ActionPlan.objects.get(period_start=2028)
    assert response.status_code == 302
    assert new.copied_from is None
    assert not StrategicGoal.objects.filter(plan=new).exists()
    assert Risk.objects.filter(plan=new).count() == len(STANDARD_RISKS)


@pytest.mark.parametrize("who", ["viewer", "coordinator", "other_coordinator"])
def test_outsiders_cannot_create_or_copy(client, previous, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("worksheets:plan_create")).status_code == 403
    assert client.post(reverse("worksheets:plan_create"), form_data(previous)).status_code == 403
    assert not ActionPlan.objects.filter(period_start=2028).exists()


def test_another_municipalitys_editor_cannot_copy_into_or_out_of_it(client, previous, other_editor, bauska):
    client.force_login(other_editor)
    response = client.post(reverse("worksheets:plan_create"), form_data(previous))  # Aizkraukle's plan, for it
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"municipality", "source"}
    response = client.post(reverse("worksheets:plan_create"), form_data(previous, municipality=bauska.pk))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"source"}
    assert not ActionPlan.objects.filter(period_start=2028).exists()


def test_an_administrator_starts_no_plans(client, previous):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.post(reverse("worksheets:plan_create"), form_data(previous)).status_code == 403


def test_anonymous_is_sent_to_login(client, previous):
    response = client.post(reverse("worksheets:plan_create"), form_data(previous))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_plan_of_another_municipality_is_refused_with_a_message(client, previous, editor, bauska):
    bauska_plan = ActionPlanFactory(municipality=bauska, status=PlanStatus.PUBLISHED)  # readable, not Aizkraukle's
    bauska_draft = ActionPlanFactory(municipality=bauska, period_start=2028, period_end=2029)
    client.force_login(editor)
    for source in (bauska_plan, bauska_draft):
        response = client.post(reverse("worksheets:plan_create"), form_data(previous, source=str(source.pk)))
        assert response.status_code == 200
        assert response.context["form"].errors["source"]
        assert "Izvēlieties kādu no pašvaldības plāniem, ko kopēt, vai tukšu plānu." in response.content.decode()
    for bad in ("abc", "-1", "99999999999999999999999", str(previous.pk + 1000)):
        response = client.post(reverse("worksheets:plan_create"), form_data(previous, source=bad))
        assert response.status_code == 200, bad
        assert response.context["form"].errors["source"], bad
    assert not ActionPlan.objects.filter(municipality=previous.municipality, period_start=2028).exists()


def test_an_editor_of_two_municipalities_copies_only_within_one(client, previous, editor, bauska):
    editor_of(bauska, user=editor)
    bauska_plan = ActionPlanFactory(municipality=bauska, period_start=2026, period_end=2027)
    client.force_login(editor)
    form = client.get(reverse("worksheets:plan_create")).context["form"]
    assert form["source"].value() == "latest"
    response = client.post(reverse("worksheets:plan_create"), form_data(previous, source=str(bauska_plan.pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["source"] == [
        "Plānu var kopēt tikai tās pašas pašvaldības ietvaros: izvēlieties šīs pašvaldības plānu (Aizkraukles novads)."
    ]
    assert not ActionPlan.objects.filter(period_start=2028).exists()
    response = client.post(reverse("worksheets:plan_create"), form_data(previous, source="latest"))
    assert response.status_code == 302
    assert ActionPlan.objects.get(period_start=2028, municipality=previous.municipality).copied_from == previous


def test_a_period_taken_meanwhile_is_a_form_error(client, previous, editor, monkeypatch):
    """Two officers create the same period at once: the second's insert fails; the form says why."""
    monkeypatch.setattr(ActionPlanCreateForm, "validate_unique", lambda self: None)  # as if checked before
    client.force_login(editor)
    response = client.post(reverse("worksheets:plan_create"), form_data(previous, period_start=2026, period_end=2027))
    assert response.status_code == 200
    assert "Šai pašvaldībai jau ir plāns šim periodam." in response.content.decode()
    assert ActionPlan.objects.filter(municipality=previous.municipality).count() == 1


def test_a_plan_to_copy_deleted_meanwhile_is_a_form_error(client, previous, editor, monkeypatch):
    """The plan to copy is deleted between checking the form and copying: the form says so, nothing is created."""
    checked = ActionPlanCreateForm.clean

    def clean_then_delete_the_source(form):
        cleaned = checked(form)
        source = cleaned["copy_from"]
        for _worksheet, table in reversed(ALL_TABLES):
            table.model.objects.filter(plan=source).delete()
        source.delete()
        return cleaned

    monkeypatch.setattr(ActionPlanCreateForm, "clean", clean_then_delete_the_source)
    client.force_login(editor)
    response = client.post(reverse("worksheets:plan_create"), form_data(previous))
    assert response.status_code == 200
    assert response.context["form"].errors["source"] == ["Kopējamais plāns pa to laiku ir dzēsts. Izvēlieties citu."]
    assert not ActionPlan.objects.exists()


def test_the_service_copies_only_within_a_municipality(previous, editor, bauska):
    with pytest.raises(ValueError, match="copied within its municipality"):
        services.plan_create(
            user=editor, municipality=bauska, period_start=2028, period_end=2029, title="X", copy_from=previous
        )
    assert not ActionPlan.objects.filter(municipality=bauska).exists()


# --- the earlier period beside worksheets 6, 7 and 8 --------------------------------------------------------


def test_the_previous_period_is_shown_beside_worksheets_6_7_and_8(client, previous, editor):
    new = copy(previous, editor)
    client.force_login(editor)
    for number in (6, 7, 8):
        response = client.get(reverse("worksheets:worksheet", args=[new.pk, number]))
        body = response.content.decode()
        assert 'id="previous-period"' in body, number
        assert RECOMMENDATION in body, number
        assert ACHIEVED in body, number
        assert f'href="{previous.get_absolute_url()}"' in body, number
    body = client.get(reverse("worksheets:worksheet", args=[new.pk, 7])).content.decode()
    assert "Mentoru tikšanās" in body and "kavējas" in body  # the earlier activity's status
    for number in (5, 9):
        body = client.get(reverse("worksheets:worksheet", args=[new.pk, number])).content.decode()
        assert 'id="previous-period"' not in body, number
    body = client.get(new.get_absolute_url()).content.decode()
    assert 'id="copied-from"' in body


def test_the_previous_period_data(previous, editor):
    new = copy(previous, editor)
    shown = rollover.previous_period(new, BY_NUMBER[8], editor)
    assert shown.plan == previous
    assert [(i.number, i.indicator, i.goal, i.achieved_result, i.recommendations) for i in shown.indicators] == [
        ("1", "SU skaits", "1. Līdz 2027. gadam divi jauni sociālie uzņēmumi", ACHIEVED, RECOMMENDATION),
        (
            "2",
            "Iesaistīto skolu skaits",
            "2. Līdz 2027. gadam jaunieši iepazīst sociālo uzņēmējdarbību",
            "10 skolas",
            "",
        ),
    ]
    assert shown.activities == []  # statuses beside worksheet 7 only
    on_ws7 = rollover.previous_period(new, BY_NUMBER[7], editor)
    assert [(a.description, a.status) for a in on_ws7.activities] == [
        ("Grantu konkursa nolikums", ProgressStatus.DONE),
        ("Mentoru tikšanās", ProgressStatus.LATE),
        ("Spēles materiāli skolām", ProgressStatus.CANCELLED),
    ]
    assert rollover.previous_period(new, BY_NUMBER[5], editor) is None
    assert rollover.previous_period(previous, BY_NUMBER[8], editor) is None  # not a copy


def test_activities_without_a_recorded_status_are_not_listed(previous, editor):
    Activity.objects.filter(plan=previous).update(status=ProgressStatus.PLANNED)
    new = copy(previous, editor)
    assert rollover.previous_period(new, BY_NUMBER[7], editor).activities == []


def test_the_previous_period_is_shown_only_to_who_may_read_that_plan(client, previous, editor, other_editor):
    new = copy(previous, editor)
    ActionPlan.objects.filter(pk=new.pk).update(status=PlanStatus.PUBLISHED)  # readable by everybody
    ActionPlan.objects.filter(pk=previous.pk).update(status=PlanStatus.DRAFT)  # readable by its members only
    client.force_login(other_editor)
    response = client.get(reverse("worksheets:worksheet", args=[new.pk, 8]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="previous-period"' not in body
    assert RECOMMENDATION not in body
    assert 'id="copied-from"' not in client.get(new.get_absolute_url()).content.decode()
    ActionPlan.objects.filter(pk=previous.pk).update(status=PlanStatus.PUBLISHED)
    assert RECOMMENDATION in client.get(reverse("worksheets:worksheet", args=[new.pk, 8])).content.decode()


def test_a_plan_that_is_no_copy_shows_no_previous_period_and_asks_nothing(client, previous, editor):
    client.force_login(editor)
    response = client.get(reverse("worksheets:worksheet", args=[previous.pk, 8]))
    assert 'id="previous-period"' not in response.content.decode()
