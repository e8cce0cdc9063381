"""The look every Excel export shares (openpyxl): a bold, shaded header row, wrapped cells, set widths.

Plan workbooks (``worksheets.exports.excel``), the regional comparisons and review
(``worksheets.regional.excel``) and the indicator values (``indicators.exports``) all use it, so a
spreadsheet from any page of the app looks the same.
"""

from collections.abc import Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="DCE8EE")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
FORBIDDEN_IN_SHEET_TITLE = "[]:*?/\\"
SHEET_TITLE_LENGTH = 31  # Excel refuses longer sheet names


def safe_sheet_title(text: str) -> str:
    """A name Excel accepts for a sheet: each of ``[]:*?/\\`` becomes a space, cut to 31 characters."""
    for forbidden in FORBIDDEN_IN_SHEET_TITLE:
        text = text.replace(forbidden, " ")
    return text[:SHEET_TITLE_LENGTH]


def set_widths(sheet, widths: Iterable[int]) -> None:
    """Column widths in Excel's units (characters of the default font), from column A on."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def style_header(cells: Iterable, *, wrap: bool = True) -> None:
    """The header look (bold on a light blue fill, wrapped unless ``wrap`` is false) on the given cells."""
    for cell in cells:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        if wrap:
            cell.alignment = WRAP


def style_sheet(sheet, widths: list[int]) -> None:
    """The look of a one-table sheet: ``widths`` per column, a wrapped and frozen header row (row 1) with
    filters over the whole table, wrapped cells below it."""
    set_widths(sheet, widths)
    style_header(sheet[1])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    if sheet.max_row >= 1 and sheet.max_column >= 1:
        sheet.auto_filter.ref = sheet.dimensions


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
