"""Only the municipality's editors change a draft's worksheets; everyone else is refused."""

import pytest
from django.urls import reverse

from worksheets.editing.page_data import post_data
from worksheets.models import MonitoringActivity, PlanStatus, Risk

pytestmark = pytest.mark.django_db


def read_urls(plan):
    return [
        reverse("worksheets:plan", args=[plan.pk]),
        reverse("worksheets:worksheet", args=[plan.pk, 10]),
        reverse("worksheets:history", args=[plan.pk, 10]),
    ]


def write_requests(plan):
    risk = Risk.objects.filter(plan=plan).first()
    return [
        # ws 10 has no progress columns: after approval nothing of it is editable
        ("post", reverse("worksheets:worksheet", args=[plan.pk, 10]), post_data(plan, 10)),
        ("get", reverse("worksheets:new_row", args=[plan.pk, 10, "risks"]), {"risks-TOTAL_FORMS": 5}),
        ("post", reverse("worksheets:restore_row", args=[plan.pk, 10, "risks", risk.pk]), {}),
    ]


def test_anonymous_user_is_sent_to_login(client, plan):
    for url in read_urls(plan):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    for method, url, data in write_requests(plan):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_other_municipality_editor_can_neither_read_nor_write(client, plan, other_editor):
    client.force_login(other_editor)
    for url in read_urls(plan):
        assert client.get(url).status_code == 404, url
    for method, url, data in write_requests(plan):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert MonitoringActivity.objects.filter(plan=plan, responsible="").count() == 6


def test_other_region_coordinator_can_neither_read_nor_write(client, plan, other_coordinator):
    client.force_login(other_coordinator)
    for url in read_urls(plan):
        assert client.get(url).status_code == 404, url
    for method, url, data in write_requests(plan):
        assert getattr(client, method)(url, data).status_code == 404, url


def test_viewer_and_coordinator_read_but_cannot_write(client, plan, viewer, coordinator):
    for user in (viewer, coordinator):
        client.force_login(user)
        for url in read_urls(plan):
            assert client.get(url).status_code == 200, url
        page = client.get(reverse("worksheets:worksheet", args=[plan.pk, 10])).content.decode()
        assert "Finansējuma trūkums vai nestabilitāte" in page
        assert "data-worksheet-form" not in page  # no grid to edit (a comment form may be there)
        for method, url, data in write_requests(plan):
            assert getattr(client, method)(url, data).status_code == 403, (user, url)


@pytest.mark.parametrize("status", [PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.PUBLISHED])
def test_editor_cannot_change_a_plan_outside_draft(client, plan, editor, status):
    plan.status = status
    plan.save()
    client.force_login(editor)
    page = client.get(reverse("worksheets:worksheet", args=[plan.pk, 10])).content.decode()
    assert "data-worksheet-form" not in page
    for method, url, data in write_requests(plan):
        assert getattr(client, method)(url, data).status_code == 403, url


def test_editor_changes_a_returned_plan(client, plan, editor):
    plan.status = PlanStatus.RETURNED
    plan.save()
    client.force_login(editor)
    data = post_data(plan, 11)
    data["monitoring-0-responsible"] = "Attīstības nodaļa"
    assert client.post(reverse("worksheets:worksheet", args=[plan.pk, 11]), data).status_code == 302
