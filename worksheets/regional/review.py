"""The regional review: the sections of the region's policy review (``seeds/000``) assembled from the plans.

The coordinator starts from these tables and writes the conclusions of every section (an empty, marked
place). A fixed number of queries, whatever the number of municipalities and rows; the same data gives
the PDF (WeasyPrint, the plan PDF's fonts and style) and the Excel workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seimpact.lib.pdf import document_html, render_pdf

from ..cells import value_text
from ..models import (
    ADOPTED_STATUSES,
    EngagementActivity,
    Indicator,
    PolicyCategory,
    PolicyDocument,
    Risk,
)
from ..registry import ALL_TABLES, CHECKLIST_FIELDS, WORKSHEETS, table_for_model
from . import evidence  # its tables use ReviewTable: a module import either way round
from .comparisons import (
    BY_KEY,
    Comparison,
    PlanColumn,
    clean,
    compare,
    is_empty,
    plan_columns,
    plan_entries,
    plan_value,
    policy_documents,
)
from .vocabulary import RegionVocabulary
from .working_notes import exclusions_of, leaving_out

FREQUENT_RISKS = 8  # rows of the "most frequent risks" table at most
EVIDENCE_CELL = 240  # characters of a cell's text in the PDF's evidence tables at most (the workbook keeps it whole)


def shortened(value: str | int, length: int = EVIDENCE_CELL) -> str:
    """``value`` as text of ``length`` characters at most, as Django's ``truncatechars`` gives it (an ending "…" in the
    last place), without that filter's cost for the many texts that are short enough already."""
    text = str(value)
    return text if len(text) <= length else Truncator(text).chars(length)


def percent_widths(widths: list[int]) -> list[int]:
    """Column widths (e.g. ``ReviewTable.widths``, Excel's characters) as whole percentages of the table's width that
    add up to 100 (for at most 100 columns), every column at least 1 %: the largest remainders rounded up, what the
    1 % minimums add taken from the widest column; ``[]`` for no columns.
    ``percent_widths([24, 48, 48]) == [20, 40, 40]``."""
    widths = [max(width, 1) for width in widths]
    if not widths:
        return []
    total = sum(widths)
    exact = [100 * width / total for width in widths]
    percents = [max(int(share), 1) for share in exact]
    by_remainder = sorted(range(len(widths)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for index in by_remainder[: max(100 - sum(percents), 0)]:
        percents[index] += 1
    widest = percents.index(max(percents))
    percents[widest] = max(percents[widest] - max(sum(percents) - 100, 0), 1)
    return percents


@dataclass
class ReviewTable:
    """A table of a review section: a header and rows of texts and counts (``list[list[str | int]]``: a count is an
    ``int``, so the workbook holds it as a number), with Excel column widths in characters (by default 24, then 48
    per column)."""

    title: str
    header: list[str]
    rows: list[list[str | int]]
    widths: list[int] = field(default_factory=list)  # Excel column widths
    # Optional CSS classes per cell, in the shape of ``rows`` ("" for none), e.g. "risk-high" for a heat map's colour;
    # a class only repeats what the cell's text says.
    classes: list[list[str]] | None = None
    note: str = ""  # a line printed under the table, e.g. what was left out of it

    def __post_init__(self):
        if not self.widths:
            self.widths = [24] + [48] * (len(self.header) - 1)

    @property
    def column_percents(self) -> list[int]:
        """The PDF's column widths: ``widths`` as whole percentages of the table's width (``percent_widths``), one
        per column of ``header`` (a missing width counts as 24 characters)."""
        size = len(self.header)
        return percent_widths((self.widths + [24] * size)[:size])

    @property
    def evidence_rows(self) -> list[list[tuple[str, str]]]:
        """``cell_rows`` as the PDF prints them: each value as text shortened to ``EVIDENCE_CELL`` characters."""
        return [[(shortened(value), css) for value, css in row] for row in self.cell_rows]

    @property
    def cell_rows(self) -> list[list[tuple[str | int, str]]]:
        """The rows as ``(value, css class)`` pairs, for templates ("" where ``classes`` gives none)."""
        classes = self.classes or []
        return [
            [
                (value, (classes[i][j] if i < len(classes) and j < len(classes[i]) else ""))
                for j, value in enumerate(row)
            ]
            for i, row in enumerate(self.rows)
        ]


@dataclass
class ReviewSection:
    """One of the review's six sections (those of seeds/000): its number, title, what the coordinator writes there,
    and its tables."""

    number: int
    title: str
    guidance: str  # what the coordinator writes in this section
    tables: list[ReviewTable]


@dataclass
class RegionalReview:
    """The review of a region's chosen plans: a ``PlanColumn`` per plan, the six sections (none without plans), when
    it was made (local time) and whether a plan not yet approved is among them."""

    region: object
    columns: list[PlanColumn]
    sections: list[ReviewSection]
    generated_at: object
    includes_unapproved: bool

    @property
    def title(self) -> str:
        return _("Regional review of the action plans: %(region)s") % {"region": self.region.name}

    @property
    def column_percents(self) -> list[int]:
        """Every column width (in whole percents) of the review's tables, each once, ascending: the PDF's style sheet
        has a rule for each."""
        return sorted({p for section in self.sections for table in section.tables for p in table.column_percents})


SECTION_TITLES = {
    1: gettext_lazy("Introduction"),
    2: gettext_lazy("Policy framework and cooperation models"),
    3: gettext_lazy("Needs and resources"),
    4: gettext_lazy("Strategy and action plan"),
    5: gettext_lazy("Evaluation and risks"),
    6: gettext_lazy("Partnerships and public engagement"),
}

SECTION_GUIDANCE = {
    1: gettext_lazy(
        "The social enterprises of the region, the plans this review is made from and its purpose: recommendations "
        "for the region's development programme."
    ),
    2: gettext_lazy(
        "The national and local documents that shape social entrepreneurship, the cooperation models the "
        "municipalities use, and the strengths and challenges they show."
    ),
    3: gettext_lazy(
        "The priority target groups and their unmet needs, and the resources the municipalities have to close "
        "the gap between resources and needs."
    ),
    4: gettext_lazy("The strategic goals the plans share and the planned activities by action group."),
    5: gettext_lazy("How the plans measure their results, and the most frequent risks with their measures."),
    6: gettext_lazy("How the municipalities build partnerships and engage the public."),
}


def _summary(comparison: Comparison, title: str, details_header: str) -> ReviewTable:
    """A comparison as review rows: the group, who names it, and what each municipality writes."""
    return ReviewTable(
        title,
        [str(comparison.spec.row_header), _("Municipalities naming it"), details_header],
        [
            [row.label, ", ".join(comparison.named_by(row)), comparison.details(row)]
            for row in comparison.rows
            if row.named_by
        ],
        [30, 28, 90],
    )


def _figures(columns: list[PlanColumn], plans) -> ReviewTable:
    ids = [c.plan_id for c in columns if c.content is None]
    counts = []
    for _worksheet, table in ALL_TABLES:
        per_plan = dict(
            table.model.objects.filter(plan_id__in=ids)
            .order_by()
            .values("plan_id")
            .annotate(n=Count("id"))
            .values_list("plan_id", "n")
        )
        for column in columns:  # a plan compared as its published version: that version's rows
            if column.content is not None:
                per_plan[column.plan_id] = len(plan_entries(table.model, [column]))
        counts.append(per_plan)
    header = [_("Municipality"), _("Period"), _("Status")] + [
        str(table.verbose_name_plural).capitalize() for _w, table in ALL_TABLES
    ]
    rows = [
        [c.municipality, c.period, c.status_label] + [per_plan.get(c.plan_id, 0) for per_plan in counts]
        for c in columns
    ]
    rows.append([_("Total"), "", ""] + [sum(per_plan.values()) for per_plan in counts])
    return ReviewTable(_("The plans in figures"), header, rows, [24, 11, 14] + [12] * len(ALL_TABLES))


def _headers(model, names: tuple[str, ...]) -> list[str]:
    """The registry's (short) labels of ``model``'s columns ``names``, as table headers."""
    _worksheet, table = table_for_model(model)
    return [str(table.column(name).short_label) for name in names]


def _policy_documents(columns: list[PlanColumn], vocabulary: RegionVocabulary) -> ReviewTable:
    """Ws 1's documents by entry of the region's vocabulary (``comparisons.policy_documents``): in each category the
    confirmed entries first; a municipality naming a document only by a suggested grouping is marked "(suggested)";
    what the coordinator marked "not a plan entry" is left out."""
    suggested = _("suggested")
    rows = [
        [
            str(PolicyCategory(category).label),
            row.label,
            ", ".join(
                f"{column.label} ({suggested})" if cell.only_suggested else column.label
                for column, cell in zip(columns, row.cells, strict=True)
                if not cell.is_empty
            ),
        ]
        for category, row in policy_documents(columns, vocabulary)
    ]
    return ReviewTable(
        _("Policy documents and legal acts named in the plans"),
        [*_headers(PolicyDocument, ("category", "title")), _("Municipalities naming it")],
        rows,
        [26, 80, 40],
    )


def _indicators(columns: list[PlanColumn]) -> ReviewTable:
    labels = {c.plan_id: c.label for c in columns}
    names = ("indicator", "target", "data_method")
    order = {c.plan_id: index for index, c in enumerate(columns)}
    ordered = sorted(plan_entries(Indicator, columns, *names), key=lambda r: order[r[0]])
    return ReviewTable(
        _("Measurable indicators"),
        [_("Municipality"), *_headers(Indicator, names)],
        [[labels[p], clean(i), t.strip(), m.strip()] for p, i, t, m in ordered if not is_empty(i)],
        [24, 60, 40, 36],
    )


def _frequent_risks(comparison: Comparison) -> ReviewTable:
    header = _headers(Risk, ("factor", "level", "preventive_measures"))
    rows = sorted(comparison.rows, key=lambda row: (-row.named_by, not row.standard))
    frequent = [row for row in rows if row.named_by >= min(2, len(comparison.columns))][:FREQUENT_RISKS]
    table_rows = []
    for row in frequent:
        levels, measures = [], []
        for column, cell in zip(comparison.columns, row.cells, strict=True):
            if cell.is_empty:
                continue
            levels.append(f"{column.label}: {cell.level_label or '—'}")
            named = "; ".join(item.detail for item in cell.items if not is_empty(item.detail))
            if named:
                measures.append(f"{column.label}: {named}")
        table_rows.append([row.label, row.named_by, "\n".join(levels), "\n".join(measures)])
    return ReviewTable(
        _("The most frequent risks and their preventive measures"),
        [header[0], _("Plans naming it"), *header[1:]],
        table_rows,
        [30, 12, 34, 90],
    )


def _checklist(columns: list[PlanColumn], plans) -> ReviewTable:
    """The plans' yes/no answers (the registry's checklist fields: ws 9's partnership checklist)."""
    by_id = {p.pk: p for p in plans}
    checklist = [column for w in WORKSHEETS for column in w.plan_columns if column.name in CHECKLIST_FIELDS]
    header = [_("Municipality")] + [str(column.label) for column in checklist]
    rows = [
        [c.label] + [value_text(column, plan_value(c, by_id[c.plan_id], column.name)) for column in checklist]
        for c in columns
    ]
    return ReviewTable(_("Partnership checklist"), header, rows, [26] + [40] * len(checklist))


def _engagement(columns: list[PlanColumn]) -> ReviewTable:
    labels = {c.plan_id: c.label for c in columns}
    order = {c.plan_id: index for index, c in enumerate(columns)}
    names = ("activity", "target_audience", "channel", "timeline")
    ordered = sorted(plan_entries(EngagementActivity, columns, *names), key=lambda r: order[r[0]])
    return ReviewTable(
        _("Information and engagement plans"),
        [_("Municipality"), *_headers(EngagementActivity, names)],
        [[labels[p], *map(clean, texts)] for p, *texts in ordered if not is_empty(texts[0])],
        [24, 60, 30, 30, 22],
    )


def _support_given(columns: list[PlanColumn], plans) -> ReviewTable:
    by_id = {p.pk: p for p in plans}
    return ReviewTable(
        _("Support already given to social enterprises or innovators"),
        [_("Municipality"), _("Support already given")],
        [
            [c.label, text]
            for c in columns
            if (text := (plan_value(c, by_id[c.plan_id], "support_given") or "").strip())
        ],
        [26, 110],
    )


# --- evidence tables added by other apps ---------------------------------------------------------------------

EvidenceProvider = Callable[[list[PlanColumn], list], "ReviewTable | None"]
EVIDENCE_PROVIDERS: list[tuple[int, EvidenceProvider]] = []
_REVIEW_FIGURES: ContextVar[dict | None] = ContextVar("review_figures", default=None)


def once_per_review(key: str, compute: Callable[[], object]) -> object:
    """``compute()``, computed once per review being assembled (``regional_review``) and shared by every table asking
    for the same ``key`` (e.g. two evidence providers reading the same figures); outside a review being assembled,
    ``compute()`` each time."""
    figures = _REVIEW_FIGURES.get()
    if figures is None:
        return compute()
    if key not in figures:
        figures[key] = compute()
    return figures[key]


def add_evidence(section: int, provider: EvidenceProvider) -> None:
    """Have ``provider`` add an evidence table to section ``section`` (1–6, ``SECTION_TITLES``) of every review, after
    the section's own tables, in the order of the calls (a provider added twice counts once).

    The way for an app that ``worksheets`` must not import (``indicators``: its core indicators and their values) to
    put its tables in the review: call this from its ``AppConfig.ready()``, e.g.
    ``add_evidence(1, context_figures)``. ``provider(columns, plans)`` gets the review's ``PlanColumn``s and plans
    (``ActionPlan``s, same order) and returns a ``ReviewTable``, or ``None`` when it has nothing to show; it runs a
    fixed number of queries whatever the number of plans. Raises ``ValueError`` for a section that does not exist."""
    if section not in SECTION_TITLES:
        raise ValueError(f"No review section {section}")
    if (section, provider) not in EVIDENCE_PROVIDERS:
        EVIDENCE_PROVIDERS.append((section, provider))


def regional_review(region, plans) -> RegionalReview:
    """The review of the given plans of the region (the coordinator chooses which, like the comparisons); each
    section's own tables, then those of ``EVIDENCE_PROVIDERS``. The officers' working notes the coordinator marked as
    not for the review (``ReviewExclusion``) are left out of every table, and the first table says how many."""
    left_out = exclusions_of([p.pk for p in plans])
    token = _REVIEW_FIGURES.set({})
    try:
        with leaving_out(left_out):
            review = _assemble_review(region, plans)
    finally:
        _REVIEW_FIGURES.reset(token)
    if left_out and review.sections:
        count = sum(len(notes) for notes in left_out.values())
        review.sections[0].tables[0].note = ngettext(
            "%(count)s working note of the officers is left out of this review (marked by the coordinator).",
            "%(count)s working notes of the officers are left out of this review (marked by the coordinator).",
            count,
        ) % {"count": count}
    return review


def _assemble_review(region, plans) -> RegionalReview:
    columns = plan_columns(plans)
    vocabulary = RegionVocabulary.load(region) if columns else None  # once for every comparison of the review
    comparisons = {
        key: compare(spec, plans, columns=columns, vocabulary=vocabulary) for key, spec in BY_KEY.items() if columns
    }
    sections: list[ReviewSection] = []

    def section(number: int, tables: list[ReviewTable]) -> None:
        tables += [
            t for n, provider in EVIDENCE_PROVIDERS if n == number and (t := provider(columns, plans)) is not None
        ]
        sections.append(ReviewSection(number, str(SECTION_TITLES[number]), str(SECTION_GUIDANCE[number]), tables))

    if columns:
        section(1, [_figures(columns, plans)])
        section(
            2,
            [
                _policy_documents(columns, vocabulary),
                evidence.policy_references(columns, plans),
                _summary(comparisons["partnerships"], _("Cooperation models by type"), _("Partners and results")),
            ],
        )
        section(
            3,
            [
                _summary(comparisons["target-groups"], _("Target groups and unmet needs"), _("Unmet needs")),
                _summary(comparisons["resources"], _("Resources by type"), _("Resources and their holders")),
                _support_given(columns, plans),
            ],
        )
        section(
            4,
            [
                evidence.goals_and_tasks(columns, plans),
                _summary(comparisons["activities"], _("Activities by action group"), _("Activities")),
                _summary(comparisons["funding"], _("Funding sources"), _("Activities")),
            ],
        )
        section(
            5,
            [
                _indicators(columns),
                _frequent_risks(comparisons["risks"]),
                evidence.risk_summary(columns, plans, heat_map=comparisons["risks"].rows),
            ],
        )
        section(6, [_checklist(columns, plans), _engagement(columns)])
    return RegionalReview(
        region=region,
        columns=columns,
        sections=sections,
        generated_at=timezone.localtime(),
        includes_unapproved=any(c.status not in ADOPTED_STATUSES for c in columns),
    )


def review_pdf(review: RegionalReview) -> bytes:
    """The review as a PDF (``templates/worksheets/regional/review_pdf.html``)."""
    return render_pdf(document_html("worksheets/regional/review_pdf.html", {"review": review}))


def review_filename(review: RegionalReview, extension: str) -> str:
    """A download's name, ``<region slug>-regional-review-<YYYY-MM-DD>.<extension>``, dated the day the review was
    made."""
    return f"{review.region.slug}-regional-review-{review.generated_at:%Y-%m-%d}.{extension}"
