"""Synthetic rows for measuring: every table of a plan filled with ``rows`` rows of Latvian text."""

from django.db import transaction

from ..models import LEVELS_NEEDING_PREVENTION, StrategicGoal, Task
from ..registry import ALL_TABLES


def _value(column, index, plan, goals, tasks):
    if column.is_link:
        pool = goals if column.field.related_model is StrategicGoal else tasks
        return pool[index % len(pool)] if pool else None
    if column.is_reference or column.is_date:
        return None  # no regional reference data in synthetic plans; due dates are read from the timeline
    if column.is_choice:
        choices = [value for value, _label in column.field.choices if value]
        return choices[index % len(choices)]
    if column.is_url:
        return f"https://www.example.lv/dokuments/{index}"
    return f"{column.label} Nr. {index}: sociālās uzņēmējdarbības atbalsts līdz {2026 + index % 2}. gadam — ģērbtuves, šķūņi"


@transaction.atomic
def fill_plan(plan, *, rows: int) -> None:
    """Add ``rows`` rows to every table of the plan (goals first, so tasks and links have targets)."""
    goals: list = []
    tasks: list = []
    for _worksheet, table in ALL_TABLES:
        start = table.model.objects.filter(plan=plan).count()
        objects = []
        for index in range(start, start + rows):
            values = {c.name: _value(c, index, plan, goals, tasks) for c in table.bound_columns}
            if values.get("level") in LEVELS_NEEDING_PREVENTION and not values.get("preventive_measures"):
                values["preventive_measures"] = "Regulāra uzraudzība"
            objects.append(table.model(plan=plan, position=index + 1, **values))
        created = table.model.objects.bulk_create(objects)
        if table.model is StrategicGoal:
            goals = created
        elif table.model is Task:
            tasks = created
