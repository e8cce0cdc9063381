"""Excel workbooks of plans (openpyxl): one plan, or every plan a user may see in a region.

The layout is also the import format (``worksheets.exports.excel_import``): a cover sheet with the plan's own
fields and each worksheet's notes (keyed ``note:<number>`` in its hidden column), then one sheet per worksheet
table named "<code> <title>" ("6a" and "6b" for ws 6 goals and tasks), a header row of column labels, "#" first
and the row's ID last (hidden).

Every cell goes through the app's one writer (``seimpact.lib.excel.write_row``): texts are text cells whatever they
start with, a row number "3" and the ID are numbers ("1.2" stays text), due dates are dates shown dd.mm.yyyy.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from seimpact.lib.dates import format_date, parse_date
from seimpact.lib.excel import safe_sheet_title, style_sheet, write_row, write_rows

from ..cells import value_text
from ..models import PlanStatus
from ..notes import NOTE_COLUMN, NOTE_KEY
from ..registry import WORKSHEETS, Table
from .data import export_of, plan_export

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


def row_number(number: str) -> int | str:
    """A row's number as a cell holds it: a number for a top-level row ("3" → 3), the text "1.2" for a row numbered
    under another (a number would read 1.2 and make "1.10" into 1.1)."""
    return int(number) if number.isdigit() else number


def cell_values(columns, cells: list[str]) -> list:
    """A row's texts (``ExportRow.cells``) as cell values: a date column's dd.mm.yyyy text as the date (Excel then
    sorts and filters it as a date), everything else as the text."""
    return [
        (parse_date(text) or text) if column.is_date and text else text
        for column, text in zip(columns, cells, strict=True)
    ]


def _column_width(column) -> int:
    return 60 if column.wide else (34 if column.is_link else 24)


def _cover(workbook: Workbook, plan, exports, *, version=None, revision_opened_at=None) -> None:
    sheet = workbook.active
    sheet.title = _("Plan")[:31]
    title, status = plan.title, plan.get_status_display()
    if version is not None:  # the published version in force while a revision is prepared
        title = version.content.get("plan", {}).get("title") or plan.title
        status = " ".join(
            [
                f"{PlanStatus.PUBLISHED.label}.",
                _("A revision is in preparation (reopened %(date)s).")
                % {"date": format_date(revision_opened_at) if revision_opened_at else "—"},
                _("This is the published version %(number)s, in force until the revision is published.")
                % {"number": version.number},
            ]
        )
    rows = [
        (_("Municipality"), plan.municipality.name, ""),
        (_("Region"), plan.municipality.region.name, ""),
        (_("Planning period"), plan.period, ""),
        (_("Title"), title, ""),
        (_("Status"), status, ""),
        (_("Exported"), timezone.now(), ""),
    ]
    values = {item.worksheet.number: item.plan_values for item in exports}
    for worksheet in WORKSHEETS:
        for column in worksheet.plan_columns:
            value = value_text(column, values.get(worksheet.number, {}).get(column.name))
            rows.append((f"{worksheet.number}. {column.label}", value, column.name))
    notes = {item.worksheet.number: item.note for item in exports}  # the plan's now, or the version's as published
    for worksheet in WORKSHEETS:  # every worksheet's notes, empty ones too, so they can be written in the file
        key = NOTE_KEY.format(number=worksheet.number)
        rows.append((f"{worksheet.number}. {NOTE_COLUMN.label}", notes.get(worksheet.number, ""), key))
    write_row(sheet, [_("Field"), _("Value"), ""])
    write_rows(sheet, rows)
    style_sheet(sheet, [44, 90, 14])
    sheet.column_dimensions[get_column_letter(COVER_KEY_COLUMN)].hidden = True
    sheet.auto_filter.ref = None


def plan_workbook(plan, *, version=None, revision_opened_at=None) -> Workbook:
    """The plan: its cover sheet, then a sheet per worksheet table (see the module's docstring). ``version``: the
    content approved as that ``PlanVersion`` instead of the plan now, the published plan in force while a revision
    reopened at ``revision_opened_at`` is prepared (so said on the cover)."""
    workbook = Workbook()
    exports = export_of(version.content) if version is not None else plan_export(plan)
    _cover(workbook, plan, exports, version=version, revision_opened_at=revision_opened_at)
    for item in exports:
        for export in item.tables:
            sheet = workbook.create_sheet(sheet_title(item.worksheet, export.table))
            write_row(sheet, [NUMBER_HEADER, *[str(c.label) for c in export.columns], ID_HEADER])
            for row in export.rows:
                write_row(sheet, [row_number(row.number), *cell_values(export.columns, row.cells), row.pk])
            style_sheet(sheet, [7, *[_column_width(c) for c in export.columns], 8])
            sheet.column_dimensions[get_column_letter(len(export.columns) + 2)].hidden = True
    return workbook


def region_workbook(plans, *, versions=None) -> Workbook:
    """One sheet per worksheet table, a row per plan row, with the municipality and period first. ``versions``:
    ``{plan id: PlanVersion}`` of plans written as that version's content (a plan being revised, for who reads
    its published version), as published."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    versions = versions or {}
    exports = [
        (plan, export_of(versions[plan.pk].content) if plan.pk in versions else plan_export(plan)) for plan in plans
    ]
    for worksheet in WORKSHEETS:
        for table in worksheet.tables:
            sheet = workbook.create_sheet(sheet_title(worksheet, table))
            columns = table.bound_columns
            header = [_("Municipality"), _("Period"), _("Status"), NUMBER_HEADER, *[str(c.label) for c in columns]]
            write_row(sheet, header)
            for plan, items in exports:
                item = next((item for item in items if item.worksheet is worksheet), None)
                export = next((t for t in item.tables if t.table is table), None) if item else None
                if export is None:
                    continue
                status = PlanStatus.PUBLISHED.label if plan.pk in versions else plan.get_status_display()
                for row in export.rows:
                    texts = dict(zip([c.name for c in export.columns], row.cells, strict=True))
                    write_row(
                        sheet,
                        [
                            plan.municipality.name,
                            plan.period,
                            status,
                            row_number(row.number),
                            *cell_values(columns, [texts.get(c.name, "") for c in columns]),
                        ],
                    )
            style_sheet(sheet, [24, 11, 14, 7, *[_column_width(c) for c in columns]])
    return workbook
