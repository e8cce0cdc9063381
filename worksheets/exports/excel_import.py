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

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..editing.services import worksheet_state
from ..models import ActionPlan, StrategicGoal, Task, WorksheetState
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
    sheet: str
    line: int  # the Excel row number
    pk: int | None
    values: dict  # field name -> value (links: ("ref", number) until resolved)
    number: str = ""
    title: str = ""


@dataclass
class TableChanges:
    worksheet: Worksheet
    table: Table
    rows: list[FileRow]
    added: list[FileRow] = field(default_factory=list)
    changed: list[tuple[FileRow, list[tuple[str, str, str]]]] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class ImportPreview:
    plan: ActionPlan
    tables: list[TableChanges]
    plan_fields: dict  # name -> new value
    plan_field_changes: list[tuple[str, str, str]]
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
    text = _text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def open_workbook(upload):
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
    """The file's own numbering of goals ("1") and tasks ("1.2"), by the order of the sheets' rows."""
    goals = {str(i): row for i, row in enumerate(tables.get("goals", []), start=1)}
    for number, row in goals.items():
        row.number = number
    goal_number = {id(row): number for number, row in goals.items()}
    tasks, counters = {}, {}
    for row in tables.get("tasks", []):
        ref = row.values.get("goal")
        goal = goals.get(ref[1]) if ref else None
        parent = goal_number.get(id(goal), "?")
        counters[parent] = counters.get(parent, 0) + 1
        row.number = f"{parent}.{counters[parent]}"
        tasks[row.number] = row
    return {StrategicGoal: goals, Task: tasks}


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
            diff = _diff(existing_rows[table.key][row.pk], row, table, numbered)
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
    fields = {f.name: f for w in WORKSHEETS for f in w.plan_form_fields}
    values, changes = {}, []
    sheet = workbook.worksheets[0]
    for cells in sheet.iter_rows(min_row=2, max_col=COVER_KEY_COLUMN):
        name = _text(cells[COVER_KEY_COLUMN - 1].value)
        if name not in fields:
            continue
        model_field = fields[name]
        text = _text(cells[1].value)
        if model_field.get_internal_type() == "BooleanField":
            if text.casefold() not in YES | NO:
                errors.append(
                    _("Sheet “%(sheet)s”, cell %(cell)s: write “jā” or “nē”.")
                    % {"sheet": sheet.title, "cell": cells[1].coordinate}
                )
                continue
            value = text.casefold() in YES
        else:
            value = text
        values[name] = value
        if getattr(plan, name) != value:
            changes.append((str(model_field.verbose_name), _display(getattr(plan, name)), _display(value)))
    return values, changes


def _display(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    return str(value)


def _validate_model(plan, table: Table, row: FileRow, errors: list[str]) -> None:
    from django.core.exceptions import ValidationError

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


def _diff(instance, row: FileRow, table: Table, numbered) -> list[tuple[str, str, str]]:
    changes = []
    for column in table.bound_columns:
        new = row.values.get(column.name)
        old = getattr(instance, column.field.attname)
        if column.is_reference:
            if getattr(new, "pk", None) != old:
                before = str(getattr(instance, column.name)) if old else ""
                changes.append((str(column.label), before, str(new) if new else ""))
            continue
        if column.is_date:
            if new != old:
                changes.append((str(column.label), _display(old), _display(new)))
            continue
        if column.is_link:
            if isinstance(new, FileRow) and new.pk is not None and new.pk == old:
                continue
            if new is None and old is None:
                continue
            old_text = str(getattr(instance, column.name)) if old else ""
            changes.append((str(column.label), old_text, f"{new.number}. {new.title}" if new else ""))
        elif (old or "") != (new or ""):
            if column.is_choice:
                choices = dict(column.field.choices)
                changes.append((str(column.label), str(choices.get(old, old)), str(choices.get(new, new))))
            else:
                changes.append((str(column.label), old or "", new or ""))
    return changes


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
    now = timezone.now()
    for worksheet in WORKSHEETS:
        if any(c.has_changes for c in preview.tables if c.worksheet is worksheet) or (
            worksheet.plan_fields and preview.plan_field_changes
        ):
            state = states.get(worksheet.number) or worksheet_state(plan, worksheet.number)
            state.revision += 1
            state.saved_at = now
            state.saved_by = user
            state.save()
    ActionPlan.objects.filter(pk=plan.pk).update(updated_at=now, updated_by=user)
    return preview.total
