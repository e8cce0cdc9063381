"""The council decision after approval (recorded, corrected, attributed, never overwritten unseen), approving with
open problems or comments (confirmed, listed), and the quality check for an empty worksheet."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import CommentFactory, EngagementActivityFactory, coordinator_of
from worksheets.completeness import empty_worksheets, plan_problems
from worksheets.models import MonitoringActivity, PlanStatus, PlanVersion, Task, WorksheetNote
from worksheets.registry import BY_NUMBER
from worksheets.review import lifecycle
from worksheets.review.decisions import DecisionConflict, decision_changes, decision_record
from worksheets.review.lifecycle import ApprovalUnconfirmed, plan_transition
from worksheets.rules import RECORD_DECISION

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(sound_plan, editor, coordinator):
    """Aizkraukle's sound plan, submitted and approved without a council decision: version 1."""
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    return sound_plan


def decision_url(plan, number=1):
    return reverse("worksheets:version_decision", args=[plan.pk, number])


def decision_post(number="", date="", loaded_number="", loaded_date=""):
    return {
        "decision_number": number,
        "decision_date": date,
        "loaded_number": loaded_number,
        "loaded_date": loaded_date,
    }


def version_of(plan, number=1) -> PlanVersion:
    return PlanVersion.objects.get(plan=plan, number=number)


# --- the council decision after approval ------------------------------------------------------------------------


def test_coordinator_records_the_decision_after_approval_attributed_and_in_the_history(client, approved, coordinator):
    client.force_login(coordinator)
    response = client.post(decision_url(approved), decision_post("12/7", "2026-01-29"))
    assert response.status_code == 302
    assert response["Location"] == approved.get_absolute_url() + "#decision-1"
    version = version_of(approved)
    assert (version.decision_number, version.decision_date) == ("12/7", datetime.date(2026, 1, 29))
    last = version.history.order_by("-history_date", "-history_id").first()
    assert (last.history_type, last.history_user) == ("~", coordinator)
    changes = decision_changes(approved)
    assert [(c.version, c.user, c.number_before, c.date_before, c.number_after, c.date_after) for c in changes] == [
        (1, coordinator, "", None, "12/7", datetime.date(2026, 1, 29))
    ]
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "izmainīja 1. versijas domes lēmumu" in page
    assert "Nr. 12/7" in page


def test_a_correction_shows_before_and_after_and_an_unchanged_form_changes_nothing(client, approved, coordinator):
    client.force_login(coordinator)
    client.post(decision_url(approved), decision_post("12/7", "2026-01-29"))
    response = client.post(decision_url(approved), decision_post("12/8", "2026-01-29", "12/7", "2026-01-29"))
    assert response.status_code == 302
    assert version_of(approved).decision_number == "12/8"
    changes = decision_changes(approved)
    assert [(c.number_before, c.number_after) for c in changes] == [("12/7", "12/8"), ("", "12/7")]
    records = version_of(approved).history.count()
    response = client.post(
        decision_url(approved), decision_post("12/8", "2026-01-29", "12/8", "2026-01-29"), follow=True
    )
    assert "Domes lēmums jau bija tāds: nekas netika mainīts." in response.content.decode()
    assert version_of(approved).history.count() == records


def test_a_correction_from_a_stale_page_overwrites_nothing(client, approved, coordinator, zemgale):
    colleague = coordinator_of(zemgale, user__username="ilze")
    client.force_login(colleague)
    client.post(decision_url(approved), decision_post("12/7", "2026-01-29"))  # while the other page was open
    client.force_login(coordinator)
    response = client.post(decision_url(approved), decision_post("13/1", "2026-02-05", "", ""))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Kamēr rakstījāt, kāds ierakstīja 1. versijas domes lēmumu. Nekas netika mainīts" in body
    assert 'value="12/7"' in body  # the form shows the decision as it is now, to correct again
    version = version_of(approved)
    assert (version.decision_number, version.decision_date) == ("12/7", datetime.date(2026, 1, 29))


def test_the_service_refuses_a_stale_correction(approved, coordinator):
    version = version_of(approved)
    decision_record(
        version=version,
        user=coordinator,
        decision_number="1",
        decision_date=None,
        loaded_number="",
        loaded_date=None,
    )
    with pytest.raises(DecisionConflict):
        decision_record(
            version=version,
            user=coordinator,
            decision_number="2",
            decision_date=None,
            loaded_number="",
            loaded_date=None,
        )
    assert version_of(approved).decision_number == "1"


@pytest.mark.parametrize(
    "data",
    [
        decision_post("12/7", "29.13.2026"),
        decision_post("12/7", "vakar"),
        decision_post("x" * 101, "2026-01-29"),
        decision_post("12/7", "2026-01-29", loaded_date="nav datums"),
    ],
)
def test_bad_input_is_a_message_never_a_server_error(client, approved, coordinator, data):
    client.force_login(coordinator)
    response = client.post(decision_url(approved), data)
    assert response.status_code == 400
    assert "Domes lēmums netika saglabāts" in response.content.decode()
    version = version_of(approved)
    assert (version.decision_number, version.decision_date) == ("", None)


def test_only_the_regions_coordinator_records_the_decision(
    client, approved, editor, viewer, other_editor, other_coordinator
):
    url = decision_url(approved)
    data = decision_post("12/7", "2026-01-29")
    for user, status in [(editor, 403), (viewer, 403), (other_editor, 404), (other_coordinator, 404)]:
        client.force_login(user)
        assert client.post(url, data).status_code == status, user
    approved.status = PlanStatus.PUBLISHED  # now everybody reads it, still only the coordinator records
    approved.save()
    for user in (other_editor, other_coordinator):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
        assert "decision-1" not in client.get(approved.get_absolute_url()).content.decode()
    client.logout()
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert version_of(approved).decision_number == ""


def test_an_unknown_version_is_404_and_reading_it_is_refused(client, approved, coordinator):
    client.force_login(coordinator)
    assert client.post(decision_url(approved, 2), decision_post("1")).status_code == 404
    assert client.get(decision_url(approved)).status_code == 405


def test_the_decision_form_is_on_the_plan_page_for_the_coordinator_only(client, approved, coordinator, editor):
    client.force_login(coordinator)
    assert f'action="{decision_url(approved)}"' in client.get(approved.get_absolute_url()).content.decode()
    client.force_login(editor)
    assert f'action="{decision_url(approved)}"' not in client.get(approved.get_absolute_url()).content.decode()


def test_the_rule_is_the_coordinator_of_the_plans_region(approved, coordinator, other_coordinator, editor):
    assert coordinator.has_perm(RECORD_DECISION, approved)
    assert not other_coordinator.has_perm(RECORD_DECISION, approved)
    assert not editor.has_perm(RECORD_DECISION, approved)


# --- approving with open problems or open comments ----------------------------------------------------------------


def approve(client, plan, **data):
    return client.post(reverse("worksheets:transition", args=[plan.pk, "approve"]), data)


@pytest.fixture
def submitted_with_problems(sound_plan, editor, coordinator):
    """The sound plan with a task lacking an activity and an open comment on it, submitted."""
    goal_task = Task.objects.get(plan=sound_plan)
    task = Task.objects.create(
        plan=sound_plan, goal=goal_task.goal, text="Mentoru tīkls sociālajiem uzņēmumiem", position=2
    )
    CommentFactory(plan=sound_plan, worksheet=6, table="tasks", row_id=task.pk, author=coordinator, text="Kas vadīs?")
    plan_transition(plan=sound_plan, action="submit", user=editor, comment="Uzdevumam 1.2 aktivitātes būs vēlāk.")
    return sound_plan


def test_approving_with_open_problems_and_comments_asks_for_confirmation(client, submitted_with_problems, coordinator):
    plan = submitted_with_problems
    client.force_login(coordinator)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Pirms apstiprināšanas ņemiet vērā, kas vēl ir atvērts:" in page
    assert "Uzdevumam „1.2. Mentoru tīkls sociālajiem uzņēmumiem” nav nevienas aktivitātes (7. darba lapa)." in page
    assert "par rindu 1.2 „Mentoru tīkls sociālajiem uzņēmumiem”" in page
    assert "Domes lēmuma numurs un datums nav aizpildīti." in page
    assert 'name="confirmed"' in page

    response = approve(client, plan, decision_number="12/7", decision_date="2026-01-29")
    assert response.status_code == 400
    assert "Atzīmējiet „Tomēr apstiprināt”" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not PlanVersion.objects.filter(plan=plan).exists()

    response = approve(client, plan, decision_number="12/7", decision_date="2026-01-29", confirmed="on")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert version_of(plan).decision_number == "12/7"


def test_a_problem_opened_after_the_page_was_loaded_is_listed_before_approving(client, sound_plan, editor, coordinator):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    client.force_login(coordinator)
    assert 'name="confirmed"' not in client.get(sound_plan.get_absolute_url()).content.decode()
    CommentFactory(plan=sound_plan, worksheet=3, author=coordinator, text="Datu avots jāprecizē")  # another tab
    response = approve(client, sound_plan, decision_number="12/7", decision_date="2026-01-29")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Datu avots jāprecizē" in body
    assert 'name="confirmed"' in body
    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.SUBMITTED


def test_approving_a_plan_without_problems_goes_as_before_and_warns_of_a_missing_decision(
    client, sound_plan, editor, coordinator
):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    client.force_login(coordinator)
    response = approve(client, sound_plan)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Šai versijai vēl nav ierakstīts domes lēmums" in page
    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.APPROVED


def test_the_service_refuses_an_unconfirmed_approval_with_open_comments(sound_plan, editor, coordinator):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    CommentFactory(plan=sound_plan, worksheet=8, author=coordinator, text="Rādītājs?")
    with pytest.raises(ApprovalUnconfirmed):
        plan_transition(plan=sound_plan, action="approve", user=coordinator, confirmed=False)
    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.SUBMITTED
    record = plan_transition(plan=sound_plan, action="approve", user=coordinator, confirmed=True)
    assert record.to_status == PlanStatus.APPROVED


def test_only_the_approval_asks_for_confirmation(sound_plan, editor):
    CommentFactory(plan=sound_plan, worksheet=8, text="Rādītājs?")
    record = plan_transition(plan=sound_plan, action="submit", user=editor, confirmed=False)
    assert record.to_status == PlanStatus.SUBMITTED
    assert [t.action for t in lifecycle.TRANSITIONS if t.freezes_version] == ["approve"]


# --- the quality check for an empty worksheet ---------------------------------------------------------------------


def first_table(number: int) -> str:
    """The anchor an empty worksheet's problem points at: its first table's heading."""
    return f"table-{BY_NUMBER[number].tables[0].key}"


def test_an_empty_worksheet_is_a_problem_named_after_the_worksheet(plan):
    empty = "ir tukša: tajā nav rindu un nekas nav aizpildīts."
    problems = [(p.worksheet.number, p.message, p.anchor) for p in plan_problems(plan) if p.message.endswith(empty)]
    assert problems == [
        (1, f"Darba lapa 1 „Politikas plānošanas dokumenti un normatīvie akti” {empty}", first_table(1)),
        (2, f"Darba lapa 2 „Sadarbības modeļi ar sociāliem partneriem” {empty}", first_table(2)),
        (3, f"Darba lapa 3 „Dati un to avoti” {empty}", first_table(3)),
        (4, f"Darba lapa 4 „Vajadzību analīze mērķa grupām” {empty}", first_table(4)),
        (5, f"Darba lapa 5 „Pašvaldības rīcībā esošie resursi atbalsta īstenošanai” {empty}", first_table(5)),
        (7, f"Darba lapa 7 „Rīcības plāna sagatavošana” {empty}", first_table(7)),
        (8, f"Darba lapa 8 „Izmērāmie rādītāji un novērtēšanas metodes” {empty}", first_table(8)),
        (9, f"Darba lapa 9 „Partnerību veidošana un sabiedrības iesaiste” {empty}", first_table(9)),
    ]


def test_the_goals_worksheet_is_reported_once_and_plan_level_values_and_notes_count(plan):
    messages = [p.message for p in plan_problems(plan) if p.worksheet.number == 6]
    assert messages == ["Plānā vēl nav neviena stratēģiskā mērķa."]
    plan.support_given = "Telpas bez maksas biedrībai „Ābele”"
    plan.meetings_held = True
    plan.save()
    assert [w.number for w in empty_worksheets(plan)] == [1, 2, 3, 4, 7, 8]
    EngagementActivityFactory(plan=plan)
    plan.meetings_held = False
    plan.save()
    assert [w.number for w in empty_worksheets(plan)] == [1, 2, 3, 4, 7, 8]
    WorksheetNote.objects.create(plan=plan, number=3, text="Datu avotus apzinās 2026. gadā.")
    WorksheetNote.objects.create(plan=plan, number=4, text="")  # an emptied note is nothing written
    assert [w.number for w in empty_worksheets(plan)] == [1, 2, 4, 7, 8]


def test_an_emptied_standard_worksheet_is_flagged_and_a_sound_plan_has_no_problem(plan, sound_plan):
    assert plan_problems(sound_plan) == []
    MonitoringActivity.objects.filter(plan=sound_plan).delete()
    assert [(p.worksheet.number, p.anchor) for p in plan_problems(sound_plan)] == [(11, "table-monitoring")]


def test_the_empty_worksheet_check_is_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        empty_worksheets(plan)
