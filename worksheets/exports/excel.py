"""Excel workbooks of plans (openpyxl): one plan, or every plan a user may see in a region.

The layout is also the import format (``worksheets.exports.excel_import``): a cover sheet with the plan's own
fields, then one sheet per worksheet table named "<code> <title>" ("6a" and "6b" for ws 6 goals and
tasks), a header row of column labels, "#" first and the row's ID last (hidden).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from seimpact.lib.dates import format_datetime
from seimpact.lib.excel import safe_sheet_title, style_sheet

from ..cells import value_text
from ..registry import WORKSHEETS, Table
from .data import plan_export

ID_HEADER = "ID"
NUMBER_HEADER = "#"
COVER_KEY_COLUMN = 3  # hidden column with the plan field's name, read back on import


def table_code(worksheet, table: Table) -> str:
    """The table's code in sheet names: the worksheet's number, with a letter when it has several tables
    ("6a", "6b")."""
    if len(worksheet.tables) == 1:
        return str(worksheet.number)
    return f"{worksheet.number}{'abcdefgh'[worksheet.tables.index(table)]}"


def sheet_title(worksheet, table: Table) -> str:
    """The sheet's name: "<code> <title>", cut to what Excel accepts (31 characters)."""
    name = table.title or (worksheet.title if len(worksheet.tables) == 1 else table.verbose_name_plural)
    return safe_sheet_title(f"{table_code(worksheet, table)} {str(name).capitalize()}")


def _column_width(column) -> int:
    return 60 if column.wide else (34 if column.is_link else 24)


def _cover(workbook: Workbook, plan) -> None:
    sheet = workbook.active
    sheet.title = _("Plan")[:31]
    rows = [
        (_("Municipality"), plan.municipality.name, ""),
        (_("Region"), plan.municipality.region.name, ""),
        (_("Planning period"), plan.period, ""),
        (_("Title"), plan.title, ""),
        (_("Status"), plan.get_status_display(), ""),
        (_("Exported"), format_datetime(timezone.now()), ""),
    ]
    for worksheet in WORKSHEETS:
        for column in worksheet.plan_columns:
            value = value_text(column, getattr(plan, column.name))
            rows.append((f"{worksheet.number}. {column.label}", value, column.name))
    sheet.append([_("Field"), _("Value"), ""])
    for row in rows:
        sheet.append(list(row))
    style_sheet(sheet, [44, 90, 14])
    sheet.column_dimensions[get_column_letter(COVER_KEY_COLUMN)].hidden = True
    sheet.auto_filter.ref = None


def plan_workbook(plan) -> Workbook:
    """The plan: its cover sheet, then a sheet per worksheet table (see the module's docstring)."""
    workbook = Workbook()
    _cover(workbook, plan)
    for item in plan_export(plan):
        for export in item.tables:
            sheet = workbook.create_sheet(sheet_title(item.worksheet, export.table))
            sheet.append([NUMBER_HEADER, *[str(c.label) for c in export.columns], ID_HEADER])
            for row in export.rows:
                sheet.append([row.number, *row.cells, row.pk])
            style_sheet(sheet, [7, *[_column_width(c) for c in export.columns], 8])
            sheet.column_dimensions[get_column_letter(len(export.columns) + 2)].hidden = True
    return workbook


def region_workbook(plans) -> Workbook:
    """One sheet per worksheet table, a row per plan row, with the municipality and period first."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    exports = [(plan, plan_export(plan)) for plan in plans]
    for worksheet in WORKSHEETS:
        for index, table in enumerate(worksheet.tables):
            sheet = workbook.create_sheet(sheet_title(worksheet, table))
            columns = table.bound_columns
            sheet.append([_("Municipality"), _("Period"), _("Status"), NUMBER_HEADER, *[str(c.label) for c in columns]])
            for plan, items in exports:
                export = next(item for item in items if item.worksheet is worksheet).tables[index]
                for row in export.rows:
                    sheet.append(
                        [plan.municipality.name, plan.period, plan.get_status_display(), row.number, *row.cells]
                    )
            style_sheet(sheet, [24, 11, 14, 7, *[_column_width(c) for c in columns]])
    return workbook
