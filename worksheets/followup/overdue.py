"""Following the plans' progress: which activities (ws 7) and monitoring activities (ws 11) are overdue or
due within the next month.

An item's due date is the one the officer set, else the one read from its timeline or deadline text
(``due_dates``). It is overdue when that date has passed, or when the officer marked it late, unless it is
done or cancelled. One query per followed table, whatever the number of plans and rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from ..completeness import row_anchor
from ..models import ADOPTED_STATUSES, ActionPlan, ProgressStatus
from ..registry import ALL_TABLES, Table, Worksheet
from .due_dates import due_date_from_text

UPCOMING_DAYS = 30
CLOSED = (ProgressStatus.DONE, ProgressStatus.CANCELLED)
FOLLOWED_STATUSES = ADOPTED_STATUSES  # plans being carried out
FOLLOWED_TABLES: tuple[tuple[Worksheet, Table], ...] = tuple((w, t) for w, t in ALL_TABLES if t.due_column)


@dataclass(frozen=True)
class FollowedItem:
    """One followed row of a plan (a ws 7 activity or a ws 11 monitoring activity): its number in the worksheet,
    status, due date (set by the officer, else read from its text: ``due_read_from_text``) and responsible unit;
    ``is_overdue`` and ``is_upcoming`` judge it on a given day."""

    plan: ActionPlan
    worksheet: Worksheet
    table: Table
    pk: int
    number: str
    title: str
    status: str
    due: date | None
    due_read_from_text: bool  # the date was read from the timeline text, not set by the officer
    responsible: str

    @property
    def status_label(self) -> str:
        return ProgressStatus(self.status).label

    @property
    def url(self) -> str:
        base = reverse("worksheets:worksheet", args=[self.plan.pk, self.worksheet.number])
        return f"{base}#{row_anchor(self.table, self.pk)}"

    def is_overdue(self, today: date) -> bool:
        if self.status in CLOSED:
            return False
        return self.status == ProgressStatus.LATE or (self.due is not None and self.due < today)

    def is_upcoming(self, today: date) -> bool:
        if self.status in CLOSED or self.is_overdue(today) or self.due is None:
            return False
        return self.due <= today + timedelta(days=UPCOMING_DAYS)


@dataclass
class FollowUp:
    """The follow-up of some plans as two ``list[FollowedItem]``: ``overdue`` (oldest due date first, undated late
    ones last) and ``upcoming`` (due within ``UPCOMING_DAYS`` days, soonest first); false when both are empty."""

    overdue: list[FollowedItem]
    upcoming: list[FollowedItem]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.upcoming)


def _responsible_field(table: Table) -> str:
    names = [c.name for c in table.bound_columns]
    return next((n for n in ("responsible_unit", "responsible") if n in names), "")


def followed_items(plans) -> list[FollowedItem]:
    """Every ws 7 and ws 11 row of the plans, numbered as in the worksheet (closed ones included)."""
    plans_by_pk = {plan.pk: plan for plan in plans}
    items: list[FollowedItem] = []
    for worksheet, table in FOLLOWED_TABLES:
        due_column = table.due_column
        responsible = _responsible_field(table)
        fields = ["pk", "plan_id", table.model.TITLE_FIELD, "status", due_column.name, due_column.due_from]
        fields += [responsible] if responsible else []
        rows = (
            table.model.objects.filter(plan_id__in=plans_by_pk)
            .order_by("plan_id", "position", "pk")
            .values_list(*fields)
        )
        counters: dict[int, int] = {}
        for pk, plan_id, title, status, due, text, *rest in rows:
            counters[plan_id] = counters.get(plan_id, 0) + 1
            read = due_date_from_text(text) if due is None else None
            items.append(
                FollowedItem(
                    plan=plans_by_pk[plan_id],
                    worksheet=worksheet,
                    table=table,
                    pk=pk,
                    number=str(counters[plan_id]),
                    title=title,
                    status=status,
                    due=due or read,
                    due_read_from_text=read is not None,
                    responsible=rest[0] if rest else "",
                )
            )
    return items


def follow_up(plans, *, today: date) -> FollowUp:
    """The overdue items (oldest first) and those due within the next month (soonest first)."""
    items = followed_items(plans)
    far = date.max
    overdue = sorted((i for i in items if i.is_overdue(today)), key=lambda i: (i.due or far, i.plan.pk, i.number))
    upcoming = sorted((i for i in items if i.is_upcoming(today)), key=lambda i: (i.due, i.plan.pk, i.number))
    return FollowUp(overdue, upcoming)


def followed_plans(queryset=None):
    """Plans being carried out (approved or published), with their municipality and region."""
    queryset = queryset if queryset is not None else ActionPlan.objects.all()
    return queryset.filter(status__in=FOLLOWED_STATUSES).select_related("municipality__region")
