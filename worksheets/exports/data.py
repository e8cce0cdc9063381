"""A plan's worksheets as plain rows of text, the common source of the PDF and the Excel file.

One query per table (plus the numbering), whatever the number of rows.
"""

from dataclasses import dataclass, field

from ..numbering import Numbering, table_of
from ..registry import WORKSHEETS, BoundColumn, Table, Worksheet


def cell_text(row, column: BoundColumn, numbering: Numbering) -> str:
    """A row's value in one column as a reader sees it: links by number and text, choices by label."""
    if column.is_link:
        target_id = getattr(row, column.field.attname)
        return numbering.labels(table_of(column.field.related_model)).get(target_id, "") if target_id else ""
    if column.is_choice:
        return str(getattr(row, f"get_{column.name}_display")())
    value = getattr(row, column.name)
    if column.is_date and value is not None:
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


@dataclass
class ExportRow:
    pk: int
    number: str
    cells: list[str]
    parent_id: int | None = None
    title: str = ""
    children: list["ExportRow"] = field(default_factory=list)


@dataclass
class ExportTable:
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
    worksheet: Worksheet
    tables: list[ExportTable]
    plan_fields: list[tuple[str, object]]

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
    numbering = Numbering(plan)
    result = []
    for worksheet in worksheets:
        tables = [ExportTable(t, _table_rows(plan, t, numbering)) for t in worksheet.tables]
        link_children(tables)
        plan_fields = [(str(f.verbose_name), getattr(plan, f.name)) for f in worksheet.plan_form_fields]
        result.append(ExportWorksheet(worksheet, tables, plan_fields))
    return result


def link_children(tables: list[ExportTable]) -> None:
    """Hang each row of a child table (tasks) under its parent row (goal), for grouped layouts."""
    for export_table in tables:
        parent = export_table.table.parent
        if not parent:
            continue
        parent_model = export_table.table.model._meta.get_field(parent).related_model
        holder = next((t for t in tables if t.table.model is parent_model), None)
        if holder is not None:
            holder.child = export_table
            by_pk = {r.pk: r for r in holder.rows}
            for row in export_table.rows:
                if row.parent_id in by_pk:
                    by_pk[row.parent_id].children.append(row)
