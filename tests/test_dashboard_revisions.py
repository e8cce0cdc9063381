"""The coordinator's dashboard lists every plan its coordinator works on or follows, not only each municipality's
latest one: a revision of an earlier period in review, its open comments and "changed since your last visit" show
beside a new period's draft."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ActionPlanFactory, CommentFactory, MunicipalityFactory
from worksheets.editing import services
from worksheets.models import ActionPlan, DashboardVisit, PlanStatus, StrategicGoal
from worksheets.registry import BY_NUMBER
from worksheets.review.comments import comment_add
from worksheets.review.dashboard import region_dashboard
from worksheets.review.lifecycle import plan_transition
from worksheets.seed.demo import fill_plan

pytestmark = pytest.mark.django_db

CHANGED = "jauns kopš jūsu pēdējā apmeklējuma"


def dashboard(client, region) -> str:
    response = client.get(reverse("worksheets:dashboard", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def municipality_body(page: str, name: str) -> str:
    """The dashboard's rows of one municipality (its ``<tbody>``)."""
    for body in re.findall(r"<tbody>.*?</tbody>", page, flags=re.S):
        if f">{name}</th>" in body:
            return body
    raise AssertionError(f"{name} is not on the dashboard")


def seen_a_second_ago() -> None:
    """Move every dashboard visit a second back, and every change so far two seconds back, so a change made now is
    after the visit and those before stay before it, whatever the clock's resolution."""
    DashboardVisit.objects.update(visited_at=F("visited_at") - datetime.timedelta(seconds=1))
    ActionPlan.objects.update(updated_at=F("updated_at") - datetime.timedelta(seconds=2))


@pytest.fixture
def published(sound_plan, editor, coordinator):
    """Aizkraukle's 2026–2027 plan, submitted, approved and published."""
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    plan_transition(plan=sound_plan, action="publish", user=coordinator)
    return sound_plan


@pytest.fixture
def next_draft(published, editor, aizkraukle):
    """Aizkraukle's 2028–2029 draft: the latest plan by period."""
    return services.plan_create(
        user=editor, municipality=aizkraukle, period_start=2028, period_end=2029, title="Rīcības plāns 2028–2029"
    )


def test_a_submitted_revision_of_an_earlier_period_shows_beside_the_new_draft_with_its_comment_and_change_mark(
    client, published, next_draft, editor, coordinator, zemgale
):
    client.force_login(coordinator)
    plan_transition(plan=published, action="reopen", user=coordinator, comment="Jāpapildina 2. mērķis.")
    goal = StrategicGoal.objects.get(plan=published)
    comment_add(
        plan=published, worksheet=BY_NUMBER[6], user=coordinator, text="Precizējiet mērķi", row=f"goals:{goal.pk}"
    )
    dashboard(client, zemgale)  # the coordinator's visit before the editor submits
    seen_a_second_ago()
    plan_transition(plan=published, action="submit", user=editor, comment="Papildināts.")

    page = dashboard(client, zemgale)
    rows = municipality_body(page, "Aizkraukles novads")
    assert f'<a href="{published.get_absolute_url()}">2026–2027</a>' in rows  # the revision waiting for review
    assert f'<a href="{next_draft.get_absolute_url()}">2028–2029</a>' in rows  # and the new period's draft
    assert rows.index("2028–2029") < rows.index("2026–2027")  # latest period first
    assert "Iesniegts izvērtēšanai" in rows
    assert "Tiek gatavota plāna pārskatīšana." in rows  # marked as the revision of a published plan
    assert rows.count('</svg> 1<span class="visually-hidden">') == 1  # the open comment, on the revision's worksheet 6
    revision_row = rows[rows.index("2026–2027") :]
    assert '</svg> 1<span class="visually-hidden">' in revision_row
    assert revision_row.count(CHANGED) == 1  # submitted since the last visit
    assert "1 plāns ir mainīts" in page  # the draft did not change
    assert CHANGED not in dashboard(client, zemgale)  # seen now


def test_the_dashboard_lists_every_plan_not_yet_settled_and_hides_a_settled_earlier_one(
    coordinator, zemgale, aizkraukle, bauska
):
    statuses = {
        2018: PlanStatus.PUBLISHED,  # settled: hidden
        2020: PlanStatus.APPROVED,  # approved, not yet published
        2022: PlanStatus.RETURNED,
        2024: PlanStatus.SUBMITTED,
        2026: PlanStatus.DRAFT,
        2028: PlanStatus.DRAFT,  # the latest
    }
    plans = {
        start: ActionPlanFactory(municipality=aizkraukle, period_start=start, period_end=start + 1, status=status)
        for start, status in statuses.items()
    }
    published_with_comment = ActionPlanFactory(
        municipality=bauska, period_start=2018, period_end=2019, status=PlanStatus.PUBLISHED
    )
    CommentFactory(plan=published_with_comment, worksheet=3, author=coordinator)
    latest_published = ActionPlanFactory(
        municipality=bauska, period_start=2026, period_end=2027, status=PlanStatus.PUBLISHED
    )
    ActionPlanFactory(municipality=bauska, period_start=2022, period_end=2023, status=PlanStatus.PUBLISHED)

    rows = {row.municipality.pk: [item.plan for item in row.plans] for row in region_dashboard(zemgale)}
    assert rows[aizkraukle.pk] == [plans[start] for start in (2028, 2026, 2024, 2022, 2020)]
    assert rows[bauska.pk] == [latest_published, published_with_comment]  # open comments keep it on the dashboard


def test_a_published_plan_in_revision_shows_whatever_its_status(coordinator, zemgale, published, next_draft, editor):
    plan_transition(plan=published, action="reopen", user=coordinator, comment="Jāpapildina.")
    for action, user in (("submit", editor), ("approve", coordinator), (None, None)):
        plans = [item.plan for row in region_dashboard(zemgale) for item in row.plans]
        assert published in plans, published.status
        if action:
            plan_transition(plan=published, action=action, user=user, comment="Labi.")
    plan_transition(plan=published, action="publish", user=coordinator)  # the revision is published: settled
    assert published not in [item.plan for row in region_dashboard(zemgale) for item in row.plans]


def dashboard_queries(client, region) -> int:
    with CaptureQueriesContext(connection) as context:
        dashboard(client, region)
    return len(context.captured_queries)


def test_the_dashboard_runs_as_many_queries_for_many_plans_per_municipality_as_for_one(client, coordinator, zemgale):
    municipalities = [
        MunicipalityFactory(region=zemgale, name=f"Novads {index}", slug=f"novads-{index}") for index in range(3)
    ]
    for municipality in municipalities:
        plan = services.plan_create(
            user=coordinator, municipality=municipality, period_start=2026, period_end=2027, title="P"
        )
        fill_plan(plan, rows=2)
        CommentFactory(plan=plan, worksheet=7, author=coordinator)
    client.force_login(coordinator)
    dashboard(client, zemgale)  # the first visit inserts the visit; later ones update it
    one_each = dashboard_queries(client, zemgale)

    for municipality in municipalities:
        for start, status in ((2020, PlanStatus.APPROVED), (2022, PlanStatus.SUBMITTED), (2024, PlanStatus.RETURNED)):
            plan = ActionPlanFactory(municipality=municipality, period_start=start, period_end=start + 1, status=status)
            fill_plan(plan, rows=2)
            CommentFactory(plan=plan, worksheet=6, author=coordinator)
    page = dashboard(client, zemgale)
    assert page.count("2022–2023") == len(municipalities)
    assert dashboard_queries(client, zemgale) == one_each
