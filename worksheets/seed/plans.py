"""Load the municipalities' real plans from ``fixtures/plans/*.yaml`` (format: ``fixtures/FORMAT.md``).

Idempotent: a plan whose rows already equal its fixture is left untouched (no history entry); a plan
whose fixture changed gets its rows rebuilt, attributed to the import user.

The fixture follows the registry: ``worksheets`` maps a worksheet number to the rows of its first table,
each row carrying the rows of the tables numbered under it (ws 6: a goal's ``tasks``); a row that other
rows link to has a ``ref`` ("1", "1.2"), the links name it. Plan-level texts are top-level keys, the
yes/no answers sit under ``partnership_checklist`` with the notes on them and the municipality's own items
(``own_items``, ws 9's ``checklist`` table); ``notes`` maps a worksheet number to what the municipality wrote
beside its table (``WorksheetNote``).
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from municipalities.models import Municipality

from ..exports.data import snapshot
from ..models import ActionPlan, PlanStatus, PlanVersion, WorksheetNote
from ..numbering import Numbering, row_numbers
from ..registry import ALL_TABLES, WORKSHEETS, Table, get_worksheet, references_to
from ..review.versions import freeze_version

IMPORT_USERNAME = "importa-lietotajs"
CHECKLIST_KEY = "partnership_checklist"  # the fixture's mapping of the plan's yes/no answers
OWN_ITEMS_KEY = "own_items"  # under ``CHECKLIST_KEY``: the municipality's own checklist items (text, done)
OWN_ITEMS_TABLE = "checklist"  # the registry table they are rows of (ws 9)
NOTES_KEY = "notes"  # the fixture's mapping of worksheet number -> notes beside its table
REF = "ref"  # the fixture's name of a row that other rows link to


class SeedError(Exception):
    """A fixture that does not follow the format; the message names the file and the place."""


@dataclass
class LoadResult:
    """What loading one plan file did: the municipality's name, and row counts by worksheet number."""

    municipality: str
    created: bool
    changed: bool
    rows: dict  # worksheet number -> row count


def import_user():
    """The inactive user the loaded plans are attributed to (created on first use, without a password)."""
    user, created = get_user_model().objects.get_or_create(
        username=IMPORT_USERNAME, defaults={"first_name": "Datu", "last_name": "imports", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _has_refs(table: Table) -> bool:
    """Whether other rows link to this table's rows, so the fixture names them by ``ref`` (goals, tasks)."""
    return bool(references_to(table.model))


def _rows_by_table(document: dict, source: str) -> dict[str, list[dict]]:
    """The fixture's rows per registry table key, links and refs as the numbers the app shows ("2", "2.1")."""
    worksheets = document.get("worksheets") or {}
    rows: dict[str, list[dict]] = {}
    own_items = (document.get(CHECKLIST_KEY) or {}).get(OWN_ITEMS_KEY) or []
    rows[OWN_ITEMS_TABLE] = [{**item, "done": bool(item.get("done"))} for item in own_items]
    for number, items in worksheets.items():
        # nested: numbered under the first (tasks under goals); ws 9's own checklist items come from the checklist
        first, *nested = [t for t in get_worksheet(int(number)).tables if t.key != OWN_ITEMS_TABLE]
        rows[first.key] = []
        for table in nested:
            rows.setdefault(table.key, [])
        for item in items or []:
            row = {name: value for name, value in item.items() if name not in {t.key for t in nested}}
            rows[first.key].append(row)
            for table in nested:
                rows[table.key].extend({**child, table.parent: row.get(REF)} for child in item.get(table.key) or [])
    for _worksheet, table in ALL_TABLES:
        for index, row in enumerate(rows.get(table.key, []), start=1):
            unknown = set(row) - {*table.field_names, REF}
            if unknown:
                raise SeedError(f"{source}: {table.key} row {index} has unknown fields {sorted(unknown)}")
    _renumber(rows, source)
    return rows


def _renumber(rows: dict[str, list[dict]], source: str) -> None:
    """Give the rows with a ref the numbers the app shows ("2", "2.1") and point the links at them."""
    numbers_by_ref: dict[type, dict[str, str]] = {}  # model -> {ref in the fixture: number in the app}
    for _worksheet, table in ALL_TABLES:  # a linked table comes before the tables linking to it
        table_rows = rows.get(table.key, [])
        for index, row in enumerate(table_rows, start=1):
            for column in table.link_columns:
                ref = row.get(column.name)
                if ref in (None, ""):
                    row[column.name] = None
                    continue
                numbers = numbers_by_ref.get(column.field.related_model, {})
                if str(ref) not in numbers:
                    raise SeedError(f"{source}: {table.key} row {index} links to unknown {column.name} {ref!r}")
                row[column.name] = numbers[str(ref)]
        if _has_refs(table):
            numbers_by_ref[table.model] = {}
            numbers = row_numbers(table, table_rows, lambda row, table=table: row.get(table.parent))
            for index, (row, number) in enumerate(zip(table_rows, numbers, strict=True), start=1):
                if row.get(REF) in (None, ""):
                    raise SeedError(f"{source}: {table.key} row {index} has no {REF}")
                numbers_by_ref[table.model][str(row[REF])] = row[REF] = number


def _current(plan) -> dict[str, list[dict]]:
    """The plan's rows in the same shape as ``_rows_by_table`` (links and refs as numbers), to compare."""
    numbering = Numbering(plan)
    rows: dict[str, list[dict]] = {}
    for _worksheet, table in ALL_TABLES:
        result = []
        for row in table.model.objects.filter(plan=plan):
            values = {}
            for column in table.bound_columns:
                value = getattr(row, column.field.attname)
                values[column.name] = numbering.numbers(column.linked_table).get(value) if column.is_link else value
            if _has_refs(table):
                values[REF] = numbering.numbers(table)[row.pk]
            result.append(values)
        rows[table.key] = result
    return rows


def _normalised(rows: dict[str, list[dict]], wanted: dict[str, list[dict]]) -> dict:
    """Rows reduced to the fields the fixture gives (what is recorded later, e.g. a status, is not in it)."""
    out = {}
    for _worksheet, table in ALL_TABLES:
        given = {name for row in wanted.get(table.key, []) for name in row}
        keep = [n for n in table.field_names if n in given] + ([REF] if _has_refs(table) else [])
        links = {c.name for c in table.link_columns}
        out[table.key] = [
            {k: (None if row.get(k) in (None, "") and k in links else row.get(k, "")) for k in keep}
            for row in rows.get(table.key, [])
        ]
    return out


@transaction.atomic
def load_plan_file(path: Path) -> LoadResult:
    """Create or update the published plan of one fixture file, kept as its approved version 1.

    Raises ``SeedError`` for an unknown municipality, an unknown field or a link to an unknown ref.
    """
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = path.name
    try:
        municipality = Municipality.objects.get(slug=document["municipality"])
    except (KeyError, Municipality.DoesNotExist) as error:
        raise SeedError(f"{source}: unknown municipality {document.get('municipality')!r}") from error
    user = import_user()
    plan, created = ActionPlan.objects.get_or_create(
        municipality=municipality,
        period_start=int(document["period_start"]),
        period_end=int(document["period_end"]),
        defaults={
            "title": document.get("title") or "Sociālās uzņēmējdarbības attīstības rīcības plāns",
            "status": PlanStatus.PUBLISHED,
            "created_by": user,
            "updated_by": user,
        },
    )
    wanted = _rows_by_table(document, source)
    plan_values = {"title": document.get("title") or plan.title, "status": PlanStatus.PUBLISHED}
    checklist = document.get(CHECKLIST_KEY) or {}
    for worksheet in WORKSHEETS:
        answers = {f.name for f in worksheet.checklist_fields}
        given = checklist if answers else document  # a checklist's notes sit beside its answers
        for name in worksheet.plan_fields:
            plan_values[name] = bool(checklist.get(name)) if name in answers else given.get(name) or ""
    plan_changed = any(getattr(plan, name) != value for name, value in plan_values.items())
    rows_changed = created or _normalised(_current(plan), wanted) != _normalised(wanted, wanted)
    notes_changed = _load_notes(plan, _notes_of(document, source), user)
    if plan_changed:
        for name, value in plan_values.items():
            setattr(plan, name, value)
        plan._history_user = user
        plan.updated_by = user
        plan.save()
    if rows_changed:
        _replace_rows(plan, wanted, user, source)
    _keep_as_version(plan, user, refresh=rows_changed or plan_changed or notes_changed)
    counts = {w.number: sum(len(wanted.get(t.key, [])) for t in w.tables) for w in WORKSHEETS}
    return LoadResult(str(municipality), created, plan_changed or rows_changed or notes_changed, counts)


def _notes_of(document: dict, source: str) -> dict[int, str]:
    """The fixture's ``notes``: ``{worksheet number: text}``; ``SeedError`` for a number that is no worksheet."""
    notes = {}
    for number, text in (document.get(NOTES_KEY) or {}).items():
        try:
            worksheet = get_worksheet(int(number))
        except (KeyError, TypeError, ValueError):
            raise SeedError(f"{source}: {NOTES_KEY} names no worksheet {number!r}") from None
        notes[worksheet.number] = (text or "").strip("\n")
    return notes


def _load_notes(plan, notes: dict[int, str], user) -> bool:
    """Make the plan's worksheet notes those of the fixture (a note the fixture has not is emptied); whether any
    changed. A note already equal is not written (no history entry)."""
    stored = {note.number: note for note in WorksheetNote.objects.filter(plan=plan)}
    changed = False
    for worksheet in WORKSHEETS:
        text = notes.get(worksheet.number, "")
        note = stored.get(worksheet.number)
        if (note.text if note else "") == text:
            continue
        note = note or WorksheetNote(plan=plan, number=worksheet.number)
        note.text = text
        note._history_user = user
        note.save()
        changed = True
    return changed


def _keep_as_version(plan, user, *, refresh: bool) -> None:
    """The finished document is the plan's approved version 1 (its content follows fixture corrections)."""
    version = PlanVersion.objects.filter(plan=plan).order_by("number").first()
    if version is None:
        freeze_version(plan=plan, user=user)
    elif refresh:
        version.content = snapshot(plan)
        version.save(update_fields=["content"])


def _replace_rows(plan, wanted: dict[str, list[dict]], user, source: str) -> None:
    for _worksheet, table in reversed(ALL_TABLES):  # dependants first: activities before tasks before goals
        for row in table.model.objects.filter(plan=plan):
            row._history_user = user
            row.delete()
    refs: dict[type, dict[str, object]] = {t.model: {} for _w, t in ALL_TABLES if _has_refs(t)}
    for _worksheet, table in ALL_TABLES:
        objects = []
        for position, row in enumerate(wanted.get(table.key, []), start=1):
            values = {}
            for column in table.bound_columns:
                if column.name not in row and (column.is_reference or column.is_date or column.is_choice):
                    continue  # not in the fixture format: the model's default
                value = row.get(column.name, "")
                if column.is_link:
                    target = column.field.related_model
                    if value in (None, ""):
                        value = None
                    elif str(value) not in refs[target]:
                        raise SeedError(
                            f"{source}: {table.key} row {position} links to unknown {column.name} {value!r}"
                        )
                    else:
                        value = refs[target][str(value)]
                elif value is None:
                    value = ""
                values[column.name] = value
            objects.append(table.model(plan=plan, position=position, **values))
        created = bulk_create_with_history(objects, table.model, default_user=user)
        if table.model in refs:
            for row, obj in zip(wanted.get(table.key, []), created, strict=True):
                refs[table.model][str(row[REF])] = obj


def load_seed_plans(directory: Path) -> list[LoadResult]:
    """``load_plan_file`` for every ``*.yaml`` of ``directory``, in file-name order."""
    return [load_plan_file(path) for path in sorted(directory.glob("*.yaml"))]
