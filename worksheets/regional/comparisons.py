"""The region's plans side by side: what the regional review (``seeds/000``) is written from.

Every comparison is plain data (columns = plans, rows = groups, cells = the plans' entries), built from
one query for the plans and one query per comparison, whatever the number of municipalities or rows.
The same data feeds the comparison pages, their Excel downloads and the regional review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from seimpact.lib.collation import latvian_key, sort_key

from ..models import (
    ActionGroup,
    ActionPlan,
    Activity,
    Cooperation,
    PlanStatus,
    Resource,
    ResourceType,
    Risk,
    RiskLevel,
    TargetGroupNeed,
    WorksheetRow,
    plans_in_force,
)
from ..registry import COOPERATION_TYPES, STANDARD_RISKS, TARGET_GROUPS, table_for_model

# --- text helpers ------------------------------------------------------------------------------------

BULLETS = "●•◦▪▫■□-–—*·‣"
EMPTY_VALUES = {"", "-", "–", "—", "?", "nav", "n/a"}


def clean(text: str) -> str:
    """One line of a cell without its list bullet and with single spaces."""
    return re.sub(r"\s+", " ", text.strip().lstrip(BULLETS).strip())


def normalised(text: str) -> str:
    """``text`` as a grouping key: ``clean``, case-folded, without trailing ".;:,"."""
    return clean(text).casefold().rstrip(".;:,")


def is_empty(text: str) -> bool:
    """The text says nothing: blank, a dash, "?", "nav" or "n/a" (``EMPTY_VALUES``), bullets and case aside."""
    return normalised(text) in EMPTY_VALUES


def lines_of(text: str) -> list[str]:
    """The items of a cell written as a list (one per line), or the cell itself."""
    return [clean(line) for line in text.splitlines() if not is_empty(line)]


def parts_of(text: str) -> list[str]:
    """A cell naming several things ("Pašvaldības budžets, ES fondi"): one entry per named thing."""
    return [clean(part) for part in re.split(r"[,;\n]|\s\+\s", text) if not is_empty(part)]


def _matches(text: str, stems: Iterable[str]) -> int:
    return sum(1 for stem in stems if re.search(r"(?<!\w)" + re.escape(stem), text))


# --- action groups of activities (ws 7) -----------------------------------------------------------------

ACTION_GROUP_STEMS: dict[str, tuple[str, ...]] = {
    # in order of precedence when an activity names as many stems of two groups
    ActionGroup.EDUCATION: (
        "skol",
        "izglītīb",
        "jaunieš",
        "jaunatn",
        "mācību",
        "skolēn",
        "student",
        "lekcij",
        "spēl",
        "school",
        "education",
        "pupil",
        "youth",
    ),
    ActionGroup.CAPACITY_BUILDING: (
        "apmācīb",
        "seminār",
        "mentor",
        "konsultāc",
        "kapacitāt",
        "kompetenc",
        "prasm",
        "pieredzes apmaiņ",
        "darbnīc",
        "kursi",
        "inkubator",
        "training",
        "workshop",
        "consult",
    ),
    ActionGroup.FINANCIAL_SUPPORT: (
        "finansiāl",
        "finansējum",
        "grant",
        "atbalsta programm",
        "līdzfinansējum",
        "līdzdalības budžet",
        "nodokļ",
        "atvieglojum",
        "atlaid",
        "dotācij",
        "iepirkum",
        "konkurs",
        "financ",
        "tax",
        "procurement",
    ),
    ActionGroup.COOPERATION: (
        "sadarbīb",
        "partnerīb",
        "partner",
        "memorand",
        "tīklošan",
        "tīkl",
        "forum",
        "tikšan",
        "kontaktbirž",
        "cooperat",
        "network",
    ),
    ActionGroup.INFORMATION: (
        "informatīv",
        "informēš",
        "informācij",
        "kampaņ",
        "mājaslap",
        "sociālie tīkli",
        "sociālajos tīklos",
        "publikāc",
        "populariz",
        "veiksmes stāst",
        "medij",
        "plakāt",
        "bukle",
        "campaign",
        "website",
        "publicity",
    ),
}


def suggest_action_group(text: str) -> str:
    """The action group an activity's description points at ("" when it names none of them)."""
    text = text.casefold()
    scores = {group: _matches(text, stems) for group, stems in ACTION_GROUP_STEMS.items()}
    best = max(scores.values())
    if not best:
        return ""
    return str(next(group for group, score in scores.items() if score == best))


# --- the compared plans ---------------------------------------------------------------------------------

LATEST = ""
ALL_PERIODS = "all"


@dataclass(frozen=True)
class PlanColumn:
    """A compared plan: one column of every comparison table."""

    plan_id: int
    municipality: str
    municipality_slug: str
    period: str
    status: str
    status_label: str
    label: str


@dataclass(frozen=True)
class ComparisonFilter:
    """What the reader narrowed the comparison to (from the page's query string)."""

    municipalities: frozenset[str] = frozenset()  # slugs; empty: every municipality
    period: str = LATEST  # LATEST: each municipality's plan in force (see plans_in_force); ALL_PERIODS; or "2026-2027"
    query: str = ""

    @classmethod
    def from_query(cls, data) -> ComparisonFilter:
        return cls(
            municipalities=frozenset(slug for slug in data.getlist("m") if slug),
            period=data.get("period", LATEST).strip(),
            query=data.get("q", "").strip()[:200],
        )


def period_value(plan: ActionPlan) -> str:
    """The plan's period as the comparison filter's value, ``2026-2027`` (a hyphen; ``ActionPlan.period`` is the
    label, with an en dash)."""
    return f"{plan.period_start}-{plan.period_end}"


def region_plans(region, *, published_only: bool) -> list[ActionPlan]:
    """Every plan of the region (the coordinator's view), or only the published ones (the public's)."""
    plans = ActionPlan.objects.filter(municipality__region=region).select_related("municipality")
    if published_only:
        plans = plans.filter(status=PlanStatus.PUBLISHED)
    return sorted(plans, key=lambda p: (sort_key(p.municipality.name, region.language), -p.period_start, -p.period_end))


def chosen_plans(plans: list[ActionPlan], selection: ComparisonFilter) -> list[ActionPlan]:
    """The plans the reader compares, in the order of ``plans``: of the chosen municipalities, of the chosen
    period, or by default each municipality's plan in force (``worksheets.models.plans_in_force``)."""
    if selection.municipalities:
        plans = [p for p in plans if p.municipality.slug in selection.municipalities]
    if selection.period == ALL_PERIODS:
        return plans
    if selection.period:
        return [p for p in plans if period_value(p) == selection.period]
    in_force = plans_in_force(plans)
    return [p for p in plans if in_force[p.municipality_id] is p]


def plan_columns(plans: list[ActionPlan]) -> list[PlanColumn]:
    """A ``PlanColumn`` per plan, in the same order; a municipality with several plans among them gets the period in
    its label."""
    repeated = {p.municipality_id for p in plans if sum(q.municipality_id == p.municipality_id for q in plans) > 1}
    return [
        PlanColumn(
            plan_id=p.pk,
            municipality=p.municipality.name,
            municipality_slug=p.municipality.slug,
            period=p.period,
            status=p.status,
            status_label=str(p.get_status_display()),
            label=f"{p.municipality.name} {p.period}" if p.municipality_id in repeated else p.municipality.name,
        )
        for p in plans
    ]


# --- comparison tables ----------------------------------------------------------------------------------

LIST = "list"  # cells list the plans' entries
HEATMAP = "heatmap"  # cells show a level, entries on expand
COUNT = "count"  # cells show how many entries, entries on expand

LEVEL_ORDER = {RiskLevel.LOW: 1, RiskLevel.MEDIUM: 2, RiskLevel.HIGH: 3}


@dataclass
class Item:
    """One entry of a plan in a cell: e.g. a target group as written, with its unmet needs as detail."""

    text: str
    detail: str = ""
    note: str = ""  # e.g. "suggested" for an action group proposed from the text


@dataclass
class Cell:
    """One plan's entries in one row of a comparison (``list[Item]``), with the highest risk level among them (the
    heat map; empty elsewhere)."""

    items: list[Item] = field(default_factory=list)
    level: str = ""

    @property
    def level_label(self) -> str:
        return str(RiskLevel(self.level).label) if self.level else ""

    @property
    def is_empty(self) -> bool:
        return not self.items

    @property
    def has_details(self) -> bool:
        return any(not is_empty(item.detail) for item in self.items)

    def as_text(self) -> str:
        lines = [self.level_label] if self.level else []
        for item in self.items:
            line = item.text + (f" ({item.note})" if item.note else "")
            lines.append(f"{line} — {item.detail}" if item.detail else line)
        return "\n".join(lines)


@dataclass
class Row:
    """One group of a comparison (a target group, a risk factor, a type of resource …): a ``Cell`` per compared plan,
    in the columns' order; ``standard`` for the template's own groups."""

    label: str
    cells: list[Cell]
    standard: bool = False  # one of the template's own groups (standard risks, suggested target groups …)

    @property
    def named_by(self) -> int:
        return sum(1 for cell in self.cells if not cell.is_empty)

    def contains(self, query: str) -> bool:
        query = query.casefold()
        if query in self.label.casefold():
            return True
        return any(
            query in item.text.casefold() or query in item.detail.casefold() for c in self.cells for item in c.items
        )


@dataclass
class Comparison:
    """One comparison of some plans: its spec, a ``PlanColumn`` per plan and the ``list[Row]``, the template's groups
    first, then the others by how many plans name them."""

    spec: ComparisonSpec
    columns: list[PlanColumn]
    rows: list[Row]

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self):
        return self.spec.title

    def named_by(self, row: Row) -> list[str]:
        return [col.label for col, cell in zip(self.columns, row.cells, strict=True) if not cell.is_empty]

    def details(self, row: Row) -> str:
        """The row's entries per plan, as text: "Dobeles novads: …"."""
        return "\n".join(
            f"{col.label}: {cell.as_text()}".replace("\n", "; ")
            for col, cell in zip(self.columns, row.cells, strict=True)
            if not cell.is_empty
        )


class _Groups:
    """Rows collected by key: the template's groups first (in its order), then the others."""

    def __init__(self, columns: list[PlanColumn], standard: Iterable[tuple[str, str]] = ()):
        self.index = {col.plan_id: i for i, col in enumerate(columns)}
        self.width = len(columns)
        self.rows: dict[str, Row] = {}
        self.standard_keys = []
        for key, label in standard:
            self.standard_keys.append(key)
            self.rows[key] = Row(str(label), [Cell() for _ in columns], standard=True)

    def add(self, key: str, label: str, plan_id: int, item: Item, level: str = "") -> None:
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = Row(label, [Cell() for _ in range(self.width)])
        cell = row.cells[self.index[plan_id]]
        cell.items.append(item)
        if LEVEL_ORDER.get(level, 0) > LEVEL_ORDER.get(cell.level, 0):
            cell.level = level

    def result(self, *, keep_empty_standard: bool = True) -> list[Row]:
        standard = [self.rows[key] for key in self.standard_keys if keep_empty_standard or self.rows[key].named_by]
        others = sorted(
            (row for key, row in self.rows.items() if key not in self.standard_keys),
            key=lambda row: (-row.named_by, latvian_key(row.label)),
        )
        return standard + others


def _translations(texts) -> list[set[str]]:
    """Each text of the template in every interface language and the plans' languages, normalised."""
    languages = {code for code, _name in settings.LANGUAGES} | {"lv", "lt"}
    result = []
    for text in texts:
        variants = set()
        for language in languages:
            with override(language):
                variants.add(normalised(str(text)))
        result.append(variants)
    return result


def _standard_index(text: str, variants: list[set[str]]) -> int | None:
    """Which of the template's texts this one is (as written, or the template's text with additions)."""
    value = normalised(text)
    for index, names in enumerate(variants):
        if value in names or any(value.startswith(name) for name in names if len(name) > 8):
            return index
    return None


TARGET_GROUP_STEMS = (
    ("senior", "pensionār", "vecāka gadagājuma", "elderly"),  # Seniors
    ("bezdarbniek", "bez darba", "unemployed"),  # Long-term unemployed
    ("jaunieš", "jaunatn", "neet", "young", "youth"),  # Young people without work experience
    ("invalid", "funkcionāl", "īpašām vajadzībām", "īpašo vajadzību", "disabilit", "special needs"),  # disabilities
)


def target_group_index(text: str) -> int | None:
    """Which of the template's suggested target groups a group as written belongs to (or None)."""
    value = text.casefold()
    scores = [_matches(value, stems) for stems in TARGET_GROUP_STEMS]
    if not any(scores):
        return None
    # "Jaunieši bez darba pieredzes" names "bez darba" too: young people win over the unemployed.
    if scores[2] and scores[1]:
        return 2
    return scores.index(max(scores))


def target_groups(columns: list[PlanColumn]) -> list[Row]:
    """Ws 4's target groups: the template's four suggested groups first (seeds/002, worksheet 4), named or not, then
    the groups as written; an item is a group as written, its unmet needs the detail."""
    groups = _Groups(columns, ((f"std-{i}", label) for i, label in enumerate(TARGET_GROUPS)))
    rows = TargetGroupNeed.objects.filter(plan_id__in=[c.plan_id for c in columns]).values_list(
        "plan_id", "target_group", "unmet_needs"
    )
    for plan_id, group, needs in rows.order_by("plan_id", "position", "id"):
        if is_empty(group):
            continue
        index = target_group_index(group)
        key = f"std-{index}" if index is not None else normalised(group)
        groups.add(key, clean(group), plan_id, Item(clean(group), needs.strip()))
    return groups.result()


def risk_heat_map(columns: list[PlanColumn]) -> list[Row]:
    """Ws 10's risks: the template's five standard risk factors first (seeds/002, worksheet 10), then the
    municipalities' own; a cell's level is the highest its plan gives the factor, an item's detail its preventive
    measures."""
    variants = _translations(f for f, _impact in STANDARD_RISKS)
    groups = _Groups(columns, ((f"std-{i}", factor) for i, (factor, _impact) in enumerate(STANDARD_RISKS)))
    rows = Risk.objects.filter(plan_id__in=[c.plan_id for c in columns]).values_list(
        "plan_id", "factor", "level", "preventive_measures"
    )
    for plan_id, factor, level, measures in rows.order_by("plan_id", "position", "id"):
        if is_empty(factor):
            continue
        index = _standard_index(factor, variants)
        key = f"std-{index}" if index is not None else normalised(factor)
        label = str(RiskLevel(level).label) if level else ""
        groups.add(key, clean(factor), plan_id, Item(clean(factor), measures.strip(), label), level)
    return groups.result()


def resources_by_type(columns: list[PlanColumn]) -> list[Row]:
    """Ws 5's resources: a row per ``ResourceType`` (seeds/002, worksheet 5), in its order; an item is a resource,
    its holder the detail."""
    groups = _Groups(columns, ResourceType.choices)
    rows = Resource.objects.filter(plan_id__in=[c.plan_id for c in columns]).values_list(
        "plan_id", "resource_type", "description", "holder"
    )
    for plan_id, resource_type, description, holder in rows.order_by("plan_id", "position", "id"):
        if not is_empty(description):
            groups.add(resource_type, resource_type, plan_id, Item(description.strip(), holder.strip()))
    return groups.result()


def partnerships_by_type(columns: list[PlanColumn]) -> list[Row]:
    """Ws 2's cooperation models by type: the template's ten types first (seeds/002, worksheet 2), then the types as
    written; a model naming several types (one per line) counts under each. An item is the partner, its result
    (300 characters at most) the detail."""
    variants = _translations(COOPERATION_TYPES)
    groups = _Groups(columns, ((f"std-{i}", label) for i, label in enumerate(COOPERATION_TYPES)))
    rows = Cooperation.objects.filter(plan_id__in=[c.plan_id for c in columns]).values_list(
        "plan_id", "organisation", "cooperation_type", "result"
    )
    for plan_id, organisation, cooperation_type, result in rows.order_by("plan_id", "position", "id"):
        for kind in lines_of(cooperation_type) or [str(_("(type not given)"))]:
            index = _standard_index(kind, variants)
            key = f"std-{index}" if index is not None else normalised(kind)
            groups.add(key, kind, plan_id, Item(clean(organisation), Truncator(clean(result)).chars(300)))
    return groups.result()


def activities_by_group(columns: list[PlanColumn]) -> list[Row]:
    """Ws 7's activities by action group (the regional review's groups, seeds/000): the officer's choice, else one
    suggested from the text (noted "suggested"), else "Not grouped"; an item's detail is the timeline."""
    groups = _Groups(columns, ActionGroup.choices)
    rows = Activity.objects.filter(plan_id__in=[c.plan_id for c in columns]).values_list(
        "plan_id", "description", "task_as_written", "action_group", "timeline"
    )
    suggested = str(_("suggested"))
    for plan_id, text, task_text, action_group, timeline in rows.order_by("plan_id", "position", "id"):
        description = text if not is_empty(text) else task_text  # a row may name only its task
        if is_empty(description):
            continue
        group, note = action_group, ""
        if not group:
            group = suggest_action_group(description)
            note = suggested if group else ""
        key = group or "ungrouped"
        groups.add(key, str(_("Not grouped")), plan_id, Item(description.strip(), timeline.strip(), note))
    return groups.result()


def _activities_by_text(columns: list[PlanColumn], field_name: str) -> list[Row]:
    groups = _Groups(columns)
    rows = Activity.objects.filter(plan_id__in=[c.plan_id for c in columns]).values_list(
        "plan_id", field_name, "description", "task_as_written"
    )
    for plan_id, value, text, task_text in rows.order_by("plan_id", "position", "id"):
        description = text if not is_empty(text) else task_text
        for part in parts_of(value):
            groups.add(normalised(part), part, plan_id, Item(Truncator(clean(description)).chars(200)))
    return groups.result()


def funding_sources(columns: list[PlanColumn]) -> list[Row]:
    """Ws 7's sources of funding: a row per source the activities name (a cell split at commas, semicolons and
    lines), its items the activities (200 characters at most), most named first."""
    return _activities_by_text(columns, "funding_source")


def responsible_units(columns: list[PlanColumn]) -> list[Row]:
    """Ws 7's responsible municipal units: a row per unit the activities name (a cell split at commas, semicolons and
    lines), its items the activities (200 characters at most), most named first."""
    return _activities_by_text(columns, "responsible_unit")


@dataclass(frozen=True)
class ComparisonSpec:
    """One comparison: its rows built from the plans' rows of ``model``, shown as ``kind``."""

    key: str
    title: str
    about: str  # what it shows; "%(worksheet)s" stands for the number of the worksheet whose rows it compares
    row_header: str
    build: Callable[[list[PlanColumn]], list[Row]]
    model: type[WorksheetRow]
    kind: str = LIST
    detail_label: str = ""  # what an entry's detail is ("Unmet needs"), shown on expand

    @property
    def description(self) -> str:
        """``about`` with the worksheet's number, from the registry."""
        return str(self.about) % {"worksheet": table_for_model(self.model)[0].number}


COMPARISONS: tuple[ComparisonSpec, ...] = (
    ComparisonSpec(
        "target-groups",
        _("Target groups and unmet needs"),
        _("Which municipality names which target group (worksheet %(worksheet)s), with the unmet needs it names."),
        _("Target group"),
        target_groups,
        TargetGroupNeed,
        detail_label=_("Unmet needs"),
    ),
    ComparisonSpec(
        "risks",
        _("Risk heat map"),
        _(
            "The level each municipality gives the template's five standard risk factors and its own ones "
            "(worksheet %(worksheet)s); open a cell for the preventive measures."
        ),
        _("Risk factor"),
        risk_heat_map,
        Risk,
        HEATMAP,
        detail_label=_("Preventive measures"),
    ),
    ComparisonSpec(
        "resources",
        _("Resources by type"),
        _("The resources at each municipality's disposal (worksheet %(worksheet)s), by type, with their holders."),
        _("Type of resource"),
        resources_by_type,
        Resource,
        detail_label=_("Holder"),
    ),
    ComparisonSpec(
        "partnerships",
        _("Partnerships by cooperation type"),
        _("The cooperation models (worksheet %(worksheet)s) by type of cooperation, with the partner organisations."),
        _("Type of cooperation"),
        partnerships_by_type,
        Cooperation,
        detail_label=_("Result"),
    ),
    ComparisonSpec(
        "activities",
        _("Activities by action group"),
        _(
            "The activities of the action plans (worksheet %(worksheet)s) by action group. Where an officer has "
            "not chosen the group, it is suggested from the activity's text and marked so."
        ),
        _("Action group"),
        activities_by_group,
        Activity,
        detail_label=_("Timeline"),
    ),
    ComparisonSpec(
        "funding",
        _("Funding sources"),
        _("The sources of funding the activities name (worksheet %(worksheet)s), with the number of activities."),
        _("Source of funding"),
        funding_sources,
        Activity,
        COUNT,
    ),
    ComparisonSpec(
        "units",
        _("Responsible units"),
        _(
            "The municipal units responsible for the activities (worksheet %(worksheet)s), with the number of "
            "activities."
        ),
        _("Responsible municipal unit"),
        responsible_units,
        Activity,
        COUNT,
    ),
)

BY_KEY: dict[str, ComparisonSpec] = {spec.key: spec for spec in COMPARISONS}


def compare(spec: ComparisonSpec, plans: list[ActionPlan], query: str = "") -> Comparison:
    """One comparison of the given plans (one query), its rows narrowed to those containing ``query``."""
    columns = plan_columns(plans)
    rows = spec.build(columns) if columns else []
    if query:
        rows = [row for row in rows if row.contains(query)]
    return Comparison(spec, columns, rows)
