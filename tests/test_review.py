"""The review: status changes by role, comments, approved versions, notifications, progress after approval."""

import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import ActionPlanFactory, CommentFactory, MunicipalityFactory, TaskFactory
from worksheets.editing import services
from worksheets.editing.page_data import post_data
from worksheets.models import Comment, Indicator, PlanStatus, PlanTransition, PlanVersion, StrategicGoal, Task
from worksheets.review import lifecycle
from worksheets.seed.demo import fill_plan

pytestmark = pytest.mark.django_db

ACTIONS = [t.action for t in lifecycle.TRANSITIONS]
# (status, action) -> the role that may do it; everything else is refused for everybody.
ALLOWED = {
    (PlanStatus.DRAFT, "submit"): "editor",
    (PlanStatus.RETURNED, "submit"): "editor",
    (PlanStatus.SUBMITTED, "return"): "coordinator",
    (PlanStatus.SUBMITTED, "approve"): "coordinator",
    (PlanStatus.APPROVED, "publish"): "coordinator",
    (PlanStatus.APPROVED, "reopen"): "coordinator",
    (PlanStatus.PUBLISHED, "reopen"): "coordinator",
}


def transition(client, plan, action, **data):
    return client.post(reverse("worksheets:transition", args=[plan.pk, action]), data)


@pytest.mark.parametrize("status", PlanStatus.values)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_role_may_make_only_its_own_transitions(
    client, plan, editor, viewer, coordinator, other_editor, other_coordinator, status, action
):
    users = {"editor": editor, "viewer": viewer, "coordinator": coordinator, "other_editor": other_editor}
    allowed = ALLOWED.get((status, action))
    for role, user in [*users.items(), ("other_coordinator", other_coordinator)]:
        plan.status = status
        plan.save()
        client.force_login(user)
        response = transition(client, plan, action, comment="Paskaidrojums", confirmed="on")
        plan.refresh_from_db()
        if role == allowed:
            assert response.status_code == 302, (role, status, action)
            assert plan.status == lifecycle.BY_ACTION[action].to_status
        elif role in {r for (_s, a), r in ALLOWED.items() if a == action}:  # may, in another status: back to the plan
            assert response.status_code == 302, (role, status, action)
            assert response["Location"] == plan.get_absolute_url()
            assert plan.status == status
        else:
            outsider = role.startswith("other") and status != PlanStatus.PUBLISHED
            assert response.status_code == (404 if outsider else 403), (role, status, action)
            assert plan.status == status
    client.logout()
    response = transition(client, plan, action)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_submitting_with_open_problems_needs_an_explanation(client, plan, editor):
    client.force_login(editor)
    response = transition(client, plan, "submit")
    assert response.status_code == 400
    assert "paskaidrojiet" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert transition(client, plan, "submit", comment="Mērķi vēl tiek saskaņoti ar domi.").status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_returning_needs_a_comment_and_keeps_nothing_else(client, sound_plan, editor, coordinator):
    client.force_login(editor)
    transition(client, sound_plan, "submit")
    client.force_login(coordinator)
    response = transition(client, sound_plan, "return", comment="  ")
    assert response.status_code == 400
    assert "Lūdzu, uzrakstiet komentāru" in response.content.decode()
    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.SUBMITTED


def test_a_review_round_is_recorded_versioned_and_notified(
    client, sound_plan, editor, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert transition(client, sound_plan, "submit").status_code == 302
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].subject == "Aizkraukles novads 2026–2027 ir iesniegts izvērtēšanai"

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        transition(client, sound_plan, "return", comment="Precizējiet finansējuma avotus.")
    assert mail.outbox[-1].to == [editor.email]
    assert "Precizējiet finansējuma avotus." in mail.outbox[-1].body
    client.force_login(editor)
    transition(client, sound_plan, "submit", comment="Precizēts.")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        transition(client, sound_plan, "approve", decision_number="12/7", decision_date="2026-01-29")
    assert mail.outbox[-1].to == [editor.email]
    assert mail.outbox[-1].subject == "Aizkraukles novads 2026–2027 ir apstiprināts"
    transition(client, sound_plan, "publish")

    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.PUBLISHED
    steps = list(PlanTransition.objects.filter(plan=sound_plan).values_list("from_status", "to_status", "user"))
    assert steps == [
        ("draft", "submitted", editor.pk),
        ("submitted", "returned", coordinator.pk),
        ("returned", "submitted", editor.pk),
        ("submitted", "approved", coordinator.pk),
        ("approved", "published", coordinator.pk),
    ]
    version = PlanVersion.objects.get(plan=sound_plan)
    assert (version.number, version.decision_number, str(version.decision_date)) == (1, "12/7", "2026-01-29")
    page = client.get(sound_plan.get_absolute_url()).content.decode()
    assert "Precizējiet finansējuma avotus." in page
    assert "Versija 1" in page


def test_content_is_locked_after_approval_but_progress_is_recorded(client, sound_plan, editor):
    sound_plan.status = PlanStatus.APPROVED
    sound_plan.save()
    indicator = Indicator.objects.get(plan=sound_plan)
    client.force_login(editor)
    url = reverse("worksheets:worksheet", args=[sound_plan.pk, 8])
    page = client.get(url).content.decode()
    assert 'name="indicators-0-achieved_result"' in page
    assert 'name="indicators-0-indicator"' not in page
    data = post_data(sound_plan, 8)
    data["indicators-0-achieved_result"] = "3 jauni sociālie uzņēmumi"
    data["indicators-0-indicator"] = "Mēģinājums mainīt rādītāju"
    data["indicators-TOTAL_FORMS"] = 2  # an extra row is not added either
    data["indicators-1-indicator"] = "Jauns rādītājs"
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.achieved_result == "3 jauni sociālie uzņēmumi"
    assert indicator.indicator == "SU skaits"
    assert Indicator.objects.filter(plan=sound_plan).count() == 1
    # Worksheets without progress columns stay read-only.
    assert (
        client.post(reverse("worksheets:worksheet", args=[sound_plan.pk, 10]), post_data(sound_plan, 10)).status_code
        == 403
    )


def test_a_revision_becomes_the_next_version_and_the_versions_compare(client, sound_plan, editor, coordinator):
    client.force_login(editor)
    transition(client, sound_plan, "submit")
    client.force_login(coordinator)
    transition(client, sound_plan, "approve")
    transition(client, sound_plan, "reopen", comment="Jāpievieno 2027. gada aktivitātes.")
    goal = StrategicGoal.objects.get(plan=sound_plan)
    goal.text = "Līdz 2027. gadam trīs jauni sociālie uzņēmumi"
    goal.save()
    TaskFactory(goal=goal, text="Mentoru tīkls")
    client.force_login(editor)
    transition(client, sound_plan, "submit", comment="Uzdevumam 1.2 aktivitātes būs nākamgad.")
    client.force_login(coordinator)
    transition(client, sound_plan, "approve", confirmed="on")  # task 1.2 has no activity yet
    assert list(PlanVersion.objects.filter(plan=sound_plan).values_list("number", flat=True)) == [1, 2]

    page = client.get(reverse("worksheets:version_compare", args=[sound_plan.pk]) + "?a=1&b=2").content.decode()
    assert "Līdz 2027. gadam divi jauni sociālie uzņēmumi" in page
    assert "Līdz 2027. gadam trīs jauni sociālie uzņēmumi" in page
    assert "1.2. Mentoru tīkls" in page
    unchanged = client.get(reverse("worksheets:version_compare", args=[sound_plan.pk]) + "?a=2&b=current")
    assert "Atšķirību nav." in unchanged.content.decode()

    # Version 1's PDF is what the council saw, whatever the plan says now.
    content = client.get(reverse("worksheets:version_pdf", args=[sound_plan.pk, 1])).content
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    text = " ".join(text.decode().split())
    assert "divi jauni sociālie uzņēmumi" in text
    assert "trīs jauni" not in text
    assert "Mentoru tīkls" not in text
    assert "MELNRAKSTS" not in text
    assert "Versija 1" in text


def test_comments_are_written_answered_resolved_and_counted(client, sound_plan, editor, viewer, coordinator):
    task = Task.objects.get(plan=sound_plan)
    url = reverse("worksheets:comment_create", args=[sound_plan.pk, 6])
    client.force_login(editor)
    assert client.post(url, {"text": "Redaktors nevar atvērt komentāru"}).status_code == 403
    client.force_login(coordinator)
    response = client.post(url, {"text": "Uzdevums nav izmērāms.", "row": f"tasks:{task.pk}"})
    assert response.status_code == 302
    comment = Comment.objects.get(plan=sound_plan)
    assert (comment.table, comment.row_id, comment.is_open) == ("tasks", task.pk, True)
    assert client.post(url, {"text": "", "row": ""}).status_code == 400

    client.force_login(viewer)
    assert client.post(url, {"text": "Skatītājs neatbild", "parent": comment.pk}).status_code == 403
    client.force_login(editor)
    assert client.post(url, {"text": "Pievienojām mērķa vērtību.", "parent": comment.pk}).status_code == 302
    overview = client.get(sound_plan.get_absolute_url()).content.decode()
    assert "1 atvērts komentārs" in overview
    page = client.get(reverse("worksheets:worksheet", args=[sound_plan.pk, 6])).content.decode()
    assert "Uzdevums nav izmērāms." in page
    assert "Pievienojām mērķa vērtību." in page

    resolve = reverse("worksheets:comment_resolve", args=[sound_plan.pk, 6, comment.pk])
    assert client.post(resolve).status_code == 302
    comment.refresh_from_db()
    assert (comment.is_open, comment.resolved_by) == (False, editor)
    assert "atvērts komentārs" not in client.get(sound_plan.get_absolute_url()).content.decode()


def test_outsiders_cannot_comment_or_read_comments(client, plan, other_editor, other_coordinator):
    comment = CommentFactory(plan=plan, worksheet=6, text="Iekšējs komentārs")
    for user in (other_editor, other_coordinator):
        client.force_login(user)
        assert client.get(reverse("worksheets:worksheet", args=[plan.pk, 6])).status_code == 404
        assert client.post(reverse("worksheets:comment_create", args=[plan.pk, 6]), {"text": "x"}).status_code == 404
        resolve = reverse("worksheets:comment_resolve", args=[plan.pk, 6, comment.pk])
        assert client.post(resolve).status_code == 404
    client.logout()
    response = client.post(reverse("worksheets:comment_create", args=[plan.pk, 6]), {"text": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_dashboard_shows_every_municipality_with_status_and_open_comments(
    client, plan, coordinator, bauska, zemgale, editor
):
    CommentFactory(plan=plan, worksheet=10, text="Risku līmeņi?", author=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("worksheets:dashboard", args=[zemgale.slug])).content.decode()
    assert "Aizkraukles novads" in page
    assert "Bauskas novads" in page
    assert "Plāna vēl nav." in page  # Bauska
    assert '</svg> 1<span class="visually-hidden">' in page  # one open comment
    assert "Melnraksts" in page


def test_dashboard_shows_a_newer_plan_in_review_rather_than_the_plan_in_force(client, plan, coordinator, zemgale):
    plan.status = PlanStatus.PUBLISHED
    plan.save()
    newer = ActionPlanFactory(
        municipality=plan.municipality, period_start=2028, period_end=2029, status=PlanStatus.SUBMITTED
    )
    client.force_login(coordinator)
    page = client.get(reverse("worksheets:dashboard", args=[zemgale.slug])).content.decode()
    assert f'<a href="{newer.get_absolute_url()}">2028–2029</a>' in page
    assert plan.get_absolute_url() not in page
    assert "Iesniegts" in page


def test_dashboard_is_the_coordinators_only(client, zemgale, editor, viewer, other_coordinator):
    url = reverse("worksheets:dashboard", args=[zemgale.slug])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    for user in (editor, viewer, other_coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("municipalities", [6, 60])
def test_dashboard_runs_a_fixed_number_of_queries(
    client, coordinator, zemgale, municipalities, django_assert_max_num_queries
):
    for index in range(municipalities):
        municipality = MunicipalityFactory(region=zemgale, name=f"Novads {index:02d}", slug=f"novads-{index:02d}")
        plan = services.plan_create(
            user=coordinator, municipality=municipality, period_start=2026, period_end=2027, title="P"
        )
        fill_plan(plan, rows=2)
        CommentFactory(plan=plan, worksheet=7, text="?")
    client.force_login(coordinator)
    with django_assert_max_num_queries(24):  # includes saving the visit in the session
        response = client.get(reverse("worksheets:dashboard", args=[zemgale.slug]))
    assert response.content.decode().count("Novads ") == municipalities  # one row each


def test_notifications_go_to_the_right_people_only(
    client, sound_plan, editor, viewer, coordinator, other_editor, other_coordinator, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        transition(client, sound_plan, "submit")
    assert {address for message in mail.outbox for address in message.to} == {coordinator.email}
    mail.outbox.clear()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        transition(client, sound_plan, "return", comment="Jāprecizē.")
    assert {address for message in mail.outbox for address in message.to} == {editor.email}
    assert "http://127.0.0.1:8000/plans/" in mail.outbox[0].body


def test_dashboard_marks_what_changed_since_the_last_visit(client, plan, coordinator, zemgale, other_editor, bauska):
    bauska_plan = services.plan_create(
        user=other_editor, municipality=bauska, period_start=2026, period_end=2027, title="B"
    )
    url = reverse("worksheets:dashboard", args=[zemgale.slug])
    client.force_login(coordinator)
    first = client.get(url).content.decode()
    assert "kopš jūsu pēdējā apmeklējuma" not in first  # nothing to compare with yet
    bauska_plan.title = "Bauskas plāns"
    bauska_plan.save()  # a change after the visit
    second = client.get(url).content.decode()
    assert "1 plāns ir mainīts" in second
    assert second.count("jauns kopš jūsu pēdējā apmeklējuma") == 1
    assert second.index("Bauskas novads") < second.index("jauns kopš jūsu pēdējā apmeklējuma")
    assert "jauns kopš jūsu pēdējā apmeklējuma" not in client.get(url).content.decode()
