"""Load the municipalities' real plans from ``fixtures/plans/*.yaml`` (format: ``fixtures/FORMAT.md``).

Idempotent: a plan whose rows already equal its fixture is left untouched (no history entry); a plan
whose fixture changed gets its rows rebuilt, attributed to the import user.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from municipalities.models import Municipality

from ..models import ActionPlan, PlanStatus, PlanVersion, StrategicGoal, Task
from ..registry import ALL_TABLES, get_worksheet
from ..review.versions import freeze_version, snapshot

IMPORT_USERNAME = "importa-lietotajs"
PLAN_FIELDS = ("support_given",)
CHECKLIST_FIELDS = ("partners_identified", "meetings_held", "agreements_signed")


class SeedError(Exception):
    """A fixture that does not follow the format; the message names the file and the place."""


@dataclass
class LoadResult:
    municipality: str
    created: bool
    changed: bool
    rows: dict  # worksheet number -> row count


def import_user():
    user, created = get_user_model().objects.get_or_create(
        username=IMPORT_USERNAME, defaults={"first_name": "Datu", "last_name": "imports", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _rows_by_table(document: dict, source: str) -> dict[str, list[dict]]:
    """The fixture's rows per registry table key, links still as refs ("1", "1.2")."""
    worksheets = document.get("worksheets") or {}
    rows: dict[str, list[dict]] = {}
    for number, items in worksheets.items():
        worksheet = get_worksheet(int(number))
        items = items or []
        if worksheet.number == 6:
            rows["goals"] = [{"ref": str(g["ref"]), "text": g["text"]} for g in items]
            rows["tasks"] = [
                {"ref": str(t["ref"]), "goal": str(g["ref"]), "text": t["text"]}
                for g in items
                for t in g.get("tasks") or []
            ]
            continue
        (table,) = worksheet.tables
        rows[table.key] = [dict(item) for item in items]
    for _worksheet, table in ALL_TABLES:
        for index, row in enumerate(rows.get(table.key, []), start=1):
            unknown = set(row) - {*table.field_names, "ref"}
            if unknown:
                raise SeedError(f"{source}: {table.key} row {index} has unknown fields {sorted(unknown)}")
    _renumber(rows, source)
    return rows


def _renumber(rows: dict[str, list[dict]], source: str) -> None:
    """Give goals and tasks the numbers the app shows ("2", "2.1") and point the links at them."""
    goal_refs = {}
    for index, goal in enumerate(rows.get("goals", []), start=1):
        goal_refs[goal["ref"]] = goal["ref"] = str(index)
    task_refs, counters = {}, {}
    for task in rows.get("tasks", []):
        goal = goal_refs[task["goal"]]
        counters[goal] = counters.get(goal, 0) + 1
        task_refs[task["ref"]] = task["ref"] = f"{goal}.{counters[goal]}"
        task["goal"] = goal
    for key, field, refs in (("activities", "task", task_refs), ("indicators", "goal", goal_refs)):
        for index, row in enumerate(rows.get(key, []), start=1):
            ref = row.get(field)
            if ref in (None, ""):
                row[field] = None
            elif str(ref) in refs:
                row[field] = refs[str(ref)]
            else:
                raise SeedError(f"{source}: {key} row {index} links to unknown {field} {ref!r}")


def _current(plan) -> dict[str, list[dict]]:
    """The plan's rows in the same shape as ``_rows_by_table`` (links as refs), to compare."""
    goal_refs = {g.pk: str(i) for i, g in enumerate(StrategicGoal.objects.filter(plan=plan), start=1)}
    task_refs = {}
    counters: dict[int, int] = {}
    for task in Task.objects.filter(plan=plan):
        counters[task.goal_id] = counters.get(task.goal_id, 0) + 1
        task_refs[task.pk] = f"{goal_refs[task.goal_id]}.{counters[task.goal_id]}"
    rows: dict[str, list[dict]] = {}
    for _worksheet, table in ALL_TABLES:
        result = []
        for row in table.model.objects.filter(plan=plan):
            values = {}
            for column in table.bound_columns:
                value = getattr(row, column.field.attname)
                if column.is_link:
                    refs = goal_refs if column.field.related_model is StrategicGoal else task_refs
                    value = refs.get(value)
                values[column.name] = value
            if table.model is StrategicGoal:
                values["ref"] = goal_refs[row.pk]
            if table.model is Task:
                values["ref"] = task_refs[row.pk]
            result.append(values)
        rows[table.key] = result
    return rows


def _normalised(rows: dict[str, list[dict]], wanted: dict[str, list[dict]]) -> dict:
    """Rows reduced to the fields the fixture gives (what is recorded later, e.g. a status, is not in it)."""
    out = {}
    for _worksheet, table in ALL_TABLES:
        given = {name for row in wanted.get(table.key, []) for name in row}
        keep = [n for n in table.field_names if n in given] + (["ref"] if table.model in (StrategicGoal, Task) else [])
        out[table.key] = [
            {k: (None if row.get(k) in (None, "") and k in ("goal", "task") else row.get(k, "")) for k in keep}
            for row in rows.get(table.key, [])
        ]
    return out


@transaction.atomic
def load_plan_file(path: Path) -> LoadResult:
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
    plan_values["support_given"] = document.get("support_given") or ""
    checklist = document.get("partnership_checklist") or {}
    plan_values.update({name: bool(checklist.get(name)) for name in CHECKLIST_FIELDS})
    plan_changed = any(getattr(plan, name) != value for name, value in plan_values.items())
    rows_changed = created or _normalised(_current(plan), wanted) != _normalised(wanted, wanted)
    if plan_changed:
        for name, value in plan_values.items():
            setattr(plan, name, value)
        plan._history_user = user
        plan.updated_by = user
        plan.save()
    if rows_changed:
        _replace_rows(plan, wanted, user, source)
    _keep_as_version(plan, user, refresh=rows_changed or plan_changed)
    counts = {}
    for worksheet_number in range(1, 12):
        worksheet = get_worksheet(worksheet_number)
        counts[worksheet_number] = sum(len(wanted.get(t.key, [])) for t in worksheet.tables)
    return LoadResult(str(municipality), created, plan_changed or rows_changed, counts)


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
    refs: dict[type, dict[str, object]] = {StrategicGoal: {}, Task: {}}
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
                refs[table.model][str(row["ref"])] = obj


def load_seed_plans(directory: Path) -> list[LoadResult]:
    return [load_plan_file(path) for path in sorted(directory.glob("*.yaml"))]
