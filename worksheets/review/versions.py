"""Approved versions: the exact content the council saw, kept as text, printable again and comparable.

A version holds every worksheet as the exports show it (row numbers, cell texts, links by number and
text), so its PDF is the same content whatever happens to the plan afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Max

from ..exports.data import ExportRow, ExportTable, ExportWorksheet, link_children, plan_export
from ..models import ActionPlan, PlanVersion
from ..registry import BY_NUMBER, Worksheet

SNAPSHOT_FORMAT = 1


def snapshot(plan: ActionPlan) -> dict:
    """The plan's content as plain data (JSON-ready)."""
    worksheets = []
    for item in plan_export(plan):
        tables = [
            {
                "key": export.table.key,
                "columns": [c.name for c in export.columns],
                "rows": [
                    {"id": r.pk, "number": r.number, "cells": r.cells, "parent": r.parent_id, "title": r.title}
                    for r in export.rows
                ],
            }
            for export in item.tables
        ]
        plan_fields = [[name, getattr(plan, name)] for name in item.worksheet.plan_fields]
        worksheets.append({"number": item.worksheet.number, "tables": tables, "plan_fields": plan_fields})
    return {
        "format": SNAPSHOT_FORMAT,
        "plan": {"title": plan.title, "period_start": plan.period_start, "period_end": plan.period_end},
        "worksheets": worksheets,
    }


def export_of(content: dict) -> list[ExportWorksheet]:
    """A stored snapshot in the shape the PDF and the comparison read (labels in today's language)."""
    result = []
    for stored in content["worksheets"]:
        worksheet = BY_NUMBER.get(stored["number"])
        if worksheet is None:
            continue
        tables = []
        for stored_table in stored["tables"]:
            try:
                table = worksheet.table(stored_table["key"])
            except StopIteration:
                continue
            names = tuple(stored_table["columns"])
            kept = [i for i, name in enumerate(names) if name in table.field_names]
            rows = [
                ExportRow(r["id"], r["number"], [r["cells"][i] for i in kept], r["parent"], r["title"])
                for r in stored_table["rows"]
            ]
            tables.append(ExportTable(table, rows, column_names=tuple(names[i] for i in kept)))
        link_children(tables)
        labels = {f.name: str(f.verbose_name) for f in worksheet.plan_form_fields}
        plan_fields = [(labels[name], value) for name, value in stored["plan_fields"] if name in labels]
        result.append(ExportWorksheet(worksheet, tables, plan_fields))
    return result


def freeze_version(*, plan: ActionPlan, user, decision_number: str = "", decision_date=None) -> PlanVersion:
    """Keep the plan's content as its next version (called inside the approval's transaction)."""
    last = PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
    return PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        approved_by=user,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        content=snapshot(plan),
    )


# Comparing two versions (or a version and the plan as it is now).


@dataclass
class RowChange:
    number: str
    title: str
    cells: list[tuple[str, str, str]] = field(default_factory=list)  # (column label, before, after)


@dataclass
class WorksheetDiff:
    worksheet: Worksheet
    added: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)
    plan_fields: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.plan_fields)


def _cells(export: ExportTable, row: ExportRow) -> dict[str, tuple[str, str]]:
    return {c.name: (str(c.label), value) for c, value in zip(export.columns, row.cells, strict=True)}


def compare(before: list[ExportWorksheet], after: list[ExportWorksheet]) -> list[WorksheetDiff]:
    """What was added, changed and removed, worksheet by worksheet (rows matched by their identity)."""
    before_by_number = {w.worksheet.number: w for w in before}
    diffs = []
    for new in after:
        old = before_by_number.get(new.worksheet.number)
        diff = WorksheetDiff(new.worksheet)
        old_tables = {t.table.key: t for t in old.tables} if old else {}
        for new_table in new.tables:
            old_table = old_tables.get(new_table.table.key)
            old_rows = {r.pk: r for r in old_table.rows} if old_table else {}
            new_ids = {r.pk for r in new_table.rows}
            for row in new_table.rows:
                previous = old_rows.get(row.pk)
                if previous is None:
                    cells = [(label, "", value) for label, value in _cells(new_table, row).values() if value]
                    diff.added.append(RowChange(row.number, row.title, cells))
                    continue
                old_cells = _cells(old_table, previous)
                changes = [
                    (label, old_cells.get(name, ("", ""))[1], value)
                    for name, (label, value) in _cells(new_table, row).items()
                    if old_cells.get(name, ("", ""))[1] != value
                ]
                if previous.number != row.number:
                    changes.insert(0, ("#", previous.number, row.number))
                if changes:
                    diff.changed.append(RowChange(row.number, row.title, changes))
            diff.removed += [
                RowChange(r.number, r.title) for r in (old_table.rows if old_table else []) if r.pk not in new_ids
            ]
        old_fields = dict(old.plan_fields) if old else {}
        diff.plan_fields = [
            (label, _shown(old_fields.get(label, "")), _shown(value))
            for label, value in new.plan_fields
            if old_fields.get(label, "") != value
        ]
        diffs.append(diff)
    return diffs


def _shown(value) -> str:
    if value is True:
        return "✓"
    if value is False:
        return "—"
    return str(value)


def latest_version(plan: ActionPlan) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan).order_by("-number").first()
