""" "Changed since your last visit" on the coordinator's dashboard is kept per user and region in the database, so it
survives logging out."""

import datetime

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from tests.factories import RegionFactory, coordinator_of
from worksheets.editing import services
from worksheets.models import ActionPlan, DashboardVisit
from worksheets.review.dashboard import dashboard_visit

pytestmark = pytest.mark.django_db

CHANGED = "jauns kopš jūsu pēdējā apmeklējuma"


@pytest.fixture
def bauska_plan(bauska, other_editor):
    return services.plan_create(user=other_editor, municipality=bauska, period_start=2026, period_end=2027, title="B")


def dashboard(client, region):
    response = client.get(reverse("worksheets:dashboard", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def change(plan: ActionPlan) -> None:
    """A change to the plan after every visit so far (the visits are moved a second back, so the clock's resolution
    cannot make them simultaneous)."""
    DashboardVisit.objects.update(visited_at=F("visited_at") - datetime.timedelta(seconds=1))
    plan.title = f"{plan.title}, labots"
    plan.save()


def test_the_last_visit_survives_logging_out(client, coordinator, zemgale, bauska_plan):
    client.force_login(coordinator)
    assert CHANGED not in dashboard(client, zemgale)
    client.logout()
    change(bauska_plan)
    visit = DashboardVisit.objects.get(user=coordinator, region=zemgale)

    again = Client()  # a new session, as after signing in again the next day
    again.force_login(coordinator)
    body = dashboard(again, zemgale)
    assert body.count(CHANGED) == 1
    assert body.index("Bauskas novads") < body.index(CHANGED)
    assert DashboardVisit.objects.get(user=coordinator, region=zemgale).visited_at > visit.visited_at
    assert CHANGED not in dashboard(again, zemgale)  # seen now


def test_each_coordinator_has_their_own_last_visit(client, coordinator, zemgale, bauska_plan):
    colleague = coordinator_of(zemgale, user__username="ilze")
    client.force_login(coordinator)
    dashboard(client, zemgale)
    change(bauska_plan)
    client.force_login(colleague)
    assert CHANGED not in dashboard(client, zemgale)  # the colleague's first visit: nothing to compare with
    client.force_login(coordinator)
    assert CHANGED in dashboard(client, zemgale)


def test_the_last_visit_is_kept_per_region(client, coordinator, zemgale, bauska_plan):
    other_region = RegionFactory(name="Latgales plānošanas reģions", slug="latgale")
    coordinator_of(other_region, user=coordinator)
    client.force_login(coordinator)
    dashboard(client, zemgale)
    change(bauska_plan)
    dashboard(client, other_region)  # looking at another region does not mark Zemgale as seen
    assert CHANGED in dashboard(client, zemgale)
    assert set(DashboardVisit.objects.filter(user=coordinator).values_list("region__slug", flat=True)) == {
        "zemgale",
        "latgale",
    }


def test_the_service_answers_the_visit_before_and_keeps_one_row(coordinator, zemgale):
    assert dashboard_visit(coordinator, zemgale) is None
    first = DashboardVisit.objects.get(user=coordinator, region=zemgale).visited_at
    assert dashboard_visit(coordinator, zemgale) == first
    assert DashboardVisit.objects.filter(user=coordinator, region=zemgale).count() == 1


def test_outsiders_are_refused_and_leave_no_visit(client, zemgale, editor, viewer, other_coordinator):
    url = reverse("worksheets:dashboard", args=[zemgale.slug])
    for user in (editor, viewer, other_coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not DashboardVisit.objects.exists()
