"""A synthetic planning region of N municipalities with full plans, for measuring the app at the scale of a national
rollout (``manage.py generate_region``, ``make bench``).

Every municipality gets an editor, a viewer and a plan with rows in every worksheet; the region gets a coordinator
and core indicators with values. Row counts, texts and their lengths follow the six real Zemgale plans
(``fixtures/plans``, the plans ``worksheets.seed.plans`` loads), measured there:

* rows per table, min–median–max over the six plans: documents 7–11–16, cooperation 7–10.5–13, data 9–9.5–16,
  needs 5–6.5–10, resources 8–12.5–19, goals 1–4–9, tasks 5–11–17, activities 4–9.5–11, indicators 5–9.5–13,
  own checklist items 0–0–2, engagement 3–6–11, risks 6–7.5–8, monitoring 5–6–7: about 110 rows a plan. A plan's
  count per table is drawn evenly between that table's min and max (``ROW_COUNTS``).
* texts: each cell is drawn from the same column of the six plans (``seed_corpus``), so lengths follow theirs, e.g.
  median (max) characters: a document's title 94 (754), a cooperation's result 82 (549), a need's opportunities
  102 (604), a goal 100 (330), a task 118 (470), an activity 113 (281), an indicator 64 (160), a risk's preventive
  measures 79 (379); a required cell is drawn among the filled ones.
* how often municipalities name the same thing: of the six plans' rows, a share names a target group, risk factor,
  cooperation type, funding source or responsible unit that no other plan names (``OWN_SHARE``: 0.68, 0.33, 0.67,
  0.52, 0.94). A synthetic row is its municipality's own with that chance (the drawn text with the municipality's
  name added), else the drawn text as it is, so the comparisons grow with the region as real ones would.

Statuses follow the review (``worksheets.review.lifecycle.plan_transition``, so transitions, approved versions and
the plan in force are what the lifecycle makes): about a fifth each draft, submitted, approved, published, and
published plans being revised (reopened after publication: compared as their published version).

Rows are written with ``bulk_create`` and no history records: nobody typed them, a history entry per row would
double the writes, and a row without history shows an empty history like the benchmark's measuring rows
(``seed.demo.fill_plan``). The plans' own history (created, status changes) is written, as the lifecycle writes it.

Deterministic: the same ``seed`` gives the same municipalities, rows, texts and statuses (ids and times aside).
The region is marked ``Region.synthetic``; ``remove_region`` deletes it and nothing else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction

from municipalities.models import Country, Membership, Municipality, Region, Role

from ..models import ActionPlan, PlanStatus, PlanTransition, PlanVersion, RiskLevel, WorksheetNote, WorksheetState
from ..registry import ALL_TABLES, CHECKLIST_FIELDS, get_worksheet
from ..review.lifecycle import plan_transition

SEED_PLANS_DIR = Path(settings.BASE_DIR) / "fixtures" / "plans"
OWN_ITEMS_TABLE = "checklist"

# (min, max) rows per table key in the six real plans (see the module's docstring).
ROW_COUNTS: dict[str, tuple[int, int]] = {
    "documents": (7, 16),
    "cooperation": (7, 13),
    "data": (9, 16),
    "needs": (5, 10),
    "resources": (8, 19),
    "goals": (1, 9),
    "tasks": (5, 17),
    "activities": (4, 11),
    "indicators": (5, 13),
    "checklist": (0, 2),
    "engagement": (3, 11),
    "risks": (6, 8),
    "monitoring": (5, 7),
}

# (table key, column): the share of the six plans' rows naming a group no other plan names (see the docstring).
OWN_SHARE: dict[tuple[str, str], float] = {
    ("needs", "target_group"): 0.68,
    ("risks", "factor"): 0.33,
    ("cooperation", "cooperation_type"): 0.67,
    ("activities", "funding_source"): 0.52,
    ("activities", "responsible_unit"): 0.94,
}

# The review's stages a synthetic plan is left at, each about a fifth of the plans; "revision": published, then
# reopened for a revision (compared and shown to the public as its published version).
STAGES = ("draft", "submitted", "approved", "published", "revision")
TASK_LINK_SHARE = 0.75  # activities linked to a ws 6 task; the others name their task as written
CORE_INDICATOR_SHARE = 0.3  # ws 8 indicators linked to one of the region's core indicators

# The synthetic region's core indicators: code, name, unit (``indicators.models.IndicatorUnit``), and the range
# of the yearly values drawn for them.
CORE_INDICATORS = (
    ("S1", "Sociālo uzņēmumu skaits pašvaldības teritorijā", "count", (0, 12)),
    ("S2", "Jaunu partnerību skaits starp sociālajiem uzņēmumiem, NVO un pašvaldību", "count", (0, 8)),
    ("S3", "Dalībnieku skaits atbalsta pasākumos", "count", (10, 400)),
    ("S4", "Pašvaldības finansējums sociālās uzņēmējdarbības atbalstam", "eur", (0, 50000)),
    ("S5", "Sociāli atbildīgo iepirkumu īpatsvars pašvaldības iepirkumos", "percent", (0, 30)),
)
PERIOD = (2026, 2028)


@lru_cache
def seed_corpus() -> dict[tuple[str, str], tuple[str, ...]]:
    """The cells of the six real plans, ``{(table key, column name): (texts, …)}`` in file order, every text and
    choice column of every registry table (links, references and dates left out); empty cells included. Read from
    ``fixtures/plans/*.yaml`` (format: ``fixtures/FORMAT.md``)."""
    corpus: dict[tuple[str, str], list[str]] = {}

    def take(table, row: dict) -> None:
        for column in table.bound_columns:
            if column.is_link or column.is_reference or column.is_date:
                continue
            value = row.get(column.name)
            if isinstance(column.field, models.BooleanField):
                continue
            corpus.setdefault((table.key, column.name), []).append("" if value is None else str(value))

    for path in sorted(SEED_PLANS_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        own_items = ((document.get("partnership_checklist") or {}).get("own_items")) or []
        own_table = next(t for _w, t in ALL_TABLES if t.key == OWN_ITEMS_TABLE)
        for item in own_items:
            take(own_table, item)
        for number, items in (document.get("worksheets") or {}).items():
            first, *nested = [t for t in get_worksheet(int(number)).tables if t.key != OWN_ITEMS_TABLE]
            for item in items or []:
                take(first, item)
                for table in nested:
                    for child in item.get(table.key) or []:
                        take(table, child)
        support = (document.get("support_given") or "").strip()
        corpus.setdefault(("plan", "support_given"), []).append(support)
    return {key: tuple(values) for key, values in corpus.items()}


@dataclass
class GeneratedRegion:
    """What ``generate_region`` made: the region, its municipalities and plans (in the same order), the coordinator,
    plans per stage (``STAGES``) and counts of rows, versions and indicator values."""

    region: Region
    municipalities: list[Municipality]
    plans: list[ActionPlan]
    coordinator: object
    stages: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    versions: int = 0
    indicator_values: int = 0


class SyntheticRegionError(Exception):
    """The region cannot be generated or removed as asked; the message says why."""


def _pick(rng: random.Random, key: tuple[str, str], *, required: bool) -> str:
    pool = seed_corpus().get(key, ())
    if required:
        pool = tuple(text for text in pool if text.strip())
    return rng.choice(pool) if pool else ""


def _cell(rng: random.Random, table, column, municipality_name: str) -> str:
    """A text or choice cell drawn from the real plans' column; a grouped column is the municipality's own with
    ``OWN_SHARE``'s chance."""
    key = (table.key, column.name)
    text = _pick(rng, key, required=column.required)
    if column.is_choice:  # as the real plans chose, else the column's default, else a choice
        valid = [value for value, _label in column.field.choices]
        if text in valid:
            return text
        return column.field.default if column.field.has_default() else rng.choice([v for v in valid if v])
    if text and rng.random() < OWN_SHARE.get(key, 0.0):
        text = f"{text.rstrip('.')} ({municipality_name})"
    return text[: column.field.max_length] if column.field.max_length else text


def _rows_for_plan(rng: random.Random, plan: ActionPlan, municipality_name: str, core_indicators: list) -> dict:
    """Unsaved rows of every table of ``plan``, ``{table key: [row, …]}``; links point at rows of the tables before
    (saved in the registry's order, links set after their targets are saved)."""
    rows: dict[str, list] = {}
    for _worksheet, table in ALL_TABLES:
        low, high = ROW_COUNTS[table.key]
        count = rng.randint(low, high)
        if table.key == "tasks":
            count = max(count, len(rows["goals"]))  # every goal has a task
        items = []
        for position in range(1, count + 1):
            values = {}
            for column in table.bound_columns:
                if column.is_link or column.is_reference or column.is_date:
                    continue
                if isinstance(column.field, models.BooleanField):
                    values[column.name] = rng.random() < 0.5
                else:
                    values[column.name] = _cell(rng, table, column, municipality_name)
            if values.get("level") in (RiskLevel.MEDIUM, RiskLevel.HIGH) and not values.get("preventive_measures"):
                values["preventive_measures"] = _pick(rng, (table.key, "preventive_measures"), required=True)
            items.append(table.model(plan=plan, position=position, **values))
        rows[table.key] = items
    # Links, as the real plans have them: every goal has a task (tasks grouped under their goals, in the goals'
    # order), most activities serve a task, indicators measure a goal, some of them a core indicator.
    goals, tasks = rows["goals"], rows["tasks"]
    goal_of_task = sorted([*range(len(goals)), *(rng.randrange(len(goals)) for _ in tasks[len(goals) :])])
    for task, goal_index in zip(tasks, goal_of_task, strict=True):
        task.goal = goals[goal_index]
    for activity in rows["activities"]:
        if rng.random() < TASK_LINK_SHARE:
            activity.task = rng.choice(tasks)
        elif not activity.task_as_written:
            activity.task_as_written = _pick(rng, ("activities", "task_as_written"), required=True)
    for indicator in rows["indicators"]:
        indicator.goal = rng.choice(goals)
        if core_indicators and rng.random() < CORE_INDICATOR_SHARE:
            indicator.core_indicator = rng.choice(core_indicators)
    return rows


def _save_rows(rows: dict) -> int:
    """Save the rows table by table in the registry's order, so a link's target has its id before the rows linking
    to it are saved (``bulk_create`` reads it from the linked object); without history. The number of rows."""
    total = 0
    for _worksheet, table in ALL_TABLES:
        table.model.objects.bulk_create(rows[table.key])
        total += len(rows[table.key])
    return total


def _plan_fields(rng: random.Random) -> dict:
    values = {"support_given": _pick(rng, ("plan", "support_given"), required=False)}
    for name in CHECKLIST_FIELDS:
        values[name] = rng.random() < 0.6
    return values


def _users(region: Region, municipalities: list[Municipality]) -> tuple[object, dict[int, object]]:
    """The coordinator of the region and an editor per municipality (``{municipality id: user}``); a viewer per
    municipality too. No usable password (sign in after ``changepassword``), no e-mail address (nobody is
    notified)."""
    User = get_user_model()
    coordinator = User(username=f"{region.slug}-koordinators", first_name="Koordinators")
    people = [coordinator]
    editors, viewers = {}, {}
    for municipality in municipalities:
        editors[municipality.pk] = User(username=f"{municipality.slug}-redaktors", first_name="Redaktors")
        viewers[municipality.pk] = User(username=f"{municipality.slug}-skatitajs", first_name="Skatītājs")
    people += [*editors.values(), *viewers.values()]
    for person in people:
        person.set_unusable_password()
    User.objects.bulk_create(people)
    by_name = {u.username: u for u in User.objects.filter(username__in=[p.username for p in people])}
    memberships = [Membership(user=by_name[coordinator.username], role=Role.COORDINATOR, region=region)]
    for municipality in municipalities:
        memberships.append(
            Membership(user=by_name[editors[municipality.pk].username], role=Role.EDITOR, municipality=municipality)
        )
        memberships.append(
            Membership(user=by_name[viewers[municipality.pk].username], role=Role.VIEWER, municipality=municipality)
        )
    Membership.objects.bulk_create(memberships)
    return by_name[coordinator.username], {pk: by_name[u.username] for pk, u in editors.items()}


def _core_indicators(region: Region, rng: random.Random, municipalities: list[Municipality]) -> tuple[list, int]:
    """The region's core indicators (``CORE_INDICATORS``) and yearly values for most municipalities, when the
    indicators app is installed (``worksheets`` does not import it); ``([], 0)`` without it."""
    try:
        CoreIndicator = apps.get_model("indicators", "CoreIndicator")
        IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    except LookupError:
        return [], 0
    indicators = CoreIndicator.objects.bulk_create(
        CoreIndicator(region=region, code=code, name=name, unit=unit, kind="quantitative", position=position)
        for position, (code, name, unit, _range) in enumerate(CORE_INDICATORS, start=1)
    )
    ranges = {code: value_range for code, _name, _unit, value_range in CORE_INDICATORS}
    values = []
    for municipality in municipalities:
        if rng.random() < 0.3:
            continue  # about a third record none yet
        for indicator in indicators:
            low, high = ranges[indicator.code]
            baseline = rng.randint(low, high)
            target = rng.randint(baseline, max(baseline, high))
            for year in range(PERIOD[0], PERIOD[0] + 2):
                values.append(
                    IndicatorValue(
                        municipality=municipality,
                        indicator=indicator,
                        year=year,
                        baseline=str(baseline),
                        target=str(target),
                        actual=str(rng.randint(low, target)),
                        source="Pašvaldības uzskaite",
                    )
                )
    IndicatorValue.objects.bulk_create(values)
    return indicators, len(values)


def _advance(plan: ActionPlan, stage: str, *, editor, coordinator) -> None:
    """Move ``plan`` through the review to ``stage`` with the lifecycle's own service (history, transitions,
    versions, the plan in force)."""
    steps = {
        "draft": [],
        "submitted": [("submit", editor)],
        "approved": [("submit", editor), ("approve", coordinator)],
        "published": [("submit", editor), ("approve", coordinator), ("publish", coordinator)],
        "revision": [("submit", editor), ("approve", coordinator), ("publish", coordinator), ("reopen", coordinator)],
    }[stage]
    for action, user in steps:
        plan_transition(plan=plan, action=action, user=user, comment="Sintētisks plāns mērījumiem.")


def default_slug(count: int) -> str:
    """The region's short name when none is given: ``sintetisks-<count>``."""
    return f"sintetisks-{count}"


@transaction.atomic
def generate_region(*, municipalities: int, slug: str = "", seed: int = 1) -> GeneratedRegion:
    """Create the synthetic region ``slug`` (default ``default_slug``) of ``municipalities`` municipalities, each with
    a plan of 2026–2028 at a stage of ``STAGES`` (in turn, so every stage is there from five municipalities on).

    Raises ``SyntheticRegionError`` for a count below 1 or a short name already taken.
    """
    if municipalities < 1:
        raise SyntheticRegionError("A region needs at least one municipality.")
    slug = slug or default_slug(municipalities)
    if Region.objects.filter(slug=slug).exists():
        raise SyntheticRegionError(f"A region with the short name {slug!r} exists already.")
    if Municipality.objects.filter(slug__startswith=f"{slug}-").exists():
        raise SyntheticRegionError(f"Municipalities with short names starting {slug!r}- exist already.")
    rng = random.Random(seed)
    width = len(str(municipalities))
    region = Region.objects.create(
        name=f"Sintētiskais reģions {slug}",
        slug=slug,
        country=Country.LATVIA,
        coordinator_body="Sintētiskā plānošanas reģiona administrācija",
        synthetic=True,
    )
    towns = Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Sintētiskais novads {i:0{width}d}", slug=f"{slug}-{i:0{width}d}")
        for i in range(1, municipalities + 1)
    )
    coordinator, editors = _users(region, towns)
    core_indicators, values = _core_indicators(region, rng, towns)
    result = GeneratedRegion(region, towns, [], coordinator, indicator_values=values)
    for index, municipality in enumerate(towns):
        editor = editors[municipality.pk]
        plan = ActionPlan(
            municipality=municipality,
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            title="Sociālās uzņēmējdarbības attīstības rīcības plāns (sintētisks)",
            created_by=editor,
            updated_by=editor,
            **_plan_fields(rng),
        )
        plan._history_user = editor
        plan.save()
        result.rows += _save_rows(_rows_for_plan(rng, plan, municipality.name, core_indicators))
        stage = STAGES[index % len(STAGES)]
        _advance(plan, stage, editor=editor, coordinator=coordinator)
        result.stages[stage] = result.stages.get(stage, 0) + 1
        result.plans.append(plan)
    stored = ActionPlan.objects.filter(municipality__region=region).select_related("municipality__region").in_bulk()
    result.plans = [stored[plan.pk] for plan in result.plans]  # as the lifecycle left them
    result.versions = PlanVersion.objects.filter(plan__municipality__region=region).count()
    return result


@transaction.atomic
def remove_region(slug: str) -> dict[str, int]:
    """Delete the synthetic region ``slug`` with everything generated for it: plans and their rows, versions,
    transitions, notes, history, core indicators and values, municipalities, memberships and the generated users.
    Counts of what was deleted, by kind.

    Raises ``SyntheticRegionError`` when there is no such region or it is not synthetic (a real region is never
    deleted here).
    """
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise SyntheticRegionError(f"There is no region {slug!r}.")
    if not region.synthetic:
        raise SyntheticRegionError(f"The region {slug!r} is not synthetic: it is not removed.")
    plans = ActionPlan.objects.filter(municipality__region=region)
    plan_ids = list(plans.values_list("pk", flat=True))
    counts: dict[str, int] = {"plans": len(plan_ids)}
    ActionPlan.objects.filter(pk__in=plan_ids).update(published_version=None)
    rows = 0
    for _worksheet, table in reversed(ALL_TABLES):  # dependants first: activities before tasks before goals
        rows += table.model.objects.filter(plan_id__in=plan_ids).delete()[0]
        table.model.history.filter(plan_id__in=plan_ids).delete()
    counts["rows"] = rows
    counts["versions"] = PlanVersion.objects.filter(plan_id__in=plan_ids).delete()[0]
    PlanTransition.objects.filter(plan_id__in=plan_ids).delete()
    WorksheetNote.history.filter(plan_id__in=plan_ids).delete()
    WorksheetNote.objects.filter(plan_id__in=plan_ids).delete()
    WorksheetState.objects.filter(plan_id__in=plan_ids).delete()
    ActionPlan.history.filter(id__in=plan_ids).delete()
    try:
        CoreIndicator = apps.get_model("indicators", "CoreIndicator")
        IndicatorValue = apps.get_model("indicators", "IndicatorValue")
    except LookupError:
        pass
    else:
        municipality_ids = list(Municipality.objects.filter(region=region).values_list("pk", flat=True))
        IndicatorValue.history.filter(municipality_id__in=municipality_ids).delete()
        counts["indicator values"] = IndicatorValue.objects.filter(municipality_id__in=municipality_ids).delete()[0]
        CoreIndicator.objects.filter(region=region).delete()
    plans.delete()
    # The generated users: members of this region only, named after it, without a usable password.
    member_ids = set(
        Membership.objects.filter(models.Q(region=region) | models.Q(municipality__region=region)).values_list(
            "user_id", flat=True
        )
    )
    elsewhere = set(
        Membership.objects.filter(user_id__in=member_ids)
        .exclude(models.Q(region=region) | models.Q(municipality__region=region))
        .values_list("user_id", flat=True)
    )
    generated = get_user_model().objects.filter(
        pk__in=member_ids - elsewhere, username__startswith=f"{slug}-", password__startswith="!"
    )
    counts["users"] = len(generated.values_list("pk", flat=True))
    generated.delete()
    counts["municipalities"] = Municipality.objects.filter(region=region).delete()[0]
    region.delete()
    return counts


def all_stages_of(plans) -> dict[str, str]:
    """``{municipality slug: stage}`` of the generated plans as they are stored (``STAGES``'s names): for checking
    what ``generate_region`` claims."""
    stages = {}
    for plan in plans:
        if plan.status == PlanStatus.RETURNED and plan.published_version_id is not None:
            stages[plan.municipality.slug] = "revision"
        else:
            stages[plan.municipality.slug] = str(plan.status)
    return stages
