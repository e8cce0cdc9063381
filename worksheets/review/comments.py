"""Review comments: the coordinator writes on a worksheet (optionally a row), members answer, either resolves."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..completeness import row_anchor
from ..models import ActionPlan, Comment
from ..numbering import Numbering
from ..registry import BY_NUMBER, Worksheet
from ..rules import ANSWER_COMMENT, COMMENT_PLAN


class CommentRefused(Exception):
    """The comment cannot be written or resolved; the message says why."""


@transaction.atomic
def comment_add(
    *, plan: ActionPlan, worksheet: Worksheet, user, text: str, row: str = "", parent: Comment | None = None
) -> Comment:
    """A new comment (coordinator) or an answer to one (coordinator or the municipality's editors).

    ``row`` is "<table key>:<row id>" of a row of this worksheet, or empty for the worksheet as a whole.
    """
    text = text.strip()
    if not text:
        raise CommentRefused(_("The comment is empty."))
    if parent is not None:
        if not user.has_perm(ANSWER_COMMENT, plan):
            raise CommentRefused(_("You may not answer comments on this plan."))
        return Comment.objects.create(
            plan=plan,
            worksheet=parent.worksheet,
            table=parent.table,
            row_id=parent.row_id,
            parent=parent,
            author=user,
            text=text,
        )
    if not user.has_perm(COMMENT_PLAN, plan):
        raise CommentRefused(_("Only the regional coordinator opens review comments."))
    table_key, row_id = "", None
    if row:
        table_key, _sep, raw_id = row.partition(":")
        tables = {t.key: t for t in worksheet.tables}
        if table_key not in tables or not raw_id.isdigit():
            raise CommentRefused(_("That row is not in this worksheet."))
        row_id = int(raw_id)
        if not tables[table_key].model.objects.filter(plan=plan, pk=row_id).exists():
            raise CommentRefused(_("That row is not in this worksheet."))
    return Comment.objects.create(
        plan=plan, worksheet=worksheet.number, table=table_key, row_id=row_id, author=user, text=text
    )


@transaction.atomic
def comment_resolve(*, comment: Comment, user, resolved: bool = True) -> Comment:
    """Mark a comment thread resolved by ``user``, now, or (``resolved=False``) open again. Raises ``CommentRefused``
    unless the user may answer comments on its plan (the region's coordinator, the municipality's editors)."""
    if not user.has_perm(ANSWER_COMMENT, comment.plan):
        raise CommentRefused(_("You may not resolve comments on this plan."))
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = user if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def worksheet_comments(plan: ActionPlan, number: int) -> list[Comment]:
    """The worksheet's comment threads (newest first), answers attached: two queries."""
    everything = list(Comment.objects.filter(plan=plan, worksheet=number).select_related("author", "resolved_by"))
    threads = [c for c in everything if c.parent_id is None]
    answers: dict[int, list[Comment]] = {}
    for comment in everything:
        if comment.parent_id:
            answers.setdefault(comment.parent_id, []).append(comment)
    for thread in threads:
        thread.thread_answers = answers.get(thread.pk, [])
    threads.sort(key=lambda c: (c.resolved_at is not None, -c.pk))
    return threads


OPEN = Q(parent__isnull=True, resolved_at__isnull=True)


def open_comment_counts(plans) -> dict[tuple[int, int], int]:
    """``{(plan id, worksheet): open comments}`` for many plans in one query."""
    rows = Comment.objects.filter(OPEN, plan__in=plans).values("plan_id", "worksheet").annotate(n=Count("pk"))
    return {(row["plan_id"], row["worksheet"]): row["n"] for row in rows}


OPENING_WORDS = 8  # how much of a row's text a comment quotes to say which row it is about


@dataclass(frozen=True)
class CommentRow:
    """The row a comment is about, as the grid shows it now: its number ("1.2") and opening words, the link that opens
    its worksheet scrolled to it; ``gone`` when the row was deleted since (number and words are then empty)."""

    table_key: str
    row_id: int
    number: str
    opening: str
    url: str
    gone: bool = False


def comment_rows(plan: ActionPlan, comments, numbering: Numbering | None = None) -> None:
    """Set ``comment.row`` (a ``CommentRow``, or None for a comment on the worksheet as a whole) on each of
    ``comments`` of ``plan``. Numbers come from ``numbering`` (``Numbering``: one query per table the comments
    point into, none for a table it has loaded already)."""
    numbering = numbering or Numbering(plan)
    for comment in comments:
        comment.row = None
        if comment.row_id is None:
            continue
        worksheet = BY_NUMBER.get(comment.worksheet)
        table = next((t for t in worksheet.tables if t.key == comment.table), None) if worksheet else None
        page = reverse("worksheets:worksheet", args=[plan.pk, comment.worksheet])
        if table is None:
            comment.row = CommentRow(comment.table, comment.row_id, "", "", page, gone=True)
            continue
        number = numbering.numbers(table).get(comment.row_id)
        if number is None:
            comment.row = CommentRow(table.key, comment.row_id, "", "", page, gone=True)
            continue
        label = numbering.labels(table)[comment.row_id].removeprefix(f"{number}. ")
        opening = Truncator(label.removesuffix("…")).words(OPENING_WORDS)
        if label.endswith("…") and not opening.endswith("…"):
            opening += "…"
        url = f"{page}#{row_anchor(table, comment.row_id)}"
        comment.row = CommentRow(table.key, comment.row_id, number, opening, url)


def open_comments_by_row(threads) -> dict[str, dict[int, Comment]]:
    """``{table key: {row id: the row's newest open comment thread}}`` among ``threads`` (``worksheet_comments``,
    newest first): the rows the grid marks while a comment on them is open."""
    marked: dict[str, dict[int, Comment]] = {}
    for thread in threads:
        if thread.row_id is not None and thread.resolved_at is None:
            marked.setdefault(thread.table, {}).setdefault(thread.row_id, thread)
    return marked


def open_comments(plan: ActionPlan, numbering: Numbering | None = None) -> list[Comment]:
    """The plan's open comment threads, in worksheet order and oldest first within a worksheet, each with its
    ``row`` (``comment_rows``)."""
    threads = list(Comment.objects.filter(OPEN, plan=plan).select_related("author").order_by("worksheet", "pk"))
    comment_rows(plan, threads, numbering)
    return threads
