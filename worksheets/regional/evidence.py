"""Evidence tables of the regional review that the region's review document (``seeds/000``, Zemgale part) rests on and
the plain comparisons do not show: the development documents' sections the plans refer to (worksheet 1), the goals
with their tasks (worksheet 6) and how many plans rate each risk factor high, medium or low (worksheet 10).

Each is a function ``(columns, plans) -> ReviewTable`` of the review's ``PlanColumn``s and plans, reading the rows
through ``comparisons.plan_entries`` (one query per table, whatever the number of plans; a plan being revised is read
as its published version; the working notes the coordinator left out are left out here too).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from ..models import PolicyDocument, RiskLevel, StrategicGoal, Task
from ..registry import table_for_model
from . import review  # ReviewTable; a module import, as review imports this module
from .comparisons import PlanColumn, clean, is_empty, plan_entries, risk_heat_map

# The levels of the risk summary, highest first, with the CSS class that colours them (static/css/regional.css and
# the review PDF's own style; the same colours as the comparisons' heat map).
LEVEL_CLASSES = ((RiskLevel.HIGH, "risk-high"), (RiskLevel.MEDIUM, "risk-medium"), (RiskLevel.LOW, "risk-low"))


def _in_column_order(columns: list[PlanColumn], rows: list[tuple]) -> list[tuple]:
    """``plan_entries`` rows (plan by plan id) in the order of the review's columns, each plan's rows in its order."""
    order = {c.plan_id: i for i, c in enumerate(columns)}
    return sorted(rows, key=lambda row: order[row[0]])  # sorted() is stable: each plan keeps its rows' order


def policy_references(columns: list[PlanColumn], plans) -> review.ReviewTable:
    """Worksheet 1's references: per plan, each document that names the section or point it refers to (e.g. "R 2.1.3.
    Veicināt sociālo pakalpojumu sinerģiju …" of the ZPR development programme) — rows ``[municipality, document,
    section or point referred to]``, plans in the columns' order, documents in each plan's order; a document without a
    reference is not listed."""
    labels = {c.plan_id: c.label for c in columns}
    entries = _in_column_order(columns, plan_entries(PolicyDocument, columns, "title", "reference"))
    _worksheet, table = table_for_model(PolicyDocument)
    return review.ReviewTable(
        _("Sections of development documents the plans refer to"),
        [_("Municipality"), str(table.column("title").short_label), str(table.column("reference").short_label)],
        [
            [labels[plan_id], clean(title), reference.strip()]
            for plan_id, title, reference in entries
            if not is_empty(reference)
        ],
        [24, 60, 80],
    )


def _goal_number(cell) -> int | None:
    """The number of the goal a version's task cell names ("2. Līdz 2027. gadam …" → 2)."""
    match = re.match(r"\s*(\d+)\.", str(cell))
    return int(match.group(1)) if match else None


def goals_and_tasks(columns: list[PlanColumn], plans) -> review.ReviewTable:
    """Worksheet 6: each plan's strategic goals, numbered in the plan's order, each with its specific tasks numbered
    under it ("1.1 …") — rows ``[municipality, "1. goal", "1.1 task\\n1.2 task"]``, plans in the columns' order; a goal
    without tasks has an empty task cell."""
    labels = {c.plan_id: c.label for c in columns}
    goals: dict[int, list[list]] = {c.plan_id: [] for c in columns}  # plan → [[goal id, text, [tasks]], …]
    for plan_id, goal_id, text in plan_entries(StrategicGoal, columns, "id", "text"):
        goals[plan_id].append([goal_id, clean(text), []])
    for plan_id, goal, text in plan_entries(Task, columns, "goal", "text"):
        plan_goals = goals[plan_id]
        if isinstance(goal, int):  # a row stored now: the goal's id
            holder = next((g for g in plan_goals if g[0] == goal), None)
        else:  # a published version's row: the goal as the version shows it, "2. …"
            number = _goal_number(goal)
            holder = plan_goals[number - 1] if number and number <= len(plan_goals) else None
        if holder is not None and not is_empty(text):
            holder[2].append(clean(text))
    title = str(table_for_model(StrategicGoal)[1].title)
    rows = []
    for column in columns:
        for number, (_id, text, tasks) in enumerate(goals[column.plan_id], start=1):
            listed = "\n".join(f"{number}.{index} {task}" for index, task in enumerate(tasks, start=1))
            rows.append([labels[column.plan_id], f"{number}. {text}", listed])
    _worksheet, task_table = table_for_model(Task)
    return review.ReviewTable(
        title,
        [_("Municipality"), str(table_for_model(StrategicGoal)[1].verbose_name).capitalize(), str(task_table.title)],
        rows,
        [22, 60, 90],
    )


def risk_summary(columns: list[PlanColumn], plans, heat_map: list | None = None) -> review.ReviewTable:
    """Worksheet 10 in figures: for each of the template's standard risk factors (and each factor of the plans' own
    that two plans or more name), how many plans name it, how many rate it high, medium and low (a plan naming a
    factor twice counts once, at its highest level), how many name it without a level, and which plans give which
    level. Rows ``[factor, named, high, medium, low, not rated, "augsts: …\\nvidējs: …"]`` (counts are ``int``);
    the three level counts carry the heat map's CSS class (``ReviewTable.classes``) where they are not 0.
    ``heat_map``: ``comparisons.risk_heat_map(columns)`` when the caller has made it already (the review has)."""
    heat_map = risk_heat_map(columns) if heat_map is None else heat_map
    least = min(2, len(columns))
    rows, classes = [], []
    for row in heat_map:
        if not row.standard and row.named_by < least:
            continue
        by_level = {level: [] for level, _css in LEVEL_CLASSES}
        unrated = 0
        for column, cell in zip(columns, row.cells, strict=True):
            if cell.is_empty:
                continue
            if cell.level:
                by_level[cell.level].append(column.label)
            else:
                unrated += 1
        counts = [len(by_level[level]) for level, _css in LEVEL_CLASSES]
        who = "\n".join(f"{RiskLevel(level).label}: {', '.join(names)}" for level, names in by_level.items() if names)
        rows.append([row.label, row.named_by, *counts, unrated, who])
        classes.append(["", ""] + [css if n else "" for (_level, css), n in zip(LEVEL_CLASSES, counts, strict=True)])
    return review.ReviewTable(
        _("Risk levels in the plans"),
        [
            _("Risk factor"),
            _("Plans naming it"),
            str(RiskLevel.HIGH.label).capitalize(),
            str(RiskLevel.MEDIUM.label).capitalize(),
            str(RiskLevel.LOW.label).capitalize(),
            _("Not rated"),
            _("Municipalities by level"),
        ],
        rows,
        [36, 12, 10, 10, 10, 10, 70],
        classes=classes,
    )
