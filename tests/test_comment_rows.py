"""A row comment names its row (number as the grid numbers it, opening words), links to it, and the row is marked in
the grid while the comment is open; a comment on a row deleted since says so."""

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CommentFactory, RiskFactory, StrategicGoalFactory, TaskFactory
from worksheets.models import PlanStatus, Risk, Task
from worksheets.review.comments import comment_rows, open_comments_by_row, worksheet_comments

pytestmark = pytest.mark.django_db


def page(client, plan, number):
    response = client.get(reverse("worksheets:worksheet", args=[plan.pk, number]))
    assert response.status_code == 200
    return response.content.decode()


def row_tag(body: str, anchor: str) -> str:
    """The opening ``<tr>`` tag of the row ``anchor`` on the page."""
    return re.search(rf'<tr id="{anchor}"[^>]*>', body).group(0)


def row_header(body: str, anchor: str) -> str:
    """The row's number cell (``<th scope="row">…</th>``)."""
    start = body.index(f'<tr id="{anchor}"')
    header = body.index('<th scope="row"', start)
    return body[header : body.index("</th>", header)]


@pytest.fixture
def goals(plan):
    """Two goals, the second with two tasks (numbered 2.1 and 2.2)."""
    first = StrategicGoalFactory(plan=plan, text="Līdz 2027. gadam divi jauni sociālie uzņēmumi")
    second = StrategicGoalFactory(plan=plan, text="Līdz 2027. gadam sabiedrības izpratne")
    tasks = [
        TaskFactory(goal=second, text="Informatīvā kampaņa"),
        TaskFactory(
            goal=second,
            text="Izveidot mentoru tīklu pieredzējušu uzņēmēju un jauno sociālo uzņēmēju sadarbībai visā novadā",
        ),
    ]
    return first, second, tasks


def test_a_row_comment_shows_the_rows_number_and_opening_words_with_a_link(client, plan, coordinator, goals):
    _first, _second, tasks = goals
    CommentFactory(plan=plan, worksheet=6, table="tasks", row_id=tasks[1].pk, author=coordinator, text="Kas vadīs?")
    client.force_login(coordinator)
    body = page(client, plan, 6)
    link = reverse("worksheets:worksheet", args=[plan.pk, 6]) + f"#row-tasks-{tasks[1].pk}"
    assert (
        f'<a href="{link}" class="si-comment-row">'
        "par rindu 2.2 „Izveidot mentoru tīklu pieredzējušu uzņēmēju un jauno sociālo…”</a>"
    ) in body
    assert "par rindu”" not in body


def test_the_commented_row_is_marked_in_the_grid_while_the_comment_is_open(client, plan, coordinator, editor, goals):
    _first, _second, tasks = goals
    comment = CommentFactory(plan=plan, worksheet=6, table="tasks", row_id=tasks[0].pk, author=coordinator, text="?")
    anchor = f"row-tasks-{tasks[0].pk}"
    other = f"row-tasks-{tasks[1].pk}"
    for user in (editor, coordinator):  # the editing grid and the read-only table
        client.force_login(user)
        body = page(client, plan, 6)
        assert "ws-row-commented" in row_tag(body, anchor), user
        assert "ws-row-commented" not in row_tag(body, other), user
        marker = row_header(body, anchor)
        assert f'href="#comment-{comment.pk}"' in marker
        assert "Par šo rindu ir atvērts izvērtēšanas komentārs" in marker  # named, not colour alone
        assert "comment-" not in row_header(body, other)

    comment.resolved_at = comment.created_at
    comment.save()
    body = page(client, plan, 6)
    assert "ws-row-commented" not in row_tag(body, anchor)
    assert f'href="#comment-{comment.pk}"' not in row_header(body, anchor)


def test_the_number_follows_the_row_when_rows_are_reordered(client, plan, coordinator):
    RiskFactory(plan=plan, factor="Jauns risks beigās")
    last = Risk.objects.filter(plan=plan).order_by("-position").first()
    count = Risk.objects.filter(plan=plan).count()
    CommentFactory(plan=plan, worksheet=10, table="risks", row_id=last.pk, author=coordinator, text="Līmenis?")
    client.force_login(coordinator)
    assert f"par rindu {count} „Jauns risks beigās”" in page(client, plan, 10)
    Risk.objects.filter(plan=plan).update(position=F("position") + 1)
    Risk.objects.filter(pk=last.pk).update(position=0)  # moved to the top
    assert "par rindu 1 „Jauns risks beigās”" in page(client, plan, 10)


def test_a_comment_on_a_row_deleted_since_says_so(client, plan, coordinator, editor, goals):
    _first, _second, tasks = goals
    CommentFactory(plan=plan, worksheet=6, table="tasks", row_id=tasks[0].pk, author=coordinator, text="Dzēst?")
    gone = tasks[0].pk
    Task.objects.filter(pk=gone).delete()
    client.force_login(editor)
    body = page(client, plan, 6)
    assert "par rindu, kas pa to laiku ir dzēsta" in body
    assert f"#row-tasks-{gone}" not in body
    assert "ws-row-commented" not in body


def test_rows_are_described_with_one_query_per_table_at_most(plan, coordinator, goals, django_assert_num_queries):
    first, _second, tasks = goals
    CommentFactory(plan=plan, worksheet=6, table="goals", row_id=first.pk, author=coordinator, text="1")
    CommentFactory(plan=plan, worksheet=6, table="tasks", row_id=tasks[0].pk, author=coordinator, text="2")
    CommentFactory(plan=plan, worksheet=6, table="tasks", row_id=tasks[1].pk, author=coordinator, text="3")
    CommentFactory(plan=plan, worksheet=6, author=coordinator, text="the worksheet as a whole")
    threads = worksheet_comments(plan, 6)
    with django_assert_num_queries(2):  # the goals, then the tasks numbered under them
        comment_rows(plan, threads)
    rows = {c.text: (c.row.number, c.row.opening) if c.row else None for c in threads}
    assert rows == {
        "1": ("1", "Līdz 2027. gadam divi jauni sociālie uzņēmumi"),
        "2": ("2.1", "Informatīvā kampaņa"),
        "3": ("2.2", "Izveidot mentoru tīklu pieredzējušu uzņēmēju un jauno sociālo…"),
        "the worksheet as a whole": None,
    }
    assert set(open_comments_by_row(threads)) == {"goals", "tasks"}


def test_outsiders_are_refused_the_worksheet_with_its_commented_rows(
    client, plan, coordinator, other_editor, other_coordinator, goals
):
    _first, _second, tasks = goals
    CommentFactory(plan=plan, worksheet=6, table="tasks", row_id=tasks[0].pk, author=coordinator, text="Iekšējs")
    for user in (other_editor, other_coordinator):
        client.force_login(user)
        assert client.get(reverse("worksheets:worksheet", args=[plan.pk, 6])).status_code == 404
    plan.status = PlanStatus.PUBLISHED  # read as the public reads it: no comment, no mark
    plan.save()
    for user in (other_editor, other_coordinator):
        client.force_login(user)
        body = page(client, plan, 6)
        assert "ws-row-commented" not in body
        assert "Par šo rindu ir atvērts izvērtēšanas komentārs" not in body


def test_naming_and_marking_the_rows_adds_no_query_to_the_worksheet_page(client, plan, coordinator, editor, goals):
    first, _second, tasks = goals
    url = reverse("worksheets:worksheet", args=[plan.pk, 6])
    CommentFactory(plan=plan, worksheet=6, author=coordinator, text="Kopumā labi")
    for user in (editor, coordinator):
        client.force_login(user)
        with CaptureQueriesContext(connection) as without_rows:
            client.get(url)
        comments = [
            CommentFactory(plan=plan, worksheet=6, table="goals", row_id=first.pk, author=coordinator, text="1"),
            CommentFactory(plan=plan, worksheet=6, table="tasks", row_id=tasks[1].pk, author=coordinator, text="2"),
        ]
        with CaptureQueriesContext(connection) as with_rows:
            client.get(url)
        assert len(with_rows.captured_queries) == len(without_rows.captured_queries), user
        for comment in comments:
            comment.delete()
