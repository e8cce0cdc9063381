"""The region's plans side by side: what the regional review (``seeds/000``) is written from.

Every comparison is plain data (columns = plans, rows = groups, cells = the plans' entries), built from
one query for the plans and one query per comparison, whatever the number of municipalities or rows
(plus one for the published versions when a compared plan is being revised). A plan being revised after
publication is compared as its published version, the plan in force (``ActionPlan.published_version``),
until the revision is published. The same data feeds the comparison pages, their Excel downloads and the
regional review.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from seimpact.lib.collation import sort_key

from ..models import (
    ActionGroup,
    ActionPlan,
    Activity,
    Cooperation,
    PlanStatus,
    PlanVersion,
    PolicyCategory,
    PolicyDocument,
    Resource,
    ResourceType,
    Risk,
    RiskLevel,
    TargetGroupNeed,
    VocabularyField,
    WorksheetRow,
    plans_in_force,
)
from ..registry import (
    COOPERATION_SUGGESTIONS,
    STANDARD_RISKS,
    TARGET_GROUP_SUGGESTIONS,
    table_for_model,
)
from .vocabulary import SIMILARITY, Grouping, RegionVocabulary, group_variants, variant_key
from .working_notes import apply_exclusions

# --- text helpers ------------------------------------------------------------------------------------

BULLETS = "●•◦▪▫■□-–—*·‣"
EMPTY_VALUES = {"", "-", "–", "—", "?", "nav", "n/a"}


@lru_cache(maxsize=16_384)
def clean(text: str) -> str:
    """One line of a cell without its list bullet and with single spaces."""
    return re.sub(r"\s+", " ", text.strip().lstrip(BULLETS).strip())


@lru_cache(maxsize=16_384)
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
    """A cell naming several things ("Pašvaldības budžets, ES fondi", "ES fondi / pašvaldības budžets"): one entry per
    named thing."""
    return [clean(part) for part in re.split(r"[,;\n]|\s[+/]\s", text) if not is_empty(part)]


def items_of(text: str) -> list[str]:
    """A cell listing things one per line or separated by semicolons ("Konsultatīvā padome; kopīgi izstrādāti politikas
    ieteikumi"), commas kept (they belong to a sentence)."""
    return [clean(part) for part in re.split(r"[;\n]", text) if not is_empty(part)]


@lru_cache
def _stem_patterns(stems: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """A pattern per word beginning of ``stems``, finding it at the start of a word."""
    return tuple(re.compile(r"(?<!\w)" + re.escape(stem)) for stem in stems)


def _matches(text: str, stems: Iterable[str]) -> int:
    """How many of ``stems`` (word beginnings) begin a word of ``text``."""
    return sum(1 for pattern in _stem_patterns(tuple(stems)) if pattern.search(text))


# --- action groups of activities (ws 7) -----------------------------------------------------------------

ACTION_GROUP_STEMS: dict[str, tuple[str, ...]] = {
    # in order of precedence when an activity names as many stems of two groups; Latvian, English, then Lithuanian
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
        "mokykl",
        "švietim",
        "jaunim",
        "mokini",
        "paskait",
        "žaidim",
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
        "mokym",
        "seminar",
        "konsultac",
        "kompetencij",
        "gebėjim",
        "įgūdž",
        "patirties main",
        "dirbtuv",
        "kursai",
        "kursų",
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
        "finansav",
        "finansin",
        "dotacij",
        "subsidij",
        "lengvat",
        "mokesč",
        "pirkim",
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
        "bendradarb",
        "partneryst",
        "tinkl",
        "susitikim",
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
        "informav",
        "informacij",
        "informacin",
        "kampanij",
        "svetain",
        "socialini tinkl",
        "socialiniuose tinkl",
        "publikac",
        "populiarin",
        "sėkmės istorij",
        "žiniasklaid",
        "plakat",
        "lankstin",
    ),
}


@lru_cache(maxsize=4096)
def suggest_action_group(text: str) -> str:
    """The action group an activity's description points at ("" when it names none of them)."""
    text = text.casefold()
    scores = {group: _matches(text, stems) for group, stems in ACTION_GROUP_STEMS.items()}
    best = max(scores.values())
    if not best:
        return ""
    return str(next(group for group, score in scores.items() if score == best))


def action_group_hint(activity) -> str:
    """The note beside a ws 7 activity's empty action group on the worksheet page: the group its text points at
    (``suggest_action_group``), e.g. "suggested: Financial support"; "" when the officer chose a group or the text
    points at none. The field itself stays as the officer left it."""
    if activity.action_group:
        return ""
    group = suggest_action_group(_activity_description(activity.description or "", activity.task_as_written or ""))
    return _("suggested: %(group)s") % {"group": ActionGroup(group).label} if group else ""


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
    language: str = settings.LANGUAGE_CODE  # the plan's (its municipality's): the language of its rows
    # A plan being revised is compared as its published version: that version's content (``PlanVersion.content``)
    content: dict | None = field(default=None, compare=False, hash=False, repr=False)


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
    """Every plan of the region (the coordinator's view), or only the public ones (the public's: published, or being
    revised after publication, ``ActionPlan.objects.public``)."""
    plans = ActionPlan.objects.filter(municipality__region=region).select_related("municipality__region")
    if published_only:
        plans = plans.public()
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
    its label. A plan being revised after publication is its published version (``PlanColumn.content``, one query for
    them all), shown as published with the revision in preparation."""
    per_municipality = Counter(p.municipality_id for p in plans)
    repeated = {municipality for municipality, count in per_municipality.items() if count > 1}
    revised = [p.published_version_id for p in plans if p.in_revision]
    contents = dict(PlanVersion.objects.filter(pk__in=revised).values_list("pk", "content")) if revised else {}
    in_revision = f"{PlanStatus.PUBLISHED.label}. {_('A revision is in preparation.')}"
    return [
        PlanColumn(
            plan_id=p.pk,
            municipality=p.municipality.name,
            municipality_slug=p.municipality.slug,
            period=p.period,
            status=PlanStatus.PUBLISHED if p.in_revision else p.status,
            status_label=in_revision if p.in_revision else str(p.get_status_display()),
            label=f"{p.municipality.name} {p.period}" if p.municipality_id in repeated else p.municipality.name,
            language=p.municipality.language,
            content=contents.get(p.published_version_id) if p.in_revision else None,
        )
        for p in plans
    ]


@lru_cache
def _choice_values(model: type[WorksheetRow], name: str) -> dict[str, str]:
    """A choice column's labels in every language (as a version keeps them) → the stored value."""
    choices = model._meta.get_field(name).flatchoices
    languages = {code for code, _name in settings.LANGUAGES} | {"lv", "lt"}
    values = {}
    for language in languages:
        with override(language):
            values.update({str(label): value for value, label in choices})
    return values


def _version_rows(content: dict, model: type[WorksheetRow], names: tuple[str, ...]) -> list[tuple]:
    """The rows of ``model``'s table kept in a version's ``content``, each as the values of ``names`` in the table's
    order: a choice as its value (read back from its label), a column the version does not hold as "". A version keeps
    its rows' ids, so the working notes left out of the review (``apply_exclusions``) are left out of it too."""
    worksheet, table = table_for_model(model)
    stored = next((w for w in content.get("worksheets", []) if w.get("number") == worksheet.number), None)
    stored_table = next((t for t in (stored or {}).get("tables", []) if t.get("key") == table.key), None)
    if stored_table is None:
        return []
    index = {name: i for i, name in enumerate(stored_table["columns"])}
    choices = {name: _choice_values(model, name) for name in names if model._meta.get_field(name).choices}
    rows = []
    for row in stored_table["rows"]:
        values = []
        for name in names:
            text = row["cells"][index[name]] if name in index else ""
            values.append(choices[name].get(text, text) if name in choices and text else text)
        rows.append(apply_exclusions(model, row.get("id"), names, tuple(values)))
    return rows


def plan_value(column: PlanColumn, plan: ActionPlan, name: str):
    """A plan-level field's value (e.g. ``support_given``) of the compared plan: as its published version keeps it
    for a plan compared as that version (``PlanColumn.content``; "" when it does not), else as the plan holds it."""
    if column.content is None:
        return getattr(plan, name)
    for stored in column.content.get("worksheets", []):
        for stored_name, value in stored.get("plan_fields", []):
            if stored_name == name:
                return value
    return ""


def plan_entries(model: type[WorksheetRow], columns: list[PlanColumn], *names: str) -> list[tuple]:
    """``(plan_id, *values of names)`` of every row of ``model`` in the compared plans, plan by plan (by id) in each
    plan's order: the rows stored now (one query), or for a plan compared as its published version
    (``PlanColumn.content``) that version's rows (``_version_rows``)."""
    by_plan: dict[int, list[tuple]] = defaultdict(list)
    live = [c.plan_id for c in columns if c.content is None]
    if live:
        rows = (
            model.objects.filter(plan_id__in=live)
            .values_list("plan_id", *names, "id")
            .order_by("plan_id", "position", "id")
        )
        for plan_id, *values, row_id in rows:  # working notes the coordinator left out of the review: without them
            by_plan[plan_id].append((plan_id, *apply_exclusions(model, row_id, names, tuple(values))))
    for column in columns:
        if column.content is not None:
            by_plan[column.plan_id] = [(column.plan_id, *row) for row in _version_rows(column.content, model, names)]
    return [row for plan_id in sorted(by_plan) for row in by_plan[plan_id]]


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
    suggested: bool = False  # in its row by suggestion, not by a decision (the officer's or the coordinator's)


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

    @property
    def only_suggested(self) -> bool:
        """The plan is in the row by suggestion only (every item suggested)."""
        return bool(self.items) and all(item.suggested for item in self.items)

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
    confirmed: bool = False  # a confirmed entry of the region's vocabulary
    suggested_grouping: bool = False  # groups several spellings by suggestion, not yet confirmed

    @property
    def named_by(self) -> int:
        """How many plans name the row, those there by suggestion only included (``suggested_by``)."""
        return sum(1 for cell in self.cells if not cell.is_empty)

    @property
    def suggested_by(self) -> int:
        """How many of the plans naming the row are in it by suggestion only."""
        return sum(1 for cell in self.cells if cell.only_suggested)

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
        """The labels of the plans naming the row; one there by suggestion only is marked "(suggested)"."""
        suggested = str(_("suggested"))
        return [
            f"{col.label} ({suggested})" if cell.only_suggested else col.label
            for col, cell in zip(self.columns, row.cells, strict=True)
            if not cell.is_empty
        ]

    def details(self, row: Row) -> str:
        """The row's entries per plan, as text: "Dobeles novads: …"."""
        return "\n".join(
            f"{col.label}: {cell.as_text()}".replace("\n", "; ")
            for col, cell in zip(self.columns, row.cells, strict=True)
            if not cell.is_empty
        )


def plans_language(columns: list[PlanColumn]) -> str:
    """The language the compared plans are written in (a region's plans share their country's), Latvian for none."""
    return columns[0].language if columns else settings.LANGUAGE_CODE


class _Groups:
    """Rows collected by key: the template's groups first (in its order), then the others (most named first, then
    alphabetically in the plans' language)."""

    def __init__(self, columns: list[PlanColumn], standard: Iterable[tuple[str, str]] = ()):
        self.language = plans_language(columns)
        self.index = {col.plan_id: i for i, col in enumerate(columns)}
        self.width = len(columns)
        self.rows: dict[str, Row] = {}
        self.standard_keys = []
        self.suggested_note = str(_("suggested"))
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

    def place(self, grouping: Grouping, text: str, plan_id: int, item: Item) -> str:
        """Add ``item`` to the row of ``text``'s variant in ``grouping`` (its confirmed entry, its standard group or
        its suggested group; marked "suggested" when it is there by suggestion). Returns the row's key, "" when the
        variant is not counted (not a plan entry, or empty)."""
        key = variant_key(text)
        group = grouping.group_of(key)
        if group is None:
            return ""
        return self.place_key(grouping, key, group, plan_id, item)

    def place_key(self, grouping: Grouping, key: str, group, plan_id: int, item: Item) -> str:
        """``place`` for a variant ``key`` already looked up in ``grouping`` (its ``group``)."""
        if group.is_suggestion(key) or key not in grouping.placement:
            item.suggested = True
            item.note = item.note or self.suggested_note
        self.add(group.row_key, group.text, plan_id, item)
        row = self.rows[group.row_key]
        if group.entry_id is not None:
            row.confirmed = True
            if not row.standard:
                row.label = group.text
        return group.row_key

    def result(self, *, keep_empty_standard: bool = True) -> list[Row]:
        standard = [self.rows[key] for key in self.standard_keys if keep_empty_standard or self.rows[key].named_by]
        others = sorted(
            (row for key, row in self.rows.items() if key not in self.standard_keys),
            key=lambda row: (-row.named_by, sort_key(row.label, self.language)),
        )
        return standard + others


def _translations(texts) -> list[frozenset[str]]:
    """Each text of the template in every interface language and the plans' languages, normalised."""
    languages = {code for code, _name in settings.LANGUAGES} | {"lv", "lt"}
    result = []
    for text in texts:
        variants = set()
        for language in languages:
            with override(language):
                variants.add(normalised(str(text)))
        result.append(frozenset(variants))
    return result


@lru_cache(maxsize=256)
def _long_names(names: frozenset[str]) -> tuple[str, ...]:
    """The texts of ``names`` a text may begin with and still be that text (over 8 characters)."""
    return tuple(name for name in names if len(name) > 8)


def _standard_index(text: str, variants: list[frozenset[str]]) -> int | None:
    """Which of the template's texts this one is (as written, or the template's text with additions)."""
    value = normalised(text)
    for index, names in enumerate(variants):
        if value in names or value.startswith(_long_names(names)):
            return index
    return None


TARGET_GROUP_STEMS = (  # Latvian, Lithuanian and English word beginnings
    ("senior", "pensionār", "vecāka gadagājuma", "elderly", "senjor", "pagyvenę", "vyresnio amžiaus"),  # Seniors
    ("bezdarbniek", "bez darba", "unemployed", "bedarb", "be darbo"),  # Long-term unemployed
    ("jaunieš", "jaunatn", "neet", "young", "youth", "jaunim", "jaunuol", "jaunų"),  # Young people without work
    (  # People with disabilities
        "invalid",
        "funkcionāl",
        "īpašām vajadzībām",
        "īpašo vajadzību",
        "disabilit",
        "special needs",
        "neįgal",
        "negali",
        "specialiųjų poreikių",
    ),
)


@lru_cache(maxsize=4096)
def target_group_index(text: str) -> int | None:
    """Which of the template's four suggested target groups a group as written belongs to (or None)."""
    value = text.casefold()
    scores = [_matches(value, stems) for stems in TARGET_GROUP_STEMS]
    if not any(scores):
        return None
    # "Jaunieši bez darba pieredzes" names "bez darba" too: young people win over the unemployed.
    if scores[2] and scores[1]:
        return 2
    return scores.index(max(scores))


def _suggested(suggestions, language: str) -> tuple[list[tuple[str, str]], list[set[str]]]:
    """The suggested values plans written in ``language`` are offered (``Suggestions.values``), as the standard groups
    of a comparison (``[(key, label)]``, labelled in the reader's language like the template's other groups), and
    each value's texts in every language (``_translations``)."""
    values = suggestions.values(language)
    return [(f"std-{i}", value) for i, value in enumerate(values)], _translations(values)


def _vocabulary(vocabulary: RegionVocabulary | None) -> RegionVocabulary:
    return vocabulary if vocabulary is not None else RegionVocabulary()


def _is_excluded(vocabulary: RegionVocabulary, field_name: str, text: str) -> bool:
    """The coordinator marked ``text`` (a whole cell, e.g. the template's example list left in a plan) "not a plan
    entry"."""
    decision = vocabulary.decision(field_name, variant_key(text))
    return decision is not None and decision.not_plan_entry


def _target_group_occurrences(rows, columns, vocabulary):
    """``[(plan_id, group as written, standard code)]`` of ws 4 rows ``(plan_id, target_group, …)``, and the standard
    groups: a group as written is one of the additions when it is its text (in any language), else one of the
    template's four when it names it (``target_group_index``)."""
    standard, variants = _suggested(TARGET_GROUP_SUGGESTIONS, plans_language(columns))
    template_count = len(TARGET_GROUP_SUGGESTIONS.template)
    occurrences = []
    for plan_id, group, *_rest in rows:
        if is_empty(group):
            continue
        added = _standard_index(group, variants[template_count:])
        index = template_count + added if added is not None else target_group_index(group)
        occurrences.append((plan_id, group, f"std-{index}" if index is not None else ""))
    return occurrences, standard


def _cooperation_kinds(vocabulary, cooperation_type: str) -> list[str]:
    """The cooperation types a ws 2 cell names (one per line or between semicolons); none when the whole cell is
    "not a plan entry"."""
    if _is_excluded(vocabulary, VocabularyField.COOPERATION_TYPES, cooperation_type):
        return []
    return items_of(cooperation_type)


def _cooperation_occurrences(rows, columns, vocabulary):
    """``[(plan_id, type as written, standard code)]`` of ws 2 rows ``(plan_id, organisation, cooperation_type, …)``,
    and the standard types (the template's, then those of the plans' language)."""
    standard, variants = _suggested(COOPERATION_SUGGESTIONS, plans_language(columns))
    occurrences = []
    for plan_id, _organisation, cooperation_type, *_rest in rows:
        for kind in _cooperation_kinds(vocabulary, cooperation_type):
            index = _standard_index(kind, variants)
            occurrences.append((plan_id, kind, f"std-{index}" if index is not None else ""))
    return occurrences, standard


def _resource_occurrences(rows, columns, vocabulary):
    return [(plan_id, description, "") for plan_id, _type, description, *_rest in rows if not is_empty(description)], []


def _activity_parts(vocabulary, field_name: str, value: str) -> list[str]:
    """The things a ws 7 cell names (``parts_of``); none when the whole cell is "not a plan entry"."""
    return [] if _is_excluded(vocabulary, field_name, value) else parts_of(value)


def _text_occurrences(field_name: str):
    def occurrences(rows, columns, vocabulary):
        return [
            (plan_id, part, "")
            for plan_id, value, *_rest in rows
            for part in _activity_parts(vocabulary, field_name, value)
        ], []

    return occurrences


def _activity_description(text: str, task_text: str) -> str:
    return text if not is_empty(text) else task_text  # a row may name only its task


def _action_group_occurrences(rows, columns, vocabulary):
    """Activities whose officer chose no action group, each with the group suggested from its text."""
    occurrences = []
    for plan_id, text, task_text, action_group, *_rest in rows:
        description = _activity_description(text, task_text)
        if action_group or is_empty(description):
            continue
        occurrences.append((plan_id, description, suggest_action_group(description)))
    return occurrences, list(ActionGroup.choices)


def _policy_document_occurrences(rows, columns, vocabulary):
    """``[(plan_id, document as written, "")]`` of ws 1 rows ``(plan_id, title, …)``: a cell naming several documents
    (one per line) gives each; a cell the coordinator marked "not a plan entry" none."""
    return [
        (plan_id, title, "")
        for plan_id, cell, *_rest in rows
        if not _is_excluded(vocabulary, VocabularyField.POLICY_DOCUMENTS, cell)
        for title in lines_of(cell)
    ], []


# field → (row model, columns read, occurrences); the columns' first value is the compared text
FIELD_SOURCES: dict[str, tuple] = {
    VocabularyField.POLICY_DOCUMENTS: (PolicyDocument, ("title",), _policy_document_occurrences),
    VocabularyField.COOPERATION_TYPES: (
        Cooperation,
        ("organisation", "cooperation_type", "result"),
        _cooperation_occurrences,
    ),
    VocabularyField.TARGET_GROUPS: (TargetGroupNeed, ("target_group", "unmet_needs"), _target_group_occurrences),
    VocabularyField.RESOURCES: (Resource, ("resource_type", "description", "holder"), _resource_occurrences),
    VocabularyField.FUNDING_SOURCES: (
        Activity,
        ("funding_source", "description", "task_as_written"),
        _text_occurrences(VocabularyField.FUNDING_SOURCES),
    ),
    VocabularyField.RESPONSIBLE_UNITS: (
        Activity,
        ("responsible_unit", "description", "task_as_written"),
        _text_occurrences(VocabularyField.RESPONSIBLE_UNITS),
    ),
    VocabularyField.ACTION_GROUPS: (
        Activity,
        ("description", "task_as_written", "action_group", "timeline"),
        _action_group_occurrences,
    ),
}
SIMILAR_GROUPING = {field_name: field_name != VocabularyField.ACTION_GROUPS for field_name in FIELD_SOURCES}


def _grouping(field_name: str, rows, columns, vocabulary: RegionVocabulary) -> Grouping:
    _model, _names, occurrences_of = FIELD_SOURCES[field_name]
    occurrences, standards = occurrences_of(rows, columns, vocabulary)
    return group_variants(
        occurrences,
        field_name=field_name,
        vocabulary=vocabulary,
        standards=standards,
        threshold=SIMILARITY if SIMILAR_GROUPING[field_name] else 101,
    )


def field_grouping(field_name: str, columns: list[PlanColumn], vocabulary: RegionVocabulary) -> Grouping:
    """The variants of ``field_name`` (a ``VocabularyField``) in the compared plans, grouped as the comparisons group
    them (``vocabulary.group_variants``): what the coordinator's vocabulary page shows. One query."""
    model, names, _occurrences = FIELD_SOURCES[field_name]
    return _grouping(field_name, plan_entries(model, columns, *names), columns, vocabulary)


def list_cells(field_name: str, columns: list[PlanColumn]) -> list[tuple[int, str]]:
    """``[(plan_id, cell)]``: the cells of ``field_name`` naming three things or more, each a candidate for "not a
    plan entry" as a whole (e.g. the template's example list of cooperation types left in a plan). One query."""
    model, names, _occurrences = FIELD_SOURCES[field_name]
    split = items_of if field_name == VocabularyField.COOPERATION_TYPES else parts_of
    index = 1 if field_name == VocabularyField.COOPERATION_TYPES else 0
    cells = []
    for plan_id, *values in plan_entries(model, columns, *names):
        if field_name != VocabularyField.ACTION_GROUPS and len(split(values[index])) >= 3:
            cells.append((plan_id, values[index]))
    return cells


def target_groups(columns: list[PlanColumn], vocabulary: RegionVocabulary | None = None) -> list[Row]:
    """Ws 4's target groups: the suggested groups first (the template's four, seeds/002, worksheet 4, then those the
    plans' language adds, e.g. the Panevėžys review's), named or not, then the region's entries and the suggested
    groups of the groups as written (``field_grouping``); an item is a group as written, its unmet needs the
    detail."""
    vocabulary = _vocabulary(vocabulary)
    rows = plan_entries(TargetGroupNeed, columns, "target_group", "unmet_needs")
    grouping = _grouping(VocabularyField.TARGET_GROUPS, rows, columns, vocabulary)
    groups = _Groups(columns, _suggested(TARGET_GROUP_SUGGESTIONS, plans_language(columns))[0])
    for plan_id, group, needs in rows:
        if not is_empty(group):
            groups.place(grouping, group, plan_id, Item(clean(group), needs.strip()))
    return groups.result()


def risk_heat_map(columns: list[PlanColumn], vocabulary: RegionVocabulary | None = None) -> list[Row]:
    """Ws 10's risks: the template's five standard risk factors first (seeds/002, worksheet 10), then the
    municipalities' own; a cell's level is the highest its plan gives the factor, an item's detail its preventive
    measures."""
    variants = _translations(f for f, _impact in STANDARD_RISKS)
    groups = _Groups(columns, ((f"std-{i}", factor) for i, (factor, _impact) in enumerate(STANDARD_RISKS)))
    for plan_id, factor, level, measures in plan_entries(Risk, columns, "factor", "level", "preventive_measures"):
        if is_empty(factor):
            continue
        index = _standard_index(factor, variants)
        key = f"std-{index}" if index is not None else normalised(factor)
        label = str(RiskLevel(level).label) if level else ""
        groups.add(key, clean(factor), plan_id, Item(clean(factor), measures.strip(), label), level)
    return groups.result()


def resources_by_type(columns: list[PlanColumn], vocabulary: RegionVocabulary | None = None) -> list[Row]:
    """Ws 5's resources: a row per ``ResourceType`` (seeds/002, worksheet 5), in its order; an item is a resource,
    its holder the detail; a resource the coordinator marked "not a plan entry" is left out."""
    vocabulary = _vocabulary(vocabulary)
    groups = _Groups(columns, ResourceType.choices)
    rows = plan_entries(Resource, columns, "resource_type", "description", "holder")
    for plan_id, resource_type, description, holder in rows:
        if is_empty(description) or _is_excluded(vocabulary, VocabularyField.RESOURCES, description):
            continue
        groups.add(resource_type, resource_type, plan_id, Item(description.strip(), holder.strip()))
    return groups.result()


class _OrganisationTypes:
    """The cooperation type an organisation cell begins with ("Līdzdalības budžets, NVO, …": some plans write the
    type in the organisation column, fixtures/NOTES.md), called with the cell: the longest known type of two words or
    more (a standard type, an entry or a type written elsewhere) whose words begin the cell's, else the longest
    standard type without variants of its own that does; "" for none. The known types of ``grouping`` are indexed by
    their words once, for all the cells of a comparison."""

    def __init__(self, grouping: Grouping):
        known = set(grouping.placement) | {g.key for g in grouping.groups.values() if g.code or g.entry_id is not None}
        self.placed = {tuple(key.split()): key for key in known if len(key.split()) >= 2 and grouping.group_of(key)}
        self.standard: dict[tuple[str, ...], str] = {}
        for group in grouping.groups.values():
            if group.code and len(group.key.split()) >= 2:
                self.standard.setdefault(tuple(group.key.split()), group.key)
        self.longest = max(map(len, [*self.placed, *self.standard]), default=0)

    def __call__(self, organisation: str) -> str:
        words = tuple(variant_key(organisation).split())
        for types in (self.placed, self.standard):
            for size in range(min(len(words), self.longest), 1, -1):
                if key := types.get(words[:size]):
                    return key
        return ""


def _shortened(text: str, length: int) -> str:
    """``Truncator(text).chars(length)``: ``text`` (NFC) when it is no longer than ``length``, as most are, without
    the cost of ``Truncator``."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


def partnerships_by_type(columns: list[PlanColumn], vocabulary: RegionVocabulary | None = None) -> list[Row]:
    """Ws 2's cooperation models by type: the suggested types first (the template's ten, seeds/002, worksheet 2, then
    those the plans' language adds, e.g. socially responsible public procurement in Lithuania), then the region's
    entries and the suggested groups of the types as written (``field_grouping``); a model naming several types (one
    per line, or between semicolons) counts under each, and under the type its organisation cell begins with
    (``_OrganisationTypes``). An item is the partner, its result (300 characters at most) the detail."""
    vocabulary = _vocabulary(vocabulary)
    standard, _variants = _suggested(COOPERATION_SUGGESTIONS, plans_language(columns))
    rows = plan_entries(Cooperation, columns, "organisation", "cooperation_type", "result")
    grouping = _grouping(VocabularyField.COOPERATION_TYPES, rows, columns, vocabulary)
    groups = _Groups(columns, standard)
    not_given = str(_("(type not given)"))
    organisation_type = _OrganisationTypes(grouping)
    for plan_id, organisation, cooperation_type, result in rows:
        item_text, detail = clean(organisation), _shortened(clean(result), 300)
        kinds = _cooperation_kinds(vocabulary, cooperation_type)
        if not kinds and not is_empty(cooperation_type):
            continue  # the whole cell is not a plan entry
        placed = {groups.place(grouping, kind, plan_id, Item(item_text, detail)) for kind in kinds}
        if not kinds:
            groups.add(normalised(not_given), not_given, plan_id, Item(item_text, detail))
        named = organisation_type(organisation)
        if named:
            group = grouping.group_of(named) or next(g for g in grouping.groups.values() if g.key == named)
            if group.row_key not in placed:
                groups.place_key(grouping, named, group, plan_id, Item(item_text, detail))
    return groups.result()


def activities_by_group(columns: list[PlanColumn], vocabulary: RegionVocabulary | None = None) -> list[Row]:
    """Ws 7's activities by action group (the regional review's groups, seeds/000): the officer's choice, else the
    coordinator's confirmed decision on the activity's text, else one suggested from the text (marked "suggested"),
    else "Not grouped"; an activity the coordinator marked "not a plan entry" is left out. An item's detail is the
    timeline."""
    vocabulary = _vocabulary(vocabulary)
    groups = _Groups(columns, ActionGroup.choices)
    rows = plan_entries(Activity, columns, "description", "task_as_written", "action_group", "timeline")
    suggested = str(_("suggested"))
    for plan_id, text, task_text, action_group, timeline in rows:
        description = _activity_description(text, task_text)
        if is_empty(description):
            continue
        item = Item(description.strip(), timeline.strip())
        group = action_group
        if not group:
            decision = vocabulary.decision(VocabularyField.ACTION_GROUPS, variant_key(description))
            if decision is not None and decision.not_plan_entry:
                continue
            if decision is not None and decision.code in ActionGroup.values:
                group = decision.code
            else:
                group = suggest_action_group(description)
                item.suggested, item.note = bool(group), suggested if group else ""
        key = group or "ungrouped"
        groups.add(key, str(_("Not grouped")), plan_id, item)
    return groups.result()


def _activities_by_text(
    columns: list[PlanColumn], field_name: str, vocabulary_field: str, vocabulary: RegionVocabulary | None
) -> list[Row]:
    vocabulary = _vocabulary(vocabulary)
    rows = plan_entries(Activity, columns, field_name, "description", "task_as_written")
    grouping = _grouping(vocabulary_field, rows, columns, vocabulary)
    groups = _Groups(columns)
    for plan_id, value, text, task_text in rows:
        description = _shortened(clean(_activity_description(text, task_text)), 200)
        for part in _activity_parts(vocabulary, vocabulary_field, value):
            groups.place(grouping, part, plan_id, Item(description))
    return groups.result()


def funding_sources(columns: list[PlanColumn], vocabulary: RegionVocabulary | None = None) -> list[Row]:
    """Ws 7's sources of funding: a row per entry of the region's vocabulary or suggested group of the sources the
    activities name (a cell split at commas, semicolons, lines and " / "), its items the activities (200 characters
    at most), most named first."""
    return _activities_by_text(columns, "funding_source", VocabularyField.FUNDING_SOURCES, vocabulary)


def policy_documents(columns: list[PlanColumn], vocabulary: RegionVocabulary | None = None) -> list[tuple[str, Row]]:
    """Ws 1's documents by entry of the region's vocabulary, or by suggested group where none is confirmed
    (``field_grouping``): ``[(category, row)]``, a row counting each plan once (a cell naming several documents, one
    per line, counts under each; a variant or cell marked "not a plan entry" under none), its items the documents as
    written (marked "suggested" where they are in the row by suggestion). A row's category is the ``PolicyCategory``
    value its plans give it most often (a tie: the first in ``PolicyCategory``'s order). Ordered by category, then
    confirmed entries first, then most named, then alphabetically in the plans' language. One query for the
    documents."""
    vocabulary = _vocabulary(vocabulary)
    rows = plan_entries(PolicyDocument, columns, "title", "category")
    grouping = _grouping(VocabularyField.POLICY_DOCUMENTS, rows, columns, vocabulary)
    groups = _Groups(columns)
    categories: dict[str, Counter] = defaultdict(Counter)
    for plan_id, cell, category in rows:
        if _is_excluded(vocabulary, VocabularyField.POLICY_DOCUMENTS, cell):
            continue
        for title in lines_of(cell):
            key = groups.place(grouping, title, plan_id, Item(clean(title)))
            if key:
                categories[key][category] += 1
    order = {value: index for index, value in enumerate(PolicyCategory.values)}
    last = len(order)
    result = []
    for key, row in groups.rows.items():
        counts = categories[key]
        result.append((min(counts, key=lambda value: (-counts[value], order.get(value, last))), row))
    language = plans_language(columns)
    return sorted(
        result,
        key=lambda pair: (
            order.get(pair[0], last),
            not pair[1].confirmed,
            -pair[1].named_by,
            sort_key(pair[1].label, language),
        ),
    )


def responsible_units(columns: list[PlanColumn], vocabulary: RegionVocabulary | None = None) -> list[Row]:
    """Ws 7's responsible municipal units: a row per entry of the region's vocabulary or suggested group of the units
    the activities name (a cell split at commas, semicolons, lines and " / "), its items the activities (200
    characters at most), most named first."""
    return _activities_by_text(columns, "responsible_unit", VocabularyField.RESPONSIBLE_UNITS, vocabulary)


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


def compare(
    spec: ComparisonSpec,
    plans: list[ActionPlan],
    query: str = "",
    columns: list[PlanColumn] | None = None,
    vocabulary: RegionVocabulary | None = None,
) -> Comparison:
    """One comparison of the given plans (one query), its rows narrowed to those containing ``query``; ``columns``:
    their ``plan_columns``, ``vocabulary``: their region's ``RegionVocabulary``, when the caller has them already
    (e.g. the regional review, making every comparison)."""
    columns = plan_columns(plans) if columns is None else columns
    if vocabulary is None:
        vocabulary = RegionVocabulary.load(plans[0].municipality.region_id if plans else None)
    rows = spec.build(columns, vocabulary) if columns else []
    if query:
        rows = [row for row in rows if row.contains(query)]
    return Comparison(spec, columns, rows)
