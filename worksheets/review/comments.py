"""Review comments: the coordinator writes on a worksheet (optionally a row), members answer, either resolves."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ActionPlan, Comment
from ..registry import Worksheet
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
