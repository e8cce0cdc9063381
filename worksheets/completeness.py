"""How far a plan is: rows and completeness per worksheet, and the plan quality checks.

A fixed number of queries per plan, whatever its number of rows.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Value
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    LEVELS_NEEDING_PREVENTION,
    ActionPlan,
    Activity,
    Indicator,
    Risk,
    StrategicGoal,
    Task,
    WorksheetNote,
)
from .numbering import Numbering
from .registry import WORKSHEETS, BoundColumn, Table, Worksheet, table_for_model

EMPTY = "empty"
STARTED = "started"
COMPLETE = "complete"
COMPLETENESS_LABELS = {
    EMPTY: gettext_lazy("empty"),
    STARTED: gettext_lazy("started"),
    COMPLETE: gettext_lazy("complete"),
}


@dataclass
class WorksheetProgress:
    """One worksheet of a plan: its rows, how many lack an expected column, and its open review comments (set by the
    caller); ``completeness`` is "empty", "started" or "complete"."""

    worksheet: Worksheet
    rows: int = 0
    incomplete_rows: int = 0
    open_comments: int = 0

    @property
    def completeness(self) -> str:
        if self.rows == 0:
            return EMPTY
        return STARTED if self.incomplete_rows else COMPLETE

    @property
    def completeness_label(self):
        return COMPLETENESS_LABELS[self.completeness]


def missing_condition(table: Table) -> Q:
    """Rows lacking at least one expected column."""
    condition = Q()
    for column in table.bound_columns:
        if not column.expected:
            continue
        condition |= Q(**{f"{column.name}__isnull": True}) if column.is_link else Q(**{column.name: ""})
    return condition


def plan_progress(plan: ActionPlan) -> list[WorksheetProgress]:
    """Row count and incomplete rows of every worksheet: one query per table."""
    progress = []
    for worksheet in WORKSHEETS:
        rows = incomplete = 0
        for table in worksheet.tables:
            counts = table.model.objects.filter(plan=plan).aggregate(
                rows=Count("pk"), incomplete=Count("pk", filter=missing_condition(table))
            )
            rows += counts["rows"]
            incomplete += counts["incomplete"]
        progress.append(WorksheetProgress(worksheet, rows, incomplete))
    return progress


@dataclass(frozen=True)
class Problem:
    """An open problem of the plan, pointing at the row concerned."""

    worksheet: Worksheet
    message: str
    anchor: str
    plan_id: int

    @property
    def url(self) -> str:
        return reverse("worksheets:worksheet", args=[self.plan_id, self.worksheet.number]) + "#" + self.anchor


YEAR = re.compile(r"\b(19|20)\d\d\b")


def row_anchor(table: Table, pk: int) -> str:
    """The HTML id of a row on its worksheet page, ``row-<table key>-<row id>``; links to a row end in ``#`` and
    this."""
    return f"row-{table.key}-{pk}"


# Worksheets whose emptiness another check already reports: worksheet 6 (no goal: "The plan has no strategic goal
# yet"). The template (seeds/002) makes no worksheet optional: each asks the municipality for something its plan
# needs, and worksheets 10 and 11 start with the template's standard rows, so an empty one was emptied.
EMPTINESS_REPORTED_ELSEWHERE = frozenset({table_for_model(StrategicGoal)[0].number})


def empty_worksheets(plan: ActionPlan) -> list[Worksheet]:
    """The worksheets of ``plan`` with no row in any of their tables, no plan-level value filled in (a text, a
    ticked checklist item) and no note (``WorksheetNote``), in worksheet order, except
    ``EMPTINESS_REPORTED_ELSEWHERE``. One query."""
    checked = [w for w in WORKSHEETS if w.number not in EMPTINESS_REPORTED_ELSEWHERE]
    has_content = {
        f"rows_{table.key}": Exists(table.model.objects.filter(plan_id=OuterRef("pk")))
        for worksheet in checked
        for table in worksheet.tables
    }
    notes = WorksheetNote.objects.filter(plan_id=OuterRef("pk")).exclude(text="")
    has_content |= {f"note_{w.number}": Exists(notes.filter(number=w.number)) for w in checked}
    plan_fields = [name for worksheet in checked for name in worksheet.plan_fields]
    found = ActionPlan.objects.filter(pk=plan.pk).annotate(**has_content).values(*has_content, *plan_fields).first()
    if found is None:
        return []
    return [
        worksheet
        for worksheet in checked
        if not any(found[f"rows_{table.key}"] for table in worksheet.tables)
        and not any(found[name] for name in worksheet.plan_fields)
        and not found[f"note_{worksheet.number}"]
    ]


def rows_lacking_required(plan: ActionPlan) -> list[tuple[Worksheet, Table, int, list[BoundColumn]]]:
    """The rows of ``plan`` that hold a required column (``BoundColumn.required``) empty, in worksheet and table
    order (a table's rows by id): ``[(worksheet, table, row id, [its empty required columns, in column order]), …]``.
    Such a row was stored before the rule held or kept from a template (a real plan's example rows,
    ``fixtures/plans``); the worksheet page saves it unchanged (``editing.forms.RowForm``). One query, whatever the
    number of tables."""
    parts = []
    for worksheet_index, worksheet in enumerate(WORKSHEETS):
        for table_index, table in enumerate(worksheet.tables):
            for column_index, column in enumerate(table.bound_columns):
                if not column.required:
                    continue
                empty = Q(**{f"{column.name}__isnull": True})
                if not column.field.is_relation:
                    empty |= Q(**{column.name: ""})
                parts.append(
                    table.model.objects.filter(plan=plan)
                    .filter(empty)
                    .order_by()
                    .values_list(
                        Value(worksheet_index, output_field=IntegerField()),
                        Value(table_index, output_field=IntegerField()),
                        Value(column_index, output_field=IntegerField()),
                        "pk",
                    )
                )
    if not parts:
        return []
    found = sorted(parts[0].union(*parts[1:], all=True))
    lacking: dict[tuple[int, int, int], list[BoundColumn]] = {}
    for worksheet_index, table_index, column_index, pk in found:
        table = WORKSHEETS[worksheet_index].tables[table_index]
        lacking.setdefault((worksheet_index, table_index, pk), []).append(table.bound_columns[column_index])
    return [(WORKSHEETS[w], WORKSHEETS[w].tables[t], pk, columns) for (w, t, pk), columns in lacking.items()]


def plan_problems(plan: ActionPlan) -> list[Problem]:
    """The plan quality checks of PRODUCT §2, in worksheet order: a fixed number of queries.

    Every goal has a task, an indicator and a year; every task an activity; every activity a task and the
    columns its table's ``quality_checked`` names; every medium or high risk its preventive measures; no
    worksheet is left empty (``empty_worksheets``); no row holds a required column empty
    (``rows_lacking_required``).
    """
    numbering = Numbering(plan)
    problems: list[Problem] = [
        Problem(
            worksheet,
            _("Worksheet %(number)s “%(title)s” is empty: it has no rows and nothing is filled in.")
            % {"number": worksheet.number, "title": worksheet.title},
            f"table-{worksheet.tables[0].key}",
            plan.pk,
        )
        for worksheet in empty_worksheets(plan)
    ]

    def add(model, pk, message):
        worksheet, table = table_for_model(model)
        problems.append(Problem(worksheet, message, row_anchor(table, pk), plan.pk))

    goals_worksheet, goal_table = table_for_model(StrategicGoal)
    _ws, task_table = table_for_model(Task)
    activity_worksheet, activity_table = table_for_model(Activity)
    indicator_worksheet, _table = table_for_model(Indicator)
    goal_labels = numbering.labels(goal_table)
    task_labels = numbering.labels(task_table)

    goals = StrategicGoal.objects.filter(plan=plan).annotate(
        n_tasks=Count("tasks", distinct=True), n_indicators=Count("indicators", distinct=True)
    )
    if not goals:
        problems.append(
            Problem(goals_worksheet, _("The plan has no strategic goal yet."), f"table-{goal_table.key}", plan.pk)
        )
    for goal in goals:
        label = goal_labels[goal.pk]
        if not goal.n_tasks:
            add(StrategicGoal, goal.pk, _("Goal %(goal)s has no specific task.") % {"goal": label})
        if not goal.n_indicators:
            add(
                StrategicGoal,
                goal.pk,
                _("Goal %(goal)s has no indicator (worksheet %(worksheet)s).")
                % {"goal": label, "worksheet": indicator_worksheet.number},
            )
        if not YEAR.search(goal.text):
            add(StrategicGoal, goal.pk, _("Goal %(goal)s is not time-bound: name a year.") % {"goal": label})
    for task in Task.objects.filter(plan=plan).annotate(n_activities=Count("activities")):
        if not task.n_activities:
            add(
                Task,
                task.pk,
                _("Task %(task)s has no activity (worksheet %(worksheet)s).")
                % {"task": task_labels[task.pk], "worksheet": activity_worksheet.number},
            )

    activity_numbers = numbering.numbers(activity_table)
    checked = activity_table.quality_checked_columns
    lacking = Q(task__isnull=True)
    for column in checked:
        lacking |= Q(**{column.name: ""})
    for activity in Activity.objects.filter(plan=plan).filter(lacking):
        number = activity_numbers[activity.pk]
        if activity.task_id is None:
            add(Activity, activity.pk, _("Activity %(number)s serves no task.") % {"number": number})
        missing = [str(column.label) for column in checked if not getattr(activity, column.name)]
        if missing:
            add(
                Activity,
                activity.pk,
                _("Activity %(number)s lacks: %(fields)s.") % {"number": number, "fields": ", ".join(missing)},
            )

    _ws, risk_table = table_for_model(Risk)
    risk_numbers = numbering.numbers(risk_table)
    for risk in Risk.objects.filter(plan=plan, level__in=LEVELS_NEEDING_PREVENTION, preventive_measures=""):
        add(
            Risk,
            risk.pk,
            _("Risk %(number)s (%(level)s) has no preventive measures.")
            % {"number": risk_numbers[risk.pk], "level": risk.get_level_display()},
        )
    lacking = rows_lacking_required(plan)
    rank = {
        table.key: {pk: index for index, pk in enumerate(numbering.numbers(table))} for _w, table, _pk, _c in lacking
    }
    lacking.sort(key=lambda item: (item[0].number, item[0].tables.index(item[1]), rank[item[1].key][item[2]]))
    for worksheet, table, pk, columns in lacking:
        values = {
            "number": numbering.numbers(table)[pk],
            "fields": ", ".join(f"“{column.label}”" for column in columns),
        }
        if len(worksheet.tables) > 1 and table.title:
            message = _(
                "%(table)s, row %(number)s: a required column is empty (%(fields)s). Fill it in or delete the row."
            ) % {**values, "table": table.title}
        else:
            message = (
                _("Row %(number)s: a required column is empty (%(fields)s). Fill it in or delete the row.") % values
            )
        problems.append(Problem(worksheet, message, row_anchor(table, pk), plan.pk))
    problems.sort(key=lambda p: p.worksheet.number)
    return problems
