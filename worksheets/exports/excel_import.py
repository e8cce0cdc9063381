"""Import a plan from the Excel layout it was exported in: read, check, preview, then apply at once.

django-import-export works one model at a time; a plan's workbook is 12 sheets whose rows point at each
other by their visible numbers ("1.2." = goal 1, task 2 — as numbered in the file itself, so new goals
and the tasks under them can arrive together) and must change in one transaction or not at all. So the
reading is our own, driven by the worksheet registry like the export.
"""

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from seimpact.lib.dates import parse_date

from ..cells import CellChange, cell_changes, value_text
from ..editing.services import worksheet_saved, worksheet_state
from ..models import ActionPlan, WorksheetState
from ..numbering import row_numbers
from ..registry import ALL_TABLES, WORKSHEETS, BoundColumn, Table, Worksheet
from .excel import COVER_KEY_COLUMN, ID_HEADER, NUMBER_HEADER, table_code

MAX_BYTES = 5 * 1024 * 1024
NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\.?(?:\s|$)")
YES = {"jā", "ja", "yes", "x", "true", "1", "✓"}
NO = {"nē", "ne", "no", "false", "0", ""}


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

    @property
    def has_changes(self) -> bool:
        return bool(self.plan_field_changes) or any(t.has_changes for t in self.tables)

    @property
    def total(self) -> tuple[int, int, int]:
        return (
            sum(len(t.added) for t in self.tables),
            sum(len(t.changed) for t in self.tables),
            sum(len(t.removed) for t in self.tables),
        )


def _labels(column: BoundColumn) -> set[str]:
    labels = set()
    for language in ("lv", "en"):
        with override(language):
            labels.add(str(column.label).strip().casefold())
    return labels


def _choice_values(column: BoundColumn) -> dict[str, str]:
    mapping = {}
    for value, label in column.field.choices:
        if value == "":
            continue
        mapping[str(value).casefold()] = value
        for language in ("lv", "en"):
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
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def open_workbook(upload):
    """The uploaded .xlsx as an openpyxl workbook; ``ImportRefused`` for a file over 5 MB or not an .xlsx."""
    if upload.size > MAX_BYTES:
        raise ImportRefused(
            [_("The file is too large (%(size)s MB); the limit is 5 MB.") % {"size": round(upload.size / 2**20, 1)}]
        )
    try:
        return load_workbook(upload, data_only=False, read_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportRefused([_("This is not an Excel (.xlsx) file.")]) from None


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
    for index, wanted in enumerate(expected):
        got = header[index] if index < len(header) else ""
        ok = got == wanted if index in (0, len(expected) - 1) else got.casefold() in _labels(columns[index - 1])
        if not ok:
            errors.append(
                _("Sheet “%(sheet)s”, column %(column)s: the heading is “%(got)s”, expected “%(wanted)s”.")
                % {"sheet": sheet.title, "column": get_column_letter(index + 1), "got": got, "wanted": wanted}
            )
    if len(errors):
        return []
    rows = []
    choices = {c.name: _choice_values(c) for c in columns if c.is_choice}
    references = {c.name: _reference_values(plan, c) for c in columns if c.is_reference}
    for line, cells in enumerate(sheet.iter_rows(min_row=2, max_col=len(expected)), start=2):
        if all(c.value in (None, "") for c in cells):
            continue
        where = {"sheet": sheet.title, "line": line}
        for cell in cells:
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                errors.append(
                    _("Sheet “%(sheet)s”, cell %(cell)s: a formula; please paste values instead.")
                    % {**where, "cell": cell.coordinate}
                )
        raw_id = cells[len(expected) - 1].value
        pk = None
        if raw_id not in (None, ""):
            try:
                pk = int(raw_id)
            except (TypeError, ValueError):
                pk = -1
            if pk not in existing:
                errors.append(
                    _("Sheet “%(sheet)s”, row %(line)s: the ID %(id)s is not a row of this plan.")
                    % {**where, "id": raw_id}
                )
                continue
        values = {}
        for index, column in enumerate(columns, start=1):
            text = _text(cells[index].value)
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
                value = _date(cells[index].value)
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
            if column.required and not text:
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
    """Everything the file would change, or ``ImportRefused`` with every problem found."""
    workbook = open_workbook(upload)
    errors: list[str] = []
    tables: dict[str, list[FileRow]] = {}
    existing_rows: dict[str, dict[int, object]] = {}
    for worksheet, table in ALL_TABLES:
        existing_rows[table.key] = {row.pk: row for row in table.rows_of(plan)}
        tables[table.key] = _read_table(plan, workbook, worksheet, table, existing_rows[table.key], errors)
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
    plan_fields, plan_changes = _read_cover(plan, workbook, errors)
    if errors:
        raise ImportRefused(errors)

    changes = []
    for worksheet, table in ALL_TABLES:
        rows = tables[table.key]
        result = TableChanges(worksheet, table, rows)
        seen = {row.pk for row in rows if row.pk}
        for row in rows:
            _validate_model(plan, table, row, errors)
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
    if errors:
        raise ImportRefused(errors)
    revisions = {w.number: worksheet_state(plan, w.number).revision for w in WORKSHEETS}
    return ImportPreview(plan, changes, plan_fields, plan_changes, revisions)


def _read_cover(plan, workbook, errors):
    columns = {c.name: c for w in WORKSHEETS for c in w.plan_columns}
    values = {}
    sheet = workbook.worksheets[0]
    for cells in sheet.iter_rows(min_row=2, max_col=COVER_KEY_COLUMN):
        name = _text(cells[COVER_KEY_COLUMN - 1].value)
        if name not in columns:
            continue
        text = _text(cells[1].value)
        if columns[name].field.get_internal_type() == "BooleanField":
            if text.casefold() not in YES | NO:
                errors.append(
                    _("Sheet “%(sheet)s”, cell %(cell)s: write “jā” or “nē”.")
                    % {"sheet": sheet.title, "cell": cells[1].coordinate}
                )
                continue
            values[name] = text.casefold() in YES
        else:
            values[name] = text
    read = [c for c in columns.values() if c.name in values]
    changes = cell_changes(read, {name: getattr(plan, name) for name in values}, values, text=value_text)
    return values, changes


def _validate_model(plan, table: Table, row: FileRow, errors: list[str]) -> None:
    instance = table.model(plan=plan, **{k: v for k, v in row.values.items() if not isinstance(v, FileRow)})
    try:
        instance.clean()
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            label = table.model._meta.get_field(field_name).verbose_name if field_name != "__all__" else ""
            for message in messages:
                errors.append(
                    _("Sheet “%(sheet)s”, row %(line)s (%(label)s): %(message)s")
                    % {"sheet": row.sheet, "line": row.line, "label": label, "message": message}
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
    for worksheet in WORKSHEETS:
        if any(c.has_changes for c in preview.tables if c.worksheet is worksheet) or (
            worksheet.plan_fields and preview.plan_field_changes
        ):
            worksheet_saved(plan=plan, number=worksheet.number, user=user)
    return preview.total
