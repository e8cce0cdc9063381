"""Files for Excel: the one writer of every .xlsx and .csv the app produces, and the look they share.

Plan workbooks (``worksheets.exports.excel``), the regional comparisons and review
(``worksheets.regional.excel``) and the indicator values (``indicators.exports``) write every row through
``write_row`` (.xlsx) or ``csv_text`` (.csv), so whatever an officer typed reaches a spreadsheet the same way:

- text is always text: a cell holding ``=HYPERLINK(...)`` is a string cell, never a formula;
- control characters never reach a cell: Word's line break (U+000B) and page break (U+000C) become a line
  break, the other C0 controls but tab, LF and CR are dropped (openpyxl refuses them, Excel cannot show them);
- numbers are numbers (``int``, ``float``, ``Decimal``), dates and times real dates shown dd.mm.yyyy;
- a text over Excel's cell limit (``CELL_LIMIT``) is cut visibly, never silently: it ends with ``cut_note``
  (the worksheet forms refuse such a text at input, so only text stored before that can be this long; the import
  refuses such a cell);
- a typed text that looks like the file format's own character notation (``_x000D_``) is written so that Excel
  shows it as typed (``escape_text``), and the import reads that notation as Excel does (``unescape_text``);
- CSV opens as columns in Latvian and Lithuanian Excel (``;`` between cells, a decimal comma, UTF-8 with a
  byte order mark), and a text Excel would run as a formula is neutralised as OWASP recommends.
"""

import csv
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO, StringIO

from django.utils import timezone
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .dates import format_date, format_datetime
from .text import clean_text

HEADER_FILL = PatternFill("solid", fgColor="DCE8EE")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
FORBIDDEN_IN_SHEET_TITLE = "[]:*?/\\"
SHEET_TITLE_LENGTH = 31  # Excel refuses longer sheet names
CELL_LIMIT = 32_767  # characters (UTF-16 code units) Excel holds in one cell
DATE_FORMAT = "dd.mm.yyyy"  # Excel's codes; Latvian and Lithuanian Excel show it as written
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
CSV_DELIMITER = ";"  # the list separator of Latvian and Lithuanian Windows
CSV_DECIMAL = ","
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV injection
# How an .xlsx file writes a character by its code: Excel shows "_x000D_" in a cell's text as a carriage return.
CHARACTER_NOTATION = re.compile(r"_x[0-9A-Fa-f]{4}_")
NOTATION_START = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def escape_text(text: str) -> str:
    """``text`` as a cell of an .xlsx holds it so that Excel shows it as typed: each underscore that starts an
    ``_xHHHH_`` (the file format's notation of a character by its code) is written ``_x005F_``, as Excel does."""
    return NOTATION_START.sub("_x005F_", text)


def unescape_text(text: str) -> str:
    """The text Excel shows for a cell's stored ``text``: each ``_xHHHH_`` read as the character it names
    (``"_x000D_"`` a carriage return, ``"_x005F_x000D_"`` the typed ``"_x000D_"``); ``escape_text`` reversed."""
    return CHARACTER_NOTATION.sub(lambda match: chr(int(match[0][2:6], 16)), text)


def text_length(text: str) -> int:
    """The length of ``text`` as Excel counts it (UTF-16 code units: an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def cut_note(length: int) -> str:
    """The words that end a text cut to fit a cell, with the text's whole ``length`` in characters."""
    return ngettext(
        " […] (cut to the %(limit)s characters a spreadsheet cell holds; the whole text, %(length)s character "
        "long, is in the app)",
        " […] (cut to the %(limit)s characters a spreadsheet cell holds; the whole text, %(length)s characters "
        "long, is in the app)",
        length,
    ) % {"length": length, "limit": CELL_LIMIT}


def fit_cell(text: str) -> str:
    """``text`` if Excel can hold it in a cell, else its beginning followed by ``cut_note`` (in all
    ``CELL_LIMIT`` characters), so a file never has a cell Excel refuses and a cut is never silent."""
    length = text_length(text)
    if length <= CELL_LIMIT:
        return text
    note = cut_note(length)
    room = CELL_LIMIT - text_length(note)
    kept = text[:room]
    while (excess := text_length(kept) - room) > 0:  # characters outside the BMP count twice
        kept = kept[: len(kept) - max(1, excess // 2)]
    return kept + note


def cell_value(value):
    """What the writer puts in a cell for ``value``: ``None`` and "" as an empty cell; a bool, an int, a float or a
    ``Decimal`` as the number; a date or a datetime as itself (an aware datetime in local time, without the zone
    Excel cannot store); anything else as its text through ``clean_text`` and ``fit_cell``."""
    if value is None or value == "":
        return None
    if isinstance(value, bool | int | float | Decimal | date | time):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.make_naive(value)
        return value
    return fit_cell(clean_text(str(value)))


def _number_format(value) -> str | None:
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent < 0:
        return "0." + "0" * -value.as_tuple().exponent  # 1500.50 shows as 1500,50, not 1500,5
    return None


def make_cell(sheet, value) -> Cell:
    """A cell of ``sheet`` (not yet placed) holding ``cell_value(value)``: a text is a string cell whatever it
    starts with (one Excel would take for a formula also carries Excel's "quote prefix", so it stays text when an
    officer edits the cell in Excel) and shows as typed (``escape_text``), a date shows as dd.mm.yyyy, a ``Decimal``
    with its decimal places."""
    value = cell_value(value)
    if isinstance(value, str):
        cell = Cell(sheet)
        # Set past openpyxl's value check, which cuts a text at 32,767 characters *as the file writes it*: the
        # notation escape_text adds ("_x005F_", 6 characters each) does not count towards Excel's limit, which
        # cell_value already kept, so a text of the whole limit that holds "_x000D_" must not lose its end.
        cell._value = escape_text(value)
        cell.data_type = "s"  # openpyxl would make a text starting with "=" a formula
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell = Cell(sheet, value=value)
        if number_format := _number_format(value):
            cell.number_format = number_format
    return cell


def write_row(sheet, values: Iterable) -> list[Cell]:
    """Append ``values`` as the next row of ``sheet`` (one per column from A, see ``make_cell``); the row's
    cells, for styling. The only way rows reach the app's workbooks."""
    cells = [make_cell(sheet, value) for value in values]
    sheet.append(cells)
    return cells


def write_rows(sheet, rows: Iterable[Iterable]) -> None:
    """``write_row`` for each of ``rows``."""
    for values in rows:
        write_row(sheet, values)


def csv_cell(value) -> str:
    """``value`` as a CSV cell for Latvian and Lithuanian Excel: a number with a decimal comma ("1500,50",
    "-5"), a date dd.mm.yyyy, a datetime dd.mm.yyyy HH:MM (local time), a text through ``clean_text`` and
    ``fit_cell`` and, when Excel would take it for a formula (it starts with one of ``FORMULA_STARTS``), with
    a ``'`` before it (OWASP's advice against CSV injection); ``None`` as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        return text.replace(".", CSV_DECIMAL)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    text = fit_cell(clean_text(str(value)))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """A CSV file's text: a byte order mark (so Excel reads UTF-8), then ``header`` and ``rows``, cells separated
    by ``;`` and written by ``csv_cell``, lines ending in CRLF, quoted where a cell holds ``;``, ``"`` or a line
    break."""
    buffer = StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow([csv_cell(value) for value in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def safe_sheet_title(text: str) -> str:
    """A name Excel accepts for a sheet: each of ``[]:*?/\\`` becomes a space, cut to 31 characters."""
    for forbidden in FORBIDDEN_IN_SHEET_TITLE:
        text = text.replace(forbidden, " ")
    return clean_text(text)[:SHEET_TITLE_LENGTH]


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
