"""The next planning period as a copy of an earlier plan (PRODUCT §1), and the earlier period shown as guidance.

A municipality plans in periods (2026–2027, then 2028–2029 …). A new period's plan may start from one of its
earlier plans: the worksheets the officer chooses are copied row by row, with their plan-level fields
(``Worksheet.plan_fields``). What the registry knows about the columns decides what a copy keeps:

- links between rows (``BoundColumn.is_link``: a task's goal, an activity's task, an indicator's goal) point at
  the new plan's copies; a link to a row of a worksheet that is not carried becomes empty;
- columns that record how the earlier period went start empty (their field's default): the progress columns
  (``Column.progress``: ws 7 and ws 11 status, ws 8 achieved result), the due dates read from a timeline
  (``Column.due_from``) and worksheet 8's evaluation of the period (``EVALUATION_COLUMNS``: the
  recommendations for the next planning period, shown beside worksheets 6–8 of the new plan instead);
- references to regional lists (a core indicator) are kept: the plan stays in the same region;
- the notes officers wrote beside a carried worksheet's table (``WorksheetNote``) are copied with it.

The copy's history records are attributed to the officer who creates the plan, with the change reason
"copied from <plan>" in the municipality's language (``copy_reason``).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from simple_history.utils import bulk_create_with_history

from ..models import ActionPlan, Activity, Indicator, ProgressStatus, WorksheetNote
from ..numbering import Numbering
from ..registry import BY_NUMBER, BoundColumn, Table, Worksheet, get_worksheet
from ..rules import VIEW_PLAN

# Columns that evaluate the earlier period without being progress columns: worksheet 8's "recommendations for
# the next planning period" are written when the period ends, about that period.
EVALUATION_COLUMNS: dict[type[models.Model], tuple[str, ...]] = {Indicator: ("recommendations",)}

# The worksheets beside whose table a copied plan shows the earlier period's results and recommendations: the
# goals and tasks (6), the activities (7) and the indicators (8) are where they are planned anew.
GUIDED_WORKSHEETS = (6, 7, 8)

REASON_LENGTH = 100  # django-simple-history's ``history_change_reason`` column


def copy_reason(source: ActionPlan) -> str:
    """The change reason of a copied row's (and the new plan's) first history record: "copied from
    Aizkraukles novads 2026–2027", in the language of the plan's municipality, at most ``REASON_LENGTH``."""
    with override(source.municipality.language):
        reason = str(_("copied from %(plan)s") % {"plan": source})
    return Truncator(reason).chars(REASON_LENGTH)


def reset_columns(table: Table) -> tuple[BoundColumn, ...]:
    """The columns of ``table`` a copy leaves at their default (empty, or ``planned`` for a status): progress
    columns, due dates read from a free-text column, and ``EVALUATION_COLUMNS``."""
    evaluation = EVALUATION_COLUMNS.get(table.model, ())
    return tuple(c for c in table.bound_columns if c.progress or c.due_from or c.name in evaluation)


def tables_in_link_order(worksheets: Iterable[Worksheet]) -> list[Table]:
    """The tables of ``worksheets``, each after the tables its links point at (goals before tasks, tasks before
    activities), so a copied row's links can be pointed at copies already made."""
    pending = [table for worksheet in worksheets for table in worksheet.tables]
    models_pending = {table.model for table in pending}
    ordered: list[Table] = []
    while pending:
        ready = next(
            table
            for table in pending
            if not any(
                c.field.related_model in models_pending and c.field.related_model is not table.model
                for c in table.link_columns
            )
        )
        ordered.append(ready)
        pending.remove(ready)
        models_pending.discard(ready.model)
    return ordered


def plan_fields_to_copy(source: ActionPlan, numbers: Iterable[int]) -> dict[str, object]:
    """The plan-level fields of the worksheets ``numbers`` (e.g. ws 5's support already given, ws 9's checklist)
    with their values in ``source``: ``{field name: value}``."""
    return {
        name: getattr(source, name) for number in sorted(set(numbers)) for name in get_worksheet(number).plan_fields
    }


def copy_rows(*, source: ActionPlan, plan: ActionPlan, numbers: Iterable[int], user) -> dict[type, int]:
    """Copy the rows and the notes of worksheets ``numbers`` (1–11) of ``source`` into the new ``plan``; how many
    rows each table got, ``{row model: count}`` (``WorksheetNote``: how many notes).

    Rows keep their order (numbered 1, 2, … as in ``source``) and their content; links point at the copies
    (empty for a row not copied); ``reset_columns`` start at their default. Each table is written with one
    insert, and its history records name ``user`` and ``copy_reason(source)``. Called inside the transaction
    that creates ``plan``. ``ValueError`` if a link that may not be empty points into a worksheet not carried
    (the registry keeps such links within one worksheet, which is carried whole).
    """
    reason = copy_reason(source)
    copies: dict[type, dict[int, int]] = {}  # row model -> {source row id: copy's id}
    counts: dict[type, int] = {}
    for table in tables_in_link_order(get_worksheet(number) for number in sorted(set(numbers))):
        rows = list(table.model.objects.filter(plan=source).order_by("position", "pk"))
        resets = reset_columns(table)
        links = table.link_columns
        objects = []
        for position, row in enumerate(rows, start=1):
            copy = _copy_of(row, plan=plan, position=position)
            for column in resets:
                setattr(copy, column.field.attname, column.field.get_default())
            for column in links:
                target_id = getattr(row, column.field.attname)
                new_id = copies.get(column.field.related_model, {}).get(target_id)
                if target_id is not None and new_id is None and not column.field.null:
                    raise ValueError(f"{table.model.__name__}.{column.name} points into a worksheet not carried")
                setattr(copy, column.field.attname, new_id)
            objects.append(copy)
        created = _create(objects, table.model, user=user, reason=reason)
        copies[table.model] = {row.pk: copy.pk for row, copy in zip(rows, created, strict=True)}
        counts[table.model] = len(created)
    notes = [
        WorksheetNote(plan=plan, number=note.number, text=note.text)
        for note in WorksheetNote.objects.filter(plan=source, number__in=set(numbers)).exclude(text="")
    ]
    counts[WorksheetNote] = len(_create(notes, WorksheetNote, user=user, reason=reason))
    return counts


def _create(objects: list, model: type[models.Model], *, user, reason: str) -> list:
    """Insert ``objects`` and their "+" history records (``user``, ``reason``) at once; the saved objects."""
    if not objects:
        return []
    return bulk_create_with_history(objects, model, default_user=user, default_change_reason=reason)


def _copy_of(row, *, plan: ActionPlan, position: int):
    """An unsaved row of the same model with ``row``'s content, for ``plan`` at ``position``."""
    model = type(row)
    values = {
        f.attname: getattr(row, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in ("plan", "position", "updated_at")
    }
    return model(plan=plan, position=position, **values)


# --- the earlier period beside worksheets 6, 7 and 8 of the copy -------------------------------------------


@dataclass
class PreviousIndicator:
    """A worksheet-8 indicator of the earlier plan as guidance: its number and text, the goal it measured
    ("1. Goal text…", "" for none), its target, the achieved result and the recommendations for the next period."""

    number: str
    indicator: str
    goal: str
    target: str
    achieved_result: str
    recommendations: str


@dataclass
class PreviousActivity:
    """A worksheet-7 activity of the earlier plan with the status recorded for it."""

    number: str
    description: str
    status: str
    status_label: str


@dataclass
class PreviousPeriod:
    """What the plan a copy was started from says about its period: worksheet 8's indicators with their achieved
    results and recommendations, and (beside worksheet 7) the activities' statuses, when any was recorded."""

    plan: ActionPlan
    indicators: list[PreviousIndicator] = field(default_factory=list)
    activities: list[PreviousActivity] = field(default_factory=list)

    @property
    def indicator_table(self) -> Table:
        return BY_NUMBER[8].table("indicators")

    @property
    def labels(self) -> dict[str, object]:
        """Column headings as the worksheets label them (``{field name: label}``)."""
        indicators = self.indicator_table
        return {
            name: indicators.column(name).label
            for name in ("indicator", "goal", "target", "achieved_result", "recommendations")
        } | {"description": BY_NUMBER[7].table("activities").column("description").label}


def readable_source(plan: ActionPlan, user) -> ActionPlan | None:
    """The plan ``plan`` was copied from (``copied_from``), with its municipality and region, if ``user`` may read
    it (``VIEW_PLAN``); None for a plan that is not a copy (no query then), a source deleted since, or a user who
    may not read it."""
    if plan.copied_from_id is None:
        return None
    source = ActionPlan.objects.select_related("municipality__region").filter(pk=plan.copied_from_id).first()
    return source if source is not None and user.has_perm(VIEW_PLAN, source) else None


def previous_period(plan: ActionPlan, worksheet: Worksheet, user) -> PreviousPeriod | None:
    """The earlier period as guidance beside ``worksheet`` of ``plan``, or None: only on worksheets 6, 7 and 8
    (``GUIDED_WORKSHEETS``) of a plan started as a copy, and only for a ``user`` who may read the plan it was
    copied from. No query for a plan that is not a copy; otherwise one for the plan, one per table read."""
    if worksheet.number not in GUIDED_WORKSHEETS or plan.copied_from_id is None:
        return None
    source = readable_source(plan, user)
    if source is None:
        return None
    numbering = Numbering(source)
    indicator_table = BY_NUMBER[8].table("indicators")
    numbers = numbering.numbers(indicator_table)
    goal_labels = numbering.labels(indicator_table.column("goal").linked_table)
    result = PreviousPeriod(plan=source)
    for row in Indicator.objects.filter(plan=source).order_by("position", "pk"):
        result.indicators.append(
            PreviousIndicator(
                number=numbers.get(row.pk, ""),
                indicator=row.indicator,
                goal=goal_labels.get(row.goal_id, ""),
                target=row.target,
                achieved_result=row.achieved_result,
                recommendations=row.recommendations,
            )
        )
    if worksheet.number == 7:
        activities = list(Activity.objects.filter(plan=source).order_by("position", "pk"))
        if any(row.status != ProgressStatus.PLANNED for row in activities):
            result.activities = [
                PreviousActivity(str(rank), row.description, row.status, row.get_status_display())
                for rank, row in enumerate(activities, start=1)
            ]
    return result


__all__ = [
    "EVALUATION_COLUMNS",
    "GUIDED_WORKSHEETS",
    "PreviousActivity",
    "PreviousIndicator",
    "PreviousPeriod",
    "copy_reason",
    "copy_rows",
    "plan_fields_to_copy",
    "previous_period",
    "readable_source",
    "reset_columns",
    "tables_in_link_order",
]
