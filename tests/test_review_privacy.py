"""Who sees the review: comments, the comments of status changes, the history and people's names are for the
municipality's members and its region's coordinators (and administrators); anyone else signed in sees a published
plan as the public does."""

import io
import re
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import CommentFactory, UserFactory
from worksheets.editing.page_data import post_data
from worksheets.models import Comment, PlanStatus, StrategicGoal, Task
from worksheets.review.lifecycle import plan_transition
from worksheets.rules import VIEW_REVIEW

pytestmark = pytest.mark.django_db

ROW_COMMENT = "Lūdzu precizēt uzdevuma termiņu"
GENERAL_COMMENT = "Trūkst sadarbības ar skolām"
SUBMIT_COMMENT = "Iesniedzam ar paskaidrojumu par budžetu"
APPROVE_COMMENT = "Apstiprināts domes sēdē"
REVISED_GOAL = "Līdz 2027. gadam trīs jauni sociālie uzņēmumi"
# The people who wrote, reviewed and changed the plan: nobody outside may read their names.
NAMES = ("Ilze", "Ozola", "Zane", "Kalniņa", "anna", "zane")


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def reviewed(client, sound_plan, editor, coordinator, other_editor, other_coordinator):
    """Aizkraukle's plan, changed by its editor (history), commented on a row and in general by the coordinator,
    answered, submitted and approved with comments, and published."""
    editor.first_name, editor.last_name = "Ilze", "Ozola"
    editor.save()
    coordinator.first_name, coordinator.last_name = "Zane", "Kalniņa"
    coordinator.save()
    for outsider, (first, last) in ((other_editor, ("Pēteris", "Egle")), (other_coordinator, ("Rūta", "Vaitkė"))):
        outsider.first_name, outsider.last_name = first, last
        outsider.save()
    client.force_login(editor)
    data = post_data(sound_plan, 6)
    data["goals-0-text"] = REVISED_GOAL
    assert client.post(reverse("worksheets:worksheet", args=[sound_plan.pk, 6]), data).status_code == 302
    client.logout()
    task = Task.objects.get(plan=sound_plan)
    thread = CommentFactory(
        plan=sound_plan, worksheet=6, table="tasks", row_id=task.pk, author=coordinator, text=ROW_COMMENT
    )
    CommentFactory(plan=sound_plan, worksheet=6, parent=thread, author=editor, text="Termiņš būs 2026. gada jūnijs")
    CommentFactory(plan=sound_plan, worksheet=6, author=coordinator, text=GENERAL_COMMENT)
    plan_transition(plan=sound_plan, action="submit", user=editor, comment=SUBMIT_COMMENT)
    plan_transition(plan=sound_plan, action="approve", user=coordinator, comment=APPROVE_COMMENT)
    plan_transition(plan=sound_plan, action="publish", user=coordinator)
    sound_plan.refresh_from_db()
    assert sound_plan.status == PlanStatus.PUBLISHED
    assert StrategicGoal.objects.get(plan=sound_plan).text == REVISED_GOAL
    return sound_plan


def review_texts() -> tuple[str, ...]:
    return (ROW_COMMENT, GENERAL_COMMENT, "Termiņš būs", SUBMIT_COMMENT, APPROVE_COMMENT)


def assert_private(text: str, where: str) -> None:
    for secret in review_texts():
        assert secret not in text, (where, secret)
    for name in NAMES:
        assert not re.search(rf"\b{re.escape(name)}\b", text), (where, name)


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", result.stdout.decode())


def workbook_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def review_urls(plan) -> list[str]:
    return [
        reverse("worksheets:history", args=[plan.pk, 6]),
        reverse("worksheets:history", args=[plan.pk, 9]),  # a worksheet with plan-level fields
        reverse("worksheets:version_pdf", args=[plan.pk, 1]),
        reverse("worksheets:version_compare", args=[plan.pk]) + "?a=1&b=current",
    ]


def test_outsiders_read_the_published_plan_without_the_review(english, reviewed, other_editor, other_coordinator):
    for user in (other_editor, other_coordinator):
        assert not user.has_perm(VIEW_REVIEW, reviewed)
        english.force_login(user)
        overview = english.get(reverse("worksheets:plan", args=[reviewed.pk]))
        assert overview.status_code == 200
        assert overview.context["timeline"] == [] and overview.context["versions"] == []
        assert_private(overview.content.decode(), "overview")
        assert "Timeline" not in overview.content.decode()
        for number in (6, 9):
            page = english.get(reverse("worksheets:worksheet", args=[reviewed.pk, number]))
            assert page.status_code == 200
            html = page.content.decode()
            assert_private(html, f"worksheet {number}")
            assert reverse("worksheets:history", args=[reviewed.pk, number]) not in html
            assert 'id="comments"' not in html
        assert REVISED_GOAL in english.get(reverse("worksheets:worksheet", args=[reviewed.pk, 6])).content.decode()
        assert_private(pdf_text(english.get(reverse("worksheets:plan_pdf", args=[reviewed.pk])).content), "pdf")
        assert_private(workbook_text(english.get(reverse("worksheets:plan_xlsx", args=[reviewed.pk])).content), "xlsx")
        region = english.get(reverse("worksheets:region_xlsx", args=[reviewed.municipality.region.slug]), follow=True)
        assert_private(workbook_text(region.getvalue()), "region xlsx")
        assert_private(english.get(reverse("followup:plan", args=[reviewed.pk])).content.decode(), "follow-up")


def test_outsiders_are_refused_the_history_comments_and_versions(client, reviewed, other_editor, other_coordinator):
    thread = Comment.objects.get(plan=reviewed, text=ROW_COMMENT)
    comments = reverse("worksheets:comment_create", args=[reviewed.pk, 6])
    resolve = reverse("worksheets:comment_resolve", args=[reviewed.pk, 6, thread.pk])
    for user in (other_editor, other_coordinator):
        client.force_login(user)
        for url in review_urls(reviewed):
            response = client.get(url)
            assert response.status_code == 403, (user, url)
            assert_private(response.content.decode(), url)
        assert client.post(comments, {"text": "Mans komentārs"}).status_code == 403
        assert client.post(comments, {"text": "Atbilde", "parent": thread.pk}).status_code == 403
        assert client.post(resolve, {"resolved": "1"}).status_code == 403
    assert Comment.objects.filter(plan=reviewed).count() == 3
    thread.refresh_from_db()
    assert thread.resolved_at is None


def test_outsiders_get_404_for_the_review_of_a_plan_never_published(client, sound_plan, other_editor):
    CommentFactory(plan=sound_plan, worksheet=6, text=ROW_COMMENT)
    client.force_login(other_editor)
    for url in [*review_urls(sound_plan)[:2], reverse("worksheets:comment_create", args=[sound_plan.pk, 6])]:
        method = client.post if "comments" in url else client.get
        assert method(url).status_code == 404, url


def test_members_and_the_regions_coordinator_see_the_review(english, reviewed, editor, viewer, coordinator):
    admin = UserFactory(username="admin", first_name="Admin", last_name="Istrators", is_superuser=True)
    for user in (editor, viewer, coordinator, admin):
        assert user.has_perm(VIEW_REVIEW, reviewed)
        english.force_login(user)
        overview = english.get(reverse("worksheets:plan", args=[reviewed.pk])).content.decode()
        for text in (SUBMIT_COMMENT, APPROVE_COMMENT, "Zane Kalniņa", "Ilze Ozola"):
            assert text in overview, (user, text)
        page = english.get(reverse("worksheets:worksheet", args=[reviewed.pk, 6])).content.decode()
        for text in (ROW_COMMENT, GENERAL_COMMENT, "Termiņš būs", "Zane Kalniņa", "Ilze Ozola"):
            assert text in page, (user, text)
        assert reverse("worksheets:history", args=[reviewed.pk, 6]) in page
        history = english.get(reverse("worksheets:history", args=[reviewed.pk, 6]))
        assert history.status_code == 200
        assert "Ilze Ozola" in history.content.decode() and REVISED_GOAL in history.content.decode()
        for url in review_urls(reviewed)[2:]:
            assert english.get(url).status_code == 200, (user, url)


def test_the_permission_is_the_one_place_that_answers(reviewed, editor, viewer, coordinator, other_editor):
    other_region = UserFactory(username="nobody")
    assert [u.has_perm(VIEW_REVIEW, reviewed) for u in (editor, viewer, coordinator, other_editor, other_region)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert not editor.has_perm(VIEW_REVIEW, None)
