"""Import a plan from the Excel layout it was exported in: read, check, preview, then apply at once.

django-import-export works one model at a time; a plan's workbook is 12 sheets whose rows point at each
other by their visible numbers ("1.2." = goal 1, task 2 — as numbered in the file itself, so new goals
and the tasks under them can arrive together) and must change in one transaction or not at all. So the
reading is our own, driven by the worksheet registry like the export.

The reader takes what a text cell shows (a date Excel made of "1.03.2027" comes back as that text; a cell holding
what Latvian Excel makes of the text the plan holds, "0012" become 12, is that text unchanged), refuses a text the
export cut to fit a cell, runs every row through the worksheet page's own row form, refuses an ID twice or an ID
that is not a row of the sheet's table in this plan, and checks its limits while reading (upload size, each zip
part's uncompressed size, filled rows per sheet, characters per cell, the fields a worksheet page can save), before
memory grows.
"""

import re
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Context, Decimal
from functools import cache, cached_property

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from seimpact.lib.dates import format_date, format_datetime, parse_date
from seimpact.lib.excel import CELL_LIMIT, cut_note, text_length, unescape_text
from seimpact.lib.text import clean_text

from ..cells import YES_NO, CellChange, cell_changes, value_text
from ..completeness import plan_problems
from ..editing.forms import row_formset_class, stored_without
from ..editing.services import worksheet_saved, worksheet_state
from ..models import ActionPlan, WorksheetNote, WorksheetState
from ..notes import NOTE_COLUMN, NOTE_KEY
from ..numbering import row_numbers
from ..registry import ALL_TABLES, WORKSHEETS, BoundColumn, Table, Worksheet
from .excel import COVER_KEY_COLUMN, ID_HEADER, NUMBER_HEADER, table_code

# Limits checked while the file is read, before memory grows; each refusal names its limit.
MAX_BYTES = 5 * 1024 * 1024  # the upload
MAX_PART_BYTES = 50 * 1024 * 1024  # each part of the .xlsx (a zip) once uncompressed: a sheet, the shared texts
MAX_ROWS = 1_000  # filled rows per sheet; the largest real plan has about 120 rows in all
NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\.?(?:\s|$)")
# A yes/no answer as the export writes it in each interface language (``cells.YES_NO``: jā/nē, taip/ne, yes/no) or as
# people type it.
YES = {"jā", "ja", "taip", "yes", "x", "true", "1", "✓"}
NO = {"nē", "ne", "no", "false", "0", ""}
TYPED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?")  # what Latvian Excel takes for a date
TYPED_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,(\d+))?(%?)")  # grouped by spaces


class ImportRefused(Exception):
    """The file cannot be imported; ``errors`` says where and why, in the user's language."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class FileRow:
    """One row read from a sheet: where it stands, the id of the plan row it updates (``None``: a new row)."""

    sheet: str
    line: int  # the Excel row number
    pk: int | None
    values: dict  # field name -> value (links: ("ref", number) until resolved, then the FileRow linked)
    number: str = ""  # as numbered in the file ("1.2"), see ``_number_rows``
    title: str = ""

    def __str__(self) -> str:
        """How a link to this row is shown: its number in the file and its text."""
        return f"{self.number}. {self.title}"


@dataclass
class TableChanges:
    """What the file does to one registry table: its rows as read, and which are added, changed, removed."""

    worksheet: Worksheet
    table: Table
    rows: list[FileRow]
    added: list[FileRow] = field(default_factory=list)
    changed: list[tuple[FileRow, list[CellChange]]] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class ImportPreview:
    """Everything an import would change, and the worksheet revisions it was read against."""

    plan: ActionPlan
    tables: list[TableChanges]
    plan_fields: dict  # name -> new value
    plan_field_changes: list[CellChange]
    revisions: dict  # worksheet number -> revision seen
    notes: dict = field(default_factory=dict)  # worksheet number -> its notes' new text (changed ones only)
    note_changes: list[CellChange] = field(default_factory=list)  # labelled "<number>. Notes"

    @property
    def has_changes(self) -> bool:
        return bool(self.plan_field_changes or self.note_changes) or any(t.has_changes for t in self.tables)

    @property
    def total(self) -> tuple[int, int, int]:
        return (
            sum(len(t.added) for t in self.tables),
            sum(len(t.changed) for t in self.tables),
            sum(len(t.removed) for t in self.tables),
        )

    @cached_property
    def warnings(self) -> list[str]:
        """The plan's quality warnings (``completeness.plan_problems``) as the plan would be after the import.

        Found by applying the import in a transaction that is rolled back, so they are exactly the warnings the
        worksheets would show; nothing is kept. Empty when the file changes nothing.
        """
        if not self.has_changes:
            return []
        trial = replace(self, plan=ActionPlan.objects.get(pk=self.plan.pk))  # the caller's plan stays untouched
        messages: list[str] = []
        try:
            with transaction.atomic():
                apply_import(trial, user=None)
                messages = [problem.message for problem in plan_problems(trial.plan)]
                raise _TrialOver
        except (_TrialOver, StaleImport):
            pass
        return messages


class _TrialOver(Exception):
    """Rolls back the trial apply of ``ImportPreview.warnings``."""


def _labels(column: BoundColumn) -> set[str]:
    """The column's header in every interface language (a file exported in any of them is read back)."""
    labels = set()
    for language, _name in settings.LANGUAGES:
        with override(language):
            labels.add(str(column.label).strip().casefold())
    return labels


def _choice_values(column: BoundColumn) -> dict[str, str]:
    mapping = {}
    for value, label in column.field.choices:
        if value == "":
            continue
        mapping[str(value).casefold()] = value
        for language, _name in settings.LANGUAGES:
            with override(language):
                mapping[str(label).casefold()] = value
    return mapping


def _reference_values(plan, column: BoundColumn) -> dict:
    """The rows a reference column may name, by their code (the text's first word), lower-cased."""
    return {row.code.casefold(): row for row in column.field.related_model.objects.for_plan(plan)}


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(_text(value))


def _text(value) -> str:
    """A cell's stored value as text: what links and IDs are read from ("1.2" stays "1.2")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


EXCEL_DIGITS = Context(prec=15)  # Excel keeps 15 significant digits of a number


def _format_decimals(number_format: str) -> int:
    """How many decimals the number format ("0.00%", "#,##0.0") shows at least."""
    section = re.sub(r'"[^"]*"|\\.', "", number_format.split(";", 1)[0])
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0


def shown_text(cell) -> str:
    """The text a cell shows in Latvian Excel, for a text column: what the officer typed before Excel converted it.

    A date as dd.mm.yyyy (with the time when it has one), a time as HH:MM, a percent-formatted number 0.5 as
    "50%", a decimal with a decimal comma ("1250,5"; the format's decimals at least, "1 250,50" with grouping),
    a whole number without ".0"; the number is never rounded to the format, so nothing typed is lost. A text as
    Excel shows it (the file's ``_xHHHH_`` notation read, ``seimpact.lib.excel.unescape_text``), other values as
    their text; surrounding spaces removed.
    """
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return format_date(value) if value.time() == time(0) else format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, int | float | Decimal):
        return _number_text(value, getattr(cell, "number_format", None) or "General")
    return unescape_text(str(value)).strip()


def excel_value(text: str) -> date | Decimal | None:
    """What Latvian Excel makes of ``text`` typed in a cell: the date of "1.03.2027", the number of "0012", "-5",
    "1250,5" or "1 250,5", the fraction of "50%" (0.5); ``None`` for a text Excel keeps as text."""
    text = text.strip()
    if match := TYPED_DATE.fullmatch(text):
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    if match := TYPED_NUMBER.fullmatch(text):
        number = Decimal(match[1] + re.sub(r"\D", "", match[2]) + ("." + match[3] if match[3] else ""))
        return number / 100 if match[4] else number
    return None


def _is_excel_value_of(value, text: str) -> bool:
    """Whether a cell's ``value`` (a date, a number) is what Latvian Excel makes of ``text`` typed in it; numbers
    compared to the 15 significant digits Excel keeps."""
    typed = excel_value(text)
    if isinstance(typed, date):
        if isinstance(value, datetime):
            return value.time() == time(0) and value.date() == typed
        return isinstance(value, date) and value == typed
    if typed is None or isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    number = EXCEL_DIGITS.create_decimal(repr(value) if isinstance(value, float) else value)
    return EXCEL_DIGITS.plus(typed) == number


def cell_text(cell, stored) -> str:
    """The text of a cell of a text column: what it shows (``shown_text``), but the text the plan holds
    (``stored``) when the cell holds what Latvian Excel makes of that text, so a cell Excel only converted when it
    was typed again (the deadline "1.03.2027" shown as 01.03.2027, "0012" as 12) is not a change."""
    converted = not isinstance(cell.value, str) and cell.value is not None
    if converted and isinstance(stored, str) and stored and _is_excel_value_of(cell.value, stored):
        return stored
    return shown_text(cell)


# Lengths whose cut notes are every plural form a language has (…0, …1, …2, …11: Latvian and Lithuanian have three).
_ONE_OF_EACH_FORM = (987_654_320, 987_654_321, 987_654_322, 987_654_311)


@cache
def _cut_note_ending(language: str) -> re.Pattern:
    """The ``seimpact.lib.excel.cut_note`` a cut text ends with in ``language`` (any of its plural forms), its
    numbers as any number."""
    with override(language):
        notes = {length: cut_note(length) for length in _ONE_OF_EACH_FORM}
    patterns = {
        re.escape(note).replace(str(length), r"\d+").replace(str(CELL_LIMIT), r"\d+") for length, note in notes.items()
    }
    return re.compile("(?:" + "|".join(sorted(patterns)) + r")\s*$")


def is_cut_text(value) -> bool:
    """Whether a cell's ``value`` is a text the export cut to fit a spreadsheet cell (it ends with the cut note in
    one of the interface languages)."""
    if not isinstance(value, str):
        return False
    text = unescape_text(value)
    return any(_cut_note_ending(code).search(text) for code, _name in settings.LANGUAGES)


def _cut_text_error(sheet: str, line: int, column: str) -> str:
    return _(
        "Sheet “%(sheet)s”, row %(line)s, column %(column)s: this text was cut in the export to fit a spreadsheet "
        "cell; importing it would shorten the text in the plan. Edit this text in the app, not in the file."
    ) % {"sheet": sheet, "line": line, "column": column}


def _number_text(value, number_format: str) -> str:
    number = EXCEL_DIGITS.create_decimal(repr(value) if isinstance(value, float) else value)
    percent = "%" in re.sub(r'"[^"]*"|\\.', "", number_format)
    if percent:
        number *= 100
    text = format(number.normalize(), "f")
    whole, _dot, decimals = text.partition(".")
    decimals = decimals.ljust(_format_decimals(number_format), "0")
    if "#,##" in number_format or "0,0" in number_format:
        sign = "-" if whole.startswith("-") else ""
        digits = whole.lstrip("-")
        groups = []
        while len(digits) > 3:
            digits, group = digits[:-3], digits[-3:]
            groups.insert(0, group)
        whole = sign + " ".join([digits, *groups])
    return whole + ("," + decimals if decimals else "") + ("%" if percent else "")


def open_workbook(upload):
    """The uploaded .xlsx as an openpyxl workbook in read-only mode (the caller closes it).

    ``ImportRefused``, naming the limit, for a file over ``MAX_BYTES`` or a part of it that would expand past
    ``MAX_PART_BYTES``; checked from the zip's directory before anything is uncompressed. ``ImportRefused``
    for a file that is not an .xlsx.
    """
    if upload.size > MAX_BYTES:
        raise ImportRefused(
            [
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(upload.size / 2**20, 1), "limit": MAX_BYTES // 2**20}
            ]
        )
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            for member in archive.infolist():
                if member.file_size > MAX_PART_BYTES:
                    raise ImportRefused(
                        [
                            _(
                                "The part “%(part)s” of the file would expand to %(size)s MB; the limit is %(limit)s MB "
                                "per part."
                            )
                            % {
                                "part": member.filename,
                                "size": round(member.file_size / 2**20),
                                "limit": MAX_PART_BYTES // 2**20,
                            }
                        ]
                    )
        upload.seek(0)
        return load_workbook(upload, data_only=False, read_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, EOFError):
        raise ImportRefused([_("This is not an Excel (.xlsx) file.")]) from None


def _rows(sheet, max_col: int, errors: list[str]):
    """``(line, cells)`` of every filled row under the header, at most ``MAX_ROWS``: past the limit the reading
    stops with an error naming it. Rows are read one at a time (the read-only workbook), whatever the sheet's
    stated dimension says."""
    sheet.reset_dimensions()  # a dimension that understates the rows would drop the rows past it unseen
    count = 0
    for line, cells in enumerate(sheet.iter_rows(min_row=2, max_col=max_col), start=2):
        if all(c.value in (None, "") for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            errors.append(
                _("Sheet “%(sheet)s” has more than %(limit)s filled rows; the limit is %(limit)s rows per sheet.")
                % {"sheet": sheet.title, "limit": MAX_ROWS}
            )
            return
        yield line, cells


def _link_text(value) -> str:
    """A link cell's text: the number of a goal or task. Latvian Excel turns a typed "2.1." into the date 2 January;
    such a date is read back as the "2.1" that was typed."""
    if isinstance(value, datetime | date):
        return f"{value.day}.{value.month}."
    return _text(value)


def _row_id(raw):
    """The ID cell's value as a row id; ``-1`` for anything but a whole number."""
    if isinstance(raw, bool):
        return -1
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return -1


def _find_sheet(workbook, code: str):
    for sheet in workbook.worksheets:
        if sheet.title.split(" ", 1)[0] == code:
            return sheet
    return None


def _read_table(plan, workbook, worksheet: Worksheet, table: Table, existing: dict, errors: list[str]) -> list[FileRow]:
    code = table_code(worksheet, table)
    sheet = _find_sheet(workbook, code)
    if sheet is None:
        errors.append(
            _("The sheet of worksheet %(code)s is missing or was renamed (its name must start with “%(code)s ”).")
            % {"code": code}
        )
        return []
    columns = table.bound_columns
    header = [_text(c.value) for c in next(sheet.iter_rows(min_row=1, max_row=1), [])]
    expected = [NUMBER_HEADER, *[str(c.label) for c in columns], ID_HEADER]
    header_errors = []
    for index, wanted in enumerate(expected):
        got = header[index] if index < len(header) else ""
        ok = got == wanted if index in (0, len(expected) - 1) else got.casefold() in _labels(columns[index - 1])
        if not ok:
            header_errors.append(
                _("Sheet “%(sheet)s”, column %(column)s: the heading is “%(got)s”, expected “%(wanted)s”.")
                % {"sheet": sheet.title, "column": get_column_letter(index + 1), "got": got, "wanted": wanted}
            )
    if header_errors:
        errors.extend(header_errors)
        return []
    rows = []
    choices = {c.name: _choice_values(c) for c in columns if c.is_choice}
    references = {c.name: _reference_values(plan, c) for c in columns if c.is_reference}
    id_letter = get_column_letter(len(expected))
    first_line_of: dict[int, int] = {}  # row id -> the line it was first read on
    for line, cells in _rows(sheet, len(expected), errors):
        where = {"sheet": sheet.title, "line": line}
        for position, cell in enumerate(cells, start=1):
            coordinate = f"{get_column_letter(position)}{line}"
            if cell.data_type == "f":
                errors.append(
                    _("Sheet “%(sheet)s”, cell %(cell)s: a formula; please paste values instead.")
                    % {**where, "cell": coordinate}
                )
            elif is_cut_text(cell.value):
                errors.append(_cut_text_error(sheet.title, line, get_column_letter(position)))
            elif isinstance(cell.value, str) and (length := text_length(unescape_text(cell.value))) > CELL_LIMIT:
                errors.append(
                    _(
                        "Sheet “%(sheet)s”, cell %(cell)s: the text has %(length)s characters; the limit is "
                        "%(limit)s characters per cell."
                    )
                    % {**where, "cell": coordinate, "length": length, "limit": CELL_LIMIT}
                )
        raw_id = cells[len(expected) - 1].value
        pk = None
        if raw_id not in (None, ""):
            pk = _row_id(raw_id)
            if pk not in existing:
                errors.append(
                    _(
                        "Sheet “%(sheet)s”, row %(line)s, column %(column)s: the ID %(id)s is not a row of this sheet "
                        "in this plan. A row copied from another plan or sheet must have its ID cleared."
                    )
                    % {**where, "column": id_letter, "id": raw_id}
                )
                continue
            if pk in first_line_of:
                errors.append(
                    _(
                        "Sheet “%(sheet)s”, row %(line)s, column %(column)s: the ID %(id)s is also on row %(first)s. "
                        "A copied row must have its ID cleared to be added as a new row."
                    )
                    % {**where, "column": id_letter, "id": raw_id, "first": first_line_of[pk]}
                )
                continue
            first_line_of[pk] = line
        values = {}
        may_stay_empty = stored_without(existing[pk], [c.name for c in columns]) if pk is not None else []
        for index, column in enumerate(columns, start=1):
            cell = cells[index]
            stored = getattr(existing[pk], column.name) if pk is not None and not column.field.is_relation else None
            text = _link_text(cell.value) if column.is_link else cell_text(cell, stored)
            letter = get_column_letter(index + 1)
            if column.is_reference:
                value = references[column.name].get(text.split(" ", 1)[0].casefold()) if text else None
                if text and value is None:
                    errors.append(
                        _("Sheet “%(sheet)s”, row %(line)s, column %(column)s: “%(value)s” is not one of %(allowed)s.")
                        % {**where, "column": letter, "value": text, "allowed": "/".join(references[column.name])}
                    )
                values[column.name] = value
            elif column.is_date:
                value = _date(cell.value)
                if text and value is None:
                    errors.append(
                        _("Sheet “%(sheet)s”, row %(line)s, column %(column)s: “%(value)s” is not a date (dd.mm.yyyy).")
                        % {**where, "column": letter, "value": text}
                    )
                values[column.name] = value
            elif column.is_link:
                match = NUMBER.match(text)
                if text and not match:
                    errors.append(
                        _(
                            "Sheet “%(sheet)s”, row %(line)s, column %(column)s: “%(value)s” does not start with the number of a %(target)s."
                        )
                        % {
                            **where,
                            "column": letter,
                            "value": text,
                            "target": column.field.related_model._meta.verbose_name,
                        }
                    )
                values[column.name] = ("ref", match.group(1)) if match else None
            elif isinstance(column.field, models.BooleanField):  # e.g. ws 9's own checklist items: done
                if text.casefold() not in YES | NO:
                    errors.append(
                        _("Sheet “%(sheet)s”, row %(line)s, column %(column)s: write “%(yes)s” or “%(no)s”.")
                        % {**where, "column": letter, "yes": YES_NO[0], "no": YES_NO[1]}
                    )
                values[column.name] = text.casefold() in YES
            elif column.is_choice:
                value = choices[column.name].get(text.casefold())
                if text and value is None:
                    allowed = "/".join(str(label) for value_, label in column.field.choices if value_)
                    errors.append(
                        _("Sheet “%(sheet)s”, row %(line)s, column %(column)s: “%(value)s” is not one of %(allowed)s.")
                        % {**where, "column": letter, "value": text, "allowed": allowed}
                    )
                values[column.name] = value or (column.field.get_default() if column.field.has_default() else "")
            else:
                values[column.name] = text
            if column.required and not text and column.name not in may_stay_empty:
                errors.append(
                    _("Sheet “%(sheet)s”, row %(line)s, column %(column)s (%(label)s): this text is required.")
                    % {**where, "column": letter, "label": column.label}
                )
        rows.append(FileRow(sheet.title, line, pk, values, title=values.get(table.model.TITLE_FIELD, "")))
    return rows


def _number_rows(tables: dict[str, list[FileRow]]) -> dict[type, dict[str, FileRow]]:
    """Number every table's rows as the file itself numbers them (goals "1", tasks "1.2"), by the order of
    the sheets' rows and the parent each row names; ``{model: {number: row}}``, for resolving links."""
    numbered: dict[type, dict[str, FileRow]] = {}
    for _worksheet, table in ALL_TABLES:  # a parent table comes before the tables numbered under it
        rows = tables.get(table.key, [])

        def parent_number(row: FileRow, table: Table = table) -> str | None:
            ref = row.values.get(table.parent)
            parent = numbered[table.parent_table.model].get(ref[1]) if ref else None
            return parent.number if parent else None

        for row, number in zip(rows, row_numbers(table, rows, parent_number), strict=True):
            row.number = number
        numbered[table.model] = {row.number: row for row in rows}
    return numbered


def read_plan_workbook(plan: ActionPlan, upload) -> ImportPreview:
    """Everything the file would change, or ``ImportRefused`` with every problem found.

    Text columns take what a cell shows (``shown_text``); every row passes the worksheet page's own row form
    (``worksheets.editing.forms.row_formset_class``), its values as that form cleans them; the limits
    (``MAX_BYTES``, ``MAX_PART_BYTES``, ``MAX_ROWS``, ``CELL_LIMIT``, and the fields a worksheet page can
    save) are checked while reading.
    """
    workbook = open_workbook(upload)
    try:
        return _read_plan_workbook(plan, workbook)
    except (SyntaxError, zipfile.BadZipFile, zlib.error, EOFError):  # a broken sheet's XML or compressed data
        raise ImportRefused([_("This is not an Excel (.xlsx) file.")]) from None
    finally:
        workbook.close()


def _read_plan_workbook(plan: ActionPlan, workbook) -> ImportPreview:
    errors: list[str] = []
    tables: dict[str, list[FileRow]] = {}
    existing_rows: dict[str, dict[int, object]] = {}
    for worksheet, table in ALL_TABLES:
        existing_rows[table.key] = {row.pk: row for row in table.rows_of(plan)}
        tables[table.key] = _read_table(plan, workbook, worksheet, table, existing_rows[table.key], errors)
    plan_fields, plan_changes = _read_cover(plan, workbook, errors)
    notes, note_changes = _read_cover_notes(plan, workbook, errors)
    if errors:
        raise ImportRefused(errors)
    numbered = _number_rows(tables)
    for _worksheet, table in ALL_TABLES:
        for row in tables[table.key]:
            for column in table.link_columns:
                ref = row.values.get(column.name)
                if ref is None:
                    if column.required:
                        errors.append(
                            _("Sheet “%(sheet)s”, row %(line)s: choose the %(label)s.")
                            % {"sheet": row.sheet, "line": row.line, "label": column.label}
                        )
                    continue
                target = numbered[column.field.related_model].get(ref[1])
                if target is None:
                    errors.append(
                        _("Sheet “%(sheet)s”, row %(line)s: there is no %(target)s number %(number)s in this file.")
                        % {
                            "sheet": row.sheet,
                            "line": row.line,
                            "target": column.field.related_model._meta.verbose_name,
                            "number": ref[1],
                        }
                    )
                row.values[column.name] = target
    if errors:
        raise ImportRefused(errors)

    changes = []
    for worksheet, table in ALL_TABLES:
        rows = tables[table.key]
        result = TableChanges(worksheet, table, rows)
        seen = {row.pk for row in rows if row.pk}
        for row in rows:
            _validate_row(plan, table, row, errors, stored=existing_rows[table.key].get(row.pk))
            if row.pk is None:
                result.added.append(row)
                continue
            diff = _row_changes(existing_rows[table.key][row.pk], row, table)
            if diff:
                result.changed.append((row, diff))
        for pk, instance in existing_rows[table.key].items():
            if pk not in seen:
                result.removed.append((pk, str(getattr(instance, table.model.TITLE_FIELD))))
        changes.append(result)
    _check_removed_are_unused(changes, errors)
    _check_pages_can_save(tables, errors)
    if errors:
        raise ImportRefused(errors)
    revisions = {w.number: worksheet_state(plan, w.number).revision for w in WORKSHEETS}
    return ImportPreview(plan, changes, plan_fields, plan_changes, revisions, notes, note_changes)


def _read_cover(plan, workbook, errors):
    columns = {c.name: c for w in WORKSHEETS for c in w.plan_columns}
    values = {}
    sheet = workbook.worksheets[0]
    for line, cells in _rows(sheet, COVER_KEY_COLUMN, errors):
        name = _text(cells[COVER_KEY_COLUMN - 1].value)
        if name not in columns:
            continue
        text = cell_text(cells[1], getattr(plan, name))
        if is_cut_text(cells[1].value):
            errors.append(_cut_text_error(sheet.title, line, "B"))
            continue
        if cells[1].data_type == "f":
            errors.append(
                _("Sheet “%(sheet)s”, cell %(cell)s: a formula; please paste values instead.")
                % {"sheet": sheet.title, "cell": f"B{line}"}
            )
            continue
        if columns[name].field.get_internal_type() == "BooleanField":
            if text.casefold() not in YES | NO:
                errors.append(
                    _("Sheet “%(sheet)s”, cell %(cell)s: write “%(yes)s” or “%(no)s”.")
                    % {"sheet": sheet.title, "cell": f"B{line}", "yes": YES_NO[0], "no": YES_NO[1]}
                )
                continue
            values[name] = text.casefold() in YES
        elif text_length(text) > CELL_LIMIT:
            errors.append(
                _(
                    "Sheet “%(sheet)s”, cell %(cell)s: the text has %(length)s characters; the limit is "
                    "%(limit)s characters per cell."
                )
                % {"sheet": sheet.title, "cell": f"B{line}", "length": text_length(text), "limit": CELL_LIMIT}
            )
        else:
            values[name] = text
    read = [c for c in columns.values() if c.name in values]
    changes = cell_changes(read, {name: getattr(plan, name) for name in values}, values, text=value_text)
    return values, changes


def _read_cover_notes(plan, workbook, errors) -> tuple[dict[int, str], list[CellChange]]:
    """The worksheets' notes the cover sheet holds (rows keyed ``note:<number>``, ``notes.NOTE_KEY``): those that
    differ from the plan's, as ``{number: text}``, and their changes labelled "<number>. Notes". A note is refused
    like a plan-level text: a formula, a text the export cut, a text longer than a cell; a note row missing from
    the file changes nothing."""
    keys = {NOTE_KEY.format(number=w.number): w.number for w in WORKSHEETS}
    stored = dict(WorksheetNote.objects.filter(plan=plan).values_list("number", "text"))
    sheet = workbook.worksheets[0]
    notes, changes = {}, []
    for line, cells in _rows(sheet, COVER_KEY_COLUMN, errors):
        number = keys.get(_text(cells[COVER_KEY_COLUMN - 1].value))
        if number is None:
            continue
        before = stored.get(number, "")
        if cells[1].data_type == "f":
            errors.append(
                _("Sheet “%(sheet)s”, cell %(cell)s: a formula; please paste values instead.")
                % {"sheet": sheet.title, "cell": f"B{line}"}
            )
            continue
        if is_cut_text(cells[1].value):
            errors.append(_cut_text_error(sheet.title, line, "B"))
            continue
        text = clean_text(cell_text(cells[1], before))
        if text_length(text) > CELL_LIMIT:
            errors.append(
                _(
                    "Sheet “%(sheet)s”, cell %(cell)s: the text has %(length)s characters; the limit is "
                    "%(limit)s characters per cell."
                )
                % {"sheet": sheet.title, "cell": f"B{line}", "length": text_length(text), "limit": CELL_LIMIT}
            )
            continue
        if text != clean_text(before):
            notes[number] = text
            changes.append(CellChange(f"{number}. {NOTE_COLUMN.label}", before, text))
    return notes, changes


def _validate_row(plan, table: Table, row: FileRow, errors: list[str], *, stored=None) -> None:
    """Run the worksheet page's row form on the row; its cleaned values replace the row's (as a save would store
    them). Links and reference columns, already resolved against this plan's rows, are left out of the form.
    ``stored``: the plan's row the file's row updates (None for a new row), so what the row is stored with, a required
    column left empty or a broken rule of its model (a high risk without preventive measures), may stay, as on the
    worksheet page (``RowForm``)."""
    form_class = row_formset_class(table).form
    data = {}
    for column in table.bound_columns:
        value = row.values.get(column.name)
        data[column.name] = value.isoformat() if isinstance(value, date) else ("" if value is None else value)
    form = form_class(data, instance=table.model(plan=plan), plan=plan, link_choices={}, stored_row=stored)
    resolved = [c.name for c in table.bound_columns if c.field.is_relation]
    for name in resolved:
        form.fields.pop(name, None)
    if form.is_valid():
        for name, value in form.cleaned_data.items():
            if name in row.values and name not in resolved:
                row.values[name] = value
        row.title = row.values.get(table.model.TITLE_FIELD, "")
        return
    letters = {c.name: get_column_letter(index) for index, c in enumerate(table.bound_columns, start=2)}
    for name, messages in form.errors.items():
        for message in messages:
            if name in letters:
                errors.append(
                    _("Sheet “%(sheet)s”, row %(line)s, column %(column)s (%(label)s): %(message)s")
                    % {
                        "sheet": row.sheet,
                        "line": row.line,
                        "column": letters[name],
                        "label": table.column(name).label,
                        "message": message,
                    }
                )
            else:
                errors.append(
                    _("Sheet “%(sheet)s”, row %(line)s (%(label)s): %(message)s")
                    % {"sheet": row.sheet, "line": row.line, "label": "", "message": message}
                )


def page_fields_per_row(table: Table) -> int:
    """The form fields one row of ``table`` posts when its worksheet page is saved: its form's, its ID, delete and
    the ``base`` digests of what the page was loaded with (``seimpact.lib.merge``)."""
    return len(row_formset_class(table).form.base_fields) + 3


def _check_pages_can_save(tables: dict[str, list[FileRow]], errors: list[str]) -> None:
    """A worksheet the import would leave with more fields than one save of its page may post
    (``DATA_UPLOAD_MAX_NUMBER_FIELDS``) could no longer be saved: refused, naming the limit."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if limit is None:
        return
    for worksheet in WORKSHEETS:
        fields = 10 + len(worksheet.plan_fields)  # the page's own: token, revision, management forms…
        fields += sum(5 + len(tables.get(t.key, [])) * page_fields_per_row(t) for t in worksheet.tables)
        if fields > limit:
            rows = sum(len(tables.get(t.key, [])) for t in worksheet.tables)
            errors.append(
                _(
                    "Worksheet %(number)s would have %(rows)s rows: more than its page can save at once (%(limit)s "
                    "fields). Split the rows between plans or shorten the list."
                )
                % {"number": worksheet.number, "rows": rows, "limit": limit}
            )


def _row_changes(instance, row: FileRow, table: Table) -> list[CellChange]:
    """What the file changes in a row of the plan: links by the row linked (its number and text in the file)."""
    before = {c.name: getattr(instance, c.name) for c in table.bound_columns}
    return cell_changes(table.bound_columns, before, row.values, text=value_text)


def _check_removed_are_unused(changes: list[TableChanges], errors: list[str]) -> None:
    """A row the file drops must not stay the goal or task of a row the file keeps."""
    removed = {(c.table.model, pk): title for c in changes for pk, title in c.removed}
    for change in changes:
        for row in change.rows:
            for column in change.table.link_columns:
                target = row.values.get(column.name)
                if isinstance(target, FileRow) and target.pk and (column.field.related_model, target.pk) in removed:
                    errors.append(
                        _("Sheet “%(sheet)s”, row %(line)s points at a row the file removes.")
                        % {"sheet": row.sheet, "line": row.line}
                    )


class StaleImport(Exception):
    """The plan changed between the preview and the apply."""


@transaction.atomic
def apply_import(preview: ImportPreview, *, user) -> tuple[int, int, int]:
    """Apply a preview entirely, as ``user``: ``(added, changed, removed)`` rows.

    ``StaleImport`` (and nothing changed) when a worksheet was saved since the preview was read.
    """
    plan = preview.plan
    states = {s.number: s for s in WorksheetState.objects.select_for_update().filter(plan=plan)}
    for number, revision in preview.revisions.items():
        current = states[number].revision if number in states else 0
        if current != revision:
            raise StaleImport
    reason = _("Excel import")
    # Removals first, dependants before what they point at (activities, indicators, tasks, goals).
    for change in reversed(preview.tables):
        for pk, _title in change.removed:
            instance = change.table.model.objects.get(pk=pk)
            instance._change_reason = reason
            instance.delete()
    saved: dict[int, object] = {}
    for change in preview.tables:
        existing = {row.pk: row for row in change.table.rows_of(plan)}
        changed_pks = {row.pk for row, _diff in change.changed}
        for position, row in enumerate(change.rows, start=1):
            instance = existing.get(row.pk) or change.table.model(plan=plan)
            dirty = row.pk is None or row.pk in changed_pks or instance.position != position
            for name, value in row.values.items():
                if isinstance(value, FileRow):
                    value = saved[id(value)]
                setattr(instance, name, value)
            instance.position = position
            if dirty:
                instance._change_reason = reason
                instance.save()
            saved[id(row)] = instance
    if preview.plan_field_changes:
        for name, value in preview.plan_fields.items():
            setattr(plan, name, value)
        plan._change_reason = reason
        plan.save()
    for number, text in preview.notes.items():
        note = WorksheetNote.objects.filter(plan=plan, number=number).first() or WorksheetNote(plan=plan, number=number)
        note.text = text
        note._change_reason = reason
        note.save()
    for worksheet in WORKSHEETS:
        if (
            any(c.has_changes for c in preview.tables if c.worksheet is worksheet)
            or (worksheet.plan_fields and preview.plan_field_changes)
            or worksheet.number in preview.notes
        ):
            worksheet_saved(plan=plan, number=worksheet.number, user=user)
    return preview.total
