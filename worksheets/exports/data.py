"""A plan's worksheets as plain rows of text, the common source of the PDF and the Excel file.

Also the one way a cell's value is written as text (``value_text``) and the one way two versions of a row
are compared column by column (``cell_changes``), which the history, the version comparison and the Excel
import's preview share. One query per table (plus the numbering), whatever the number of rows.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from seimpact.lib.dates import format_date

from ..numbering import Numbering
from ..registry import WORKSHEETS, BoundColumn, Table, Worksheet

YES_NO = (_("yes"), _("no"))


def value_text(
    column: BoundColumn,
    value,
    *,
    empty: str = "",
    link_text: Callable[[object], str] = str,
    yes_no: tuple = YES_NO,
) -> str:
    """The text ``value`` of ``column`` (a row's column or a plan-level field) is shown as.

    Choices by their label (an unknown value as it is), yes/no answers as ``yes_no``, dates as dd.mm.yyyy
    (``seimpact.lib.dates.format_date``), other values as text. A link (a goal, a task, a core indicator)
    is whatever ``link_text`` makes of the value given for it: the linked row itself (``str`` of it by
    default) or its id. ``None`` and "" are ``empty``. The pages differ only in these parameters: the
    history writes "—" for empty and "#12" for a link (a record keeps only the id), the version comparison
    ✓/— for yes/no.
    """
    if value is None or value == "":
        return empty
    if column.field.is_relation:
        return link_text(value)
    if column.is_choice:
        return str(dict(column.field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(yes_no[0] if value else yes_no[1])
    if column.is_date:
        return format_date(value)
    return str(value)


def cell_text(row, column: BoundColumn, numbering: Numbering) -> str:
    """A row's value in one column as a reader sees it: links by number and text, choices by label."""
    if column.is_link:
        labels = numbering.labels(column.linked_table)
        return value_text(column, getattr(row, column.field.attname), link_text=lambda pk: labels.get(pk, ""))
    return value_text(column, getattr(row, column.name))


class CellChange(NamedTuple):
    """One column whose value differs between two versions of a row: its label, the texts before and after."""

    label: str
    before: str
    after: str


def _compared(value):
    """What a value is compared by: a row (or a row still to be created) by identity, "" and ``None`` alike."""
    if value is None or value == "":
        return None
    pk = getattr(value, "pk", value)
    return value if pk is None else pk


def cell_changes(
    columns: Iterable[BoundColumn],
    before: Mapping[str, object] | None,
    after: Mapping[str, object],
    *,
    text: Callable[[BoundColumn, object], str] = value_text,
) -> list[CellChange]:
    """What changed in one row between two versions, column by column in ``columns``' order.

    ``before`` and ``after`` map column names to values (a name missing is empty). Values are compared as
    given: rows and other model instances by primary key, ids and texts as they are, "" and ``None`` alike;
    each changed column is shown through ``text(column, value)``. ``before=None`` is a new row: its
    non-empty columns, each with "" before.
    """
    changes = []
    for column in columns:
        new = after.get(column.name)
        if before is None:
            if _compared(new) is not None:
                changes.append(CellChange(str(column.label), "", text(column, new)))
            continue
        old = before.get(column.name)
        if _compared(old) != _compared(new):
            changes.append(CellChange(str(column.label), text(column, old), text(column, new)))
    return changes


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
    """One worksheet of a plan as text: its tables and its plan-level values."""

    worksheet: Worksheet
    tables: list[ExportTable]
    plan_values: dict[str, object]  # plan-level field name -> value

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
    result = []
    for worksheet in worksheets:
        tables = [ExportTable(t, _table_rows(plan, t, numbering)) for t in worksheet.tables]
        link_children(tables)
        plan_values = {name: getattr(plan, name) for name in worksheet.plan_fields}
        result.append(ExportWorksheet(worksheet, tables, plan_values))
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
