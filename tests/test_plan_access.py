"""Who may open and create plans: every view refuses outsiders."""

import pytest
from django.urls import reverse

from tests.factories import ActionPlanFactory
from worksheets.models import ActionPlan, PlanStatus
from worksheets.review.lifecycle import plan_transition

pytestmark = pytest.mark.django_db


def plan_urls(plan):
    return [
        reverse("worksheets:plan", args=[plan.pk]),
    ]


def general_urls():
    return [reverse("worksheets:plan_list"), reverse("worksheets:plan_create"), reverse("home")]


def test_anonymous_is_sent_to_login_from_every_view(client, plan):
    for url in general_urls() + plan_urls(plan):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_other_municipality_editor_is_refused_a_draft(client, plan, other_editor):
    client.force_login(other_editor)
    for url in plan_urls(plan):
        assert client.get(url).status_code == 404, url


def test_other_region_coordinator_does_not_see_drafts(client, plan, other_coordinator):
    client.force_login(other_coordinator)
    for url in plan_urls(plan):
        assert client.get(url).status_code == 404, url
    assert list(client.get(reverse("worksheets:plan_list")).context["plans"]) == []


def test_other_region_coordinator_sees_a_published_plan(client, plan, other_coordinator):
    plan.status = PlanStatus.PUBLISHED
    plan.save()
    client.force_login(other_coordinator)
    assert client.get(reverse("worksheets:plan", args=[plan.pk])).status_code == 200


def test_members_and_coordinator_open_the_draft(client, plan, editor, viewer, coordinator):
    for user in (editor, viewer, coordinator):
        client.force_login(user)
        response = client.get(reverse("worksheets:plan", args=[plan.pk]))
        assert response.status_code == 200
        assert response.context["plan"] == plan


def test_plan_list_shows_own_municipality_to_editor(client, plan, editor, bauska):
    ActionPlanFactory(municipality=bauska)
    client.force_login(editor)
    response = client.get(reverse("worksheets:plan_list"))
    assert list(response.context["plans"]) == [plan]
    assert "Aizkraukles novads" in response.content.decode()


def test_plan_list_shows_whole_region_to_coordinator(client, plan, coordinator, bauska, birzai_plan):
    bauska_plan = ActionPlanFactory(municipality=bauska)
    client.force_login(coordinator)
    response = client.get(reverse("worksheets:plan_list"))
    assert set(response.context["plans"]) == {plan, bauska_plan}


def test_editor_creates_a_plan_for_own_municipality(client, editor, aizkraukle):
    client.force_login(editor)
    response = client.post(
        reverse("worksheets:plan_create"),
        {"municipality": aizkraukle.pk, "period_start": 2026, "period_end": 2027, "title": "Rīcības plāns"},
    )
    plan = ActionPlan.objects.get()
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert (plan.municipality, plan.status, plan.created_by) == (aizkraukle, PlanStatus.DRAFT, editor)


def test_editor_cannot_create_a_plan_for_another_municipality(client, editor, bauska):
    client.force_login(editor)
    response = client.post(
        reverse("worksheets:plan_create"),
        {"municipality": bauska.pk, "period_start": 2026, "period_end": 2027, "title": "Rīcības plāns"},
    )
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert ActionPlan.objects.count() == 0


def test_viewer_and_coordinator_cannot_create_plans(client, viewer, coordinator):
    for user in (viewer, coordinator):
        client.force_login(user)
        assert client.get(reverse("worksheets:plan_create")).status_code == 403


def test_second_plan_for_same_period_is_refused_in_latvian(client, plan, editor, aizkraukle):
    client.force_login(editor)
    response = client.post(
        reverse("worksheets:plan_create"),
        {"municipality": aizkraukle.pk, "period_start": 2026, "period_end": 2027, "title": "Vēl viens"},
    )
    assert response.status_code == 200
    assert "Šai pašvaldībai jau ir plāns šim periodam." in response.content.decode()
    assert ActionPlan.objects.count() == 1


def test_period_ending_before_start_keeps_what_was_typed(client, editor, aizkraukle):
    client.force_login(editor)
    response = client.post(
        reverse("worksheets:plan_create"),
        {"municipality": aizkraukle.pk, "period_start": 2027, "period_end": 2026, "title": "Jēkabpils plāns"},
    )
    body = response.content.decode()
    assert "Periods nevar beigties pirms tā sākuma." in body
    assert 'value="Jēkabpils plāns"' in body


@pytest.fixture
def approved_plan(sound_plan, editor, coordinator):
    """Aizkraukle's plan submitted and approved (version 1 kept), not published."""
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator, decision_number="12/7")
    sound_plan.refresh_from_db()
    return sound_plan


def version_urls(plan) -> list[str]:
    return [
        reverse("worksheets:version_compare", args=[plan.pk]) + "?a=1&b=current",
        reverse("worksheets:version_pdf", args=[plan.pk, 1]),
    ]


def test_anonymous_is_sent_to_login_from_the_versions(client, approved_plan):
    for url in version_urls(approved_plan):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_outsiders_are_refused_the_versions(client, approved_plan, editor, other_editor, other_coordinator):
    assert approved_plan.status == PlanStatus.APPROVED
    client.force_login(editor)  # the plan's own editor opens them: the version is there
    for url in version_urls(approved_plan):
        assert client.get(url).status_code == 200, url
    for user in (other_editor, other_coordinator):
        client.force_login(user)
        for url in version_urls(approved_plan):
            assert client.get(url).status_code == 404, (user, url)


def test_querysets_match_the_predicates(plan, editor, viewer, coordinator, other_editor, other_coordinator):
    assert list(ActionPlan.objects.editable_by(editor)) == [plan]
    assert list(ActionPlan.objects.editable_by(viewer)) == []
    assert list(ActionPlan.objects.editable_by(coordinator)) == []
    assert list(ActionPlan.objects.visible_to(other_editor)) == []
    assert list(ActionPlan.objects.visible_to(other_coordinator)) == []
    for user in (editor, viewer, coordinator):
        assert user.has_perm("worksheets.view_plan", plan)
    assert editor.has_perm("worksheets.change_plan_content", plan)
    assert not viewer.has_perm("worksheets.change_plan_content", plan)
    assert not coordinator.has_perm("worksheets.change_plan_content", plan)
    assert coordinator.has_perm("worksheets.review_plan", plan)
    assert not other_coordinator.has_perm("worksheets.review_plan", plan)


def test_submitted_plan_is_not_editable(plan, editor):
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    assert list(ActionPlan.objects.editable_by(editor)) == []
    assert not editor.has_perm("worksheets.change_plan_content", plan)
