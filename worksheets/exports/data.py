"""A plan's worksheets as plain rows of text, the common source of the PDF, the Excel file and the approved
versions (``snapshot`` keeps them as JSON-ready data, ``export_of`` reads them back).

One query per table (plus the numbering), whatever the number of rows.
"""

from dataclasses import dataclass, field

from ..cells import value_text
from ..models import ActionPlan
from ..notes import plan_notes
from ..numbering import Numbering
from ..registry import BY_NUMBER, WORKSHEETS, BoundColumn, Table, Worksheet


def cell_text(row, column: BoundColumn, numbering: Numbering) -> str:
    """A row's value in one column as a reader sees it: links by number and text, choices by label."""
    if column.is_link:
        labels = numbering.labels(column.linked_table)
        return value_text(column, getattr(row, column.field.attname), link_text=lambda pk: labels.get(pk, ""))
    return value_text(column, getattr(row, column.name))


@dataclass
class ExportRow:
    """One row as text: its id, its number ("1.2"), one text per column, its parent row's id and its title."""

    pk: int
    number: str
    cells: list[str]
    parent_id: int | None = None
    title: str = ""
    children: list["ExportRow"] = field(default_factory=list)


@dataclass
class ExportTable:
    """A registry table's rows as text."""

    table: Table
    rows: list[ExportRow]
    child: "ExportTable | None" = None  # e.g. the tasks of each goal (ws 6), for grouped layouts
    column_names: tuple[str, ...] | None = None  # a frozen version's columns; None: the registry's

    @property
    def columns(self) -> tuple[BoundColumn, ...]:
        if self.column_names is None:
            return self.table.bound_columns
        return tuple(c for c in self.table.bound_columns if c.name in self.column_names)


@dataclass
class ExportWorksheet:
    """One worksheet of a plan as text: its tables, its plan-level values and its notes ("" for none)."""

    worksheet: Worksheet
    tables: list[ExportTable]
    plan_values: dict[str, object]  # plan-level field name -> value
    note: str = ""  # what the officers wrote beside the table (``WorksheetNote``)

    @property
    def plan_fields(self) -> list[tuple[str, object]]:
        """``(label, value)`` of the worksheet's plan-level fields, in the registry's order."""
        columns = self.worksheet.plan_columns
        return [(str(c.label), self.plan_values[c.name]) for c in columns if c.name in self.plan_values]

    @property
    def is_wide(self) -> bool:
        """Landscape pages for tables with many or long columns."""
        return any(len(t.columns) + sum(c.wide for c in t.columns) > 4 for t in self.tables)

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for t in self.tables)


def _table_rows(plan, table: Table, numbering: Numbering) -> list[ExportRow]:
    numbers = numbering.numbers(table)
    parent_attname = table.model._meta.get_field(table.parent).attname if table.parent else None
    return [
        ExportRow(
            row.pk,
            numbers.get(row.pk, ""),
            [cell_text(row, c, numbering) for c in table.bound_columns],
            getattr(row, parent_attname) if parent_attname else None,
            getattr(row, table.model.TITLE_FIELD),
        )
        for row in table.rows_of(plan)
    ]


def plan_export(plan, worksheets=WORKSHEETS) -> list[ExportWorksheet]:
    """The plan's ``worksheets`` (all by default) as text, in the registry's order."""
    numbering = Numbering(plan)
    notes = plan_notes(plan)
    result = []
    for worksheet in worksheets:
        tables = [ExportTable(t, _table_rows(plan, t, numbering)) for t in worksheet.tables]
        link_children(tables)
        plan_values = {name: getattr(plan, name) for name in worksheet.plan_fields}
        result.append(ExportWorksheet(worksheet, tables, plan_values, notes.get(worksheet.number, "")))
    return result


def link_children(tables: list[ExportTable]) -> None:
    """Hang each row of a child table (tasks) under its parent row (goal), for grouped layouts."""
    for export_table in tables:
        if not export_table.table.parent:
            continue
        holder = next((t for t in tables if t.table is export_table.table.parent_table), None)
        if holder is not None:
            holder.child = export_table
            by_pk = {r.pk: r for r in holder.rows}
            for row in export_table.rows:
                if row.parent_id in by_pk:
                    by_pk[row.parent_id].children.append(row)


# An approved version keeps the plan's content as data (``PlanVersion.content``).

SNAPSHOT_FORMAT = 1


def snapshot(plan: ActionPlan) -> dict:
    """The plan's content as plain data (JSON-ready); each worksheet's ``note`` is its notes' text ("" for none; a
    version frozen before notes existed has no ``note``, read as "")."""
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
        plan_fields = [[name, value] for name, value in item.plan_values.items()]
        worksheets.append(
            {"number": item.worksheet.number, "tables": tables, "plan_fields": plan_fields, "note": item.note}
        )
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
        plan_values = {name: value for name, value in stored["plan_fields"] if name in worksheet.plan_fields}
        result.append(ExportWorksheet(worksheet, tables, plan_values, stored.get("note") or ""))
    return result
