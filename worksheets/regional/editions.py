"""Editions of the regional review (``RegionalReviewEdition``): creating one, saving the coordinators' text merged cell
by cell with what colleagues saved meanwhile, issuing it (its figures frozen as a JSON snapshot), and the review as a
document (PDF, Excel, HTML) from the live figures of a draft or the frozen ones of an issued edition.

Issuing publishes the edition's text and frozen figures on the region's public page, so it is refused while the
edition covers a plan that is not adopted (approved or published: ``ADOPTED_STATUSES``); the public never sees a draft.
An issued edition can be corrected: a new draft of the same region and year with the next edition number, which
supersedes it once issued. An issued edition's PDF and workbook are made once and kept in the default storage
(``issued_file``).

The coordinator's text is Markdown (paragraphs, lists, emphasis, headings, links), rendered by ``markdown`` and
sanitised by ``nh3`` down to ``ALLOWED_TAGS``: whatever is typed, no script, event handler or ``javascript:`` link
reaches a page or a PDF. Its headings ("# Ievads") sit below the heading of the section that holds the text, on the
page and in the tagged PDF alike (``render_text``'s ``top_heading``).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

import markdown
import nh3
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown.treeprocessors import Treeprocessor

from seimpact.lib.collation import sort_key
from seimpact.lib.excel import workbook_bytes
from seimpact.lib.merge import CellConflict, changed_since_base, merge_row, stored_values
from seimpact.lib.pdf import document_html, render_pdf, watermark_image

from ..models import (
    ADOPTED_STATUSES,
    ActionPlan,
    EditionStatus,
    FindingKind,
    RegionalReviewEdition,
    ReviewFinding,
    ReviewRecommendation,
    ReviewSource,
)
from ..models.regional import SECTION_TEXT_FIELDS, TEXT_FIELDS
from .comparisons import ComparisonFilter, PlanColumn, chosen_plans, region_plans
from .excel import review_workbook
from .review import SECTION_GUIDANCE, SECTION_TITLES, RegionalReview, ReviewSection, ReviewTable, regional_review

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "br", "h3", "h4", "h5", "h6", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

EDITED_FIELDS = ("title", *TEXT_FIELDS)  # the edition's own fields a save merges

# The edition's lists: name → (row model, the fields a row form edits).
ROW_LISTS = {
    "recommendations": (ReviewRecommendation, ("position", "text")),
    "findings": (ReviewFinding, ("position", "kind", "text")),
    "sources": (ReviewSource, ("position", "text", "url")),
}


SECTION_HEADING = 3  # the level of a section text's first headings: the section's own heading is an h2
ITEM_HEADING = 4  # in a recommendation, a strength or a challenge: their lists sit under an h3


class _HeadingLevels(Treeprocessor):
    """Moves the headings of a text below the heading that holds it: the heading levels the text uses, shallowest
    first, become ``top`` (3–6), ``top`` + 1 and so on (no level skipped), at most h6."""

    def __init__(self, md, top: int):
        super().__init__(md)
        self.top = top

    def run(self, root):
        headings = [element for element in root.iter() if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
        if not headings:
            return
        used = sorted({element.tag for element in headings})
        for element in headings:
            element.tag = f"h{min(self.top + used.index(element.tag), 6)}"


def render_text(text: str, *, top_heading: int = SECTION_HEADING) -> SafeString:
    """The coordinator's Markdown ``text`` as safe HTML: paragraphs, lists, emphasis, links (http, https, mailto;
    ``rel="noopener noreferrer"``), line breaks and headings; any other markup (raw HTML included) is removed and its
    text kept escaped. "" for an empty text.

    Headings go below the heading of the place that holds the text: the text's shallowest heading ("# Ievads", or
    "## Ievads" when it has no "#") becomes an h``top_heading`` (3–6), each deeper level it uses the next one ("## "
    under "# " an h4 when ``top_heading`` is 3; "#### " under "## " too), at most h6."""
    if not (text or "").strip():
        return mark_safe("")
    converter = markdown.Markdown(output_format="html")
    converter.treeprocessors.register(_HeadingLevels(converter, top_heading), "heading_levels", 5)
    html = converter.convert(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308  sanitised by nh3 just above


class EditionExists(Exception):
    """The region already has an edition for that year (``existing``: its latest, a draft or issued), or a draft
    correction of it is being written."""

    def __init__(self, existing: RegionalReviewEdition | None = None):
        super().__init__("the region has an edition of its review for this year")
        self.existing = existing


class EditionIssued(Exception):
    """The edition is issued: its text and figures are frozen."""


class EditionCoversUnadoptedPlans(Exception):
    """Issuing would publish plans that are not adopted (``plans``: neither approved nor published, e.g. drafts,
    submitted plans or a revision in preparation); nothing was issued."""

    def __init__(self, plans: list):
        super().__init__(f"{len(plans)} plans are not adopted")
        self.plans = plans


def _latest_of_year(region, year: int) -> RegionalReviewEdition | None:
    return RegionalReviewEdition.objects.filter(region=region, year=year).order_by("-number").first()


def _set_plans(edition: RegionalReviewEdition, plans, user) -> None:
    """Set the edition's plans and write one history record of it (the plans are part of its history)."""
    edition.skip_history_when_saving = True
    try:
        edition.plans.set(plans)
    finally:
        del edition.skip_history_when_saving
    edition._history_user = user
    edition.save()


def default_plans(region) -> list:
    """The plans a new edition reviews by default: each municipality's plan in force (as the comparisons' default
    filter), drafts included (``chosen_plans``)."""
    return chosen_plans(region_plans(region, published_only=False), ComparisonFilter())


@transaction.atomic
def edition_create(
    *, region, year: int, title: str, user, plans=None, based_on: RegionalReviewEdition | None = None
) -> RegionalReviewEdition:
    """A new draft edition of ``region``'s review for ``year`` reviewing ``plans`` (by default ``default_plans``),
    its texts and lists copied from ``based_on`` (an earlier edition of the region) when given.

    Raises ``EditionExists`` when the region has an edition for ``year`` (an issued one is corrected with
    ``edition_correct``)."""
    existing = _latest_of_year(region, year)
    if existing is not None:
        raise EditionExists(existing)
    return _new_draft(
        region=region,
        year=year,
        number=1,
        title=title,
        user=user,
        plans=default_plans(region) if plans is None else plans,
        based_on=based_on,
    )


@transaction.atomic
def edition_correct(*, edition: RegionalReviewEdition, user) -> RegionalReviewEdition:
    """A corrected re-issue of the issued ``edition``: a new draft of the same region and year with the next edition
    number, its title, texts, lists and plans copied; once issued it supersedes ``edition`` on the public page.

    Raises ``EditionExists`` (``existing``: that draft) when a draft of the year is being written already, and
    ``ValueError`` for an edition not issued."""
    if not edition.is_issued:
        raise ValueError("only an issued edition is corrected")
    draft = RegionalReviewEdition.objects.filter(
        region=edition.region, year=edition.year, status=EditionStatus.DRAFT
    ).first()
    if draft is not None:
        raise EditionExists(draft)
    last = RegionalReviewEdition.objects.filter(region=edition.region, year=edition.year).aggregate(Max("number"))
    return _new_draft(
        region=edition.region,
        year=edition.year,
        number=(last["number__max"] or 0) + 1,
        title=edition.title,
        user=user,
        plans=list(edition.plans.all()),
        based_on=edition,
    )


def _new_draft(*, region, year: int, number: int, title: str, user, plans, based_on) -> RegionalReviewEdition:
    edition = RegionalReviewEdition(
        region=region, year=year, number=number, title=title, created_by=user, updated_by=user
    )
    if based_on is not None:
        for name in TEXT_FIELDS:
            setattr(edition, name, getattr(based_on, name))
        edition.based_on = based_on
    edition.skip_history_when_saving = True  # one history record below, with the plans
    try:
        with transaction.atomic():
            edition.save()
    except IntegrityError:  # created by a colleague at the same moment
        raise EditionExists(_latest_of_year(region, year)) from None
    finally:
        del edition.skip_history_when_saving
    _set_plans(edition, plans, user)
    if based_on is not None:
        for name, (model, names) in ROW_LISTS.items():
            for row in getattr(based_on, name).all():
                copy = model(edition=edition, **{n: getattr(row, n) for n in names})
                copy._history_user = user
                copy.save()
    return edition


@dataclass
class RowEdit:
    """A submitted row of one of the edition's lists: its id (``None`` for a new row), the values of its fields, the
    digests it was loaded with (``seimpact.lib.merge``; ``None`` when the page sent none) and whether it is to be
    deleted."""

    id: int | None
    values: dict
    base: dict | None = None
    delete: bool = False


@dataclass
class RowListConflict:
    """A row of a list that collides with a colleague's save: ``cells`` both changed differently, or the row was
    deleted by the colleague (``deleted_by_colleague``) or changed by them while this author deletes it
    (``changed_by_colleague``)."""

    list_name: str
    row_id: int
    cells: list[CellConflict] = field(default_factory=list)
    deleted_by_colleague: bool = False
    changed_by_colleague: bool = False


class EditionConflict(Exception):
    """Changes of this author and of a colleague collide; nothing was saved. ``cells``: the edition's texts both
    changed (``CellConflict``, ``by``/``at`` from its history); ``rows``: ``RowListConflict`` per row; ``edition``:
    the edition as stored now."""

    def __init__(self, edition, cells: list[CellConflict], rows: list[RowListConflict]):
        super().__init__(f"{len(cells)} texts and {len(rows)} rows collide")
        self.edition = edition
        self.cells = cells
        self.rows = rows


@dataclass(frozen=True)
class EditionSaveResult:
    """A save: the edition's revision after it, whether it wrote anything, and how many places a colleague had
    changed meanwhile that it kept."""

    revision: int
    wrote: bool
    kept: int = 0


def _merge_list(name: str, edits: list[RowEdit], stale: bool, conflicts: list, plan: dict, edition) -> int:
    """Merge one list's submitted rows with the stored ones into ``plan`` (``updates``, ``creates``, ``deletes``);
    conflicts are appended to ``conflicts``. Returns how many cells of colleagues it kept."""
    model, names = ROW_LISTS[name]
    stored = {row.pk: row for row in model.objects.filter(edition=edition)}
    kept = 0
    for edit in edits:
        base = {} if edit.base is None and stale else edit.base
        if edit.id is None:
            if not edit.delete and (edit.values.get("text") or "").strip():
                plan["creates"].append((model, edit.values))
            continue
        row = stored.get(edit.id)
        if row is None:  # deleted by a colleague meanwhile
            if not edit.delete and changed_since_base(edit.values, base or None):
                conflicts.append(RowListConflict(name, edit.id, deleted_by_colleague=True))
            continue
        current = stored_values(row, names)
        if edit.delete:
            if base == {} or changed_since_base(current, base):
                conflicts.append(RowListConflict(name, edit.id, changed_by_colleague=True))
            else:
                plan["deletes"].append(row)
            continue
        merged = merge_row(edit.values, current, base)
        kept += len(merged.theirs)
        if merged.conflicts:
            conflicts.append(RowListConflict(name, edit.id, cells=merged.conflicts))
        elif merged.writes:
            plan["updates"].append((row, merged.writes))
    return kept


def _attribute(edition, cells: list[CellConflict]) -> list[CellConflict]:
    """``cells`` with who last changed the edition, and when (from its history)."""
    record = edition.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if record is None:
        return cells
    return [CellConflict(c.name, c.theirs, record.history_user, record.history_date) for c in cells]


@transaction.atomic
def edition_save(
    *,
    edition: RegionalReviewEdition,
    texts: dict,
    base: dict | None,
    revision: int,
    lists: dict[str, list[RowEdit]],
    user,
) -> EditionSaveResult:
    """Save a draft edition's texts (``{name: text}`` of ``EDITED_FIELDS``) and its lists (``{list name: [RowEdit,
    …]}`` of ``ROW_LISTS``), merged cell by cell with what colleagues saved since the page was loaded, or nothing.

    ``base``: the digests of the texts as the page was loaded (``None``: the page sent none; then the stored texts
    are the base if ``revision`` is the edition's current revision, else every difference is a conflict). Two
    coordinators who changed different texts or rows both keep theirs; the same text changed differently by both
    raises ``EditionConflict``. Raises ``EditionIssued`` for an issued edition. A save that changes nothing writes
    nothing (no history, no new revision)."""
    locked = RegionalReviewEdition.objects.select_for_update().get(pk=edition.pk)
    if locked.is_issued:
        raise EditionIssued
    stale = locked.revision != revision
    text_base = {} if base is None and stale else base
    merged = merge_row(
        {name: texts.get(name, "") for name in EDITED_FIELDS if name in texts},
        stored_values(locked, EDITED_FIELDS),
        text_base,
    )
    row_conflicts: list[RowListConflict] = []
    plan = {"updates": [], "creates": [], "deletes": []}
    kept = len(merged.theirs)
    for name, edits in lists.items():
        kept += _merge_list(name, edits, stale, row_conflicts, plan, locked)
    if merged.conflicts or row_conflicts:
        raise EditionConflict(locked, _attribute(locked, merged.conflicts), row_conflicts)

    wrote = bool(merged.writes or plan["updates"] or plan["creates"] or plan["deletes"])
    if not wrote:
        return EditionSaveResult(revision=locked.revision, wrote=False, kept=kept)
    for row, writes in plan["updates"]:
        for name, value in writes.items():
            setattr(row, name, value)
        row._history_user = user
        row.save()
    for model, values in plan["creates"]:
        values = dict(values)
        if not values.get("position"):
            last = model.objects.filter(edition=locked).order_by("-position").values_list("position", flat=True)
            values["position"] = (last.first() or 0) + 1
        row = model(edition=locked, **values)
        row._history_user = user
        row.save()
    for row in plan["deletes"]:
        row._history_user = user
        row.delete()
    for name, value in merged.writes.items():
        setattr(locked, name, value)
    locked.revision += 1
    locked.updated_by = user
    locked._history_user = user
    if merged.writes:
        locked.save()
    else:  # only the lists changed: no history record of the edition itself
        locked.save_without_historical_record()
    return EditionSaveResult(revision=locked.revision, wrote=True, kept=kept)


# --- issuing: the figures frozen --------------------------------------------------------------------------------


def review_snapshot(review: RegionalReview) -> dict:
    """The review's figures as JSON-ready data: its plans (``columns``), sections with their tables (every field of
    ``ReviewTable``, so a table with more fields round-trips), when it was made (ISO) and whether a plan not yet
    approved was among them. ``review_from_snapshot`` reads it back."""
    return {
        "columns": [dataclasses.asdict(column) for column in review.columns],
        "sections": [
            {
                "number": section.number,
                "title": section.title,
                "guidance": section.guidance,
                "tables": [dataclasses.asdict(table) for table in section.tables],
            }
            for section in review.sections
        ],
        "generated_at": review.generated_at.isoformat(),
        "includes_unapproved": review.includes_unapproved,
    }


def _column(data: dict) -> PlanColumn | SimpleNamespace:
    names = {f.name for f in dataclasses.fields(PlanColumn)}
    if set(data) == names:
        return PlanColumn(**data)
    return SimpleNamespace(**data)  # a snapshot written when a column had other fields: read as it was


def _table(data: dict) -> ReviewTable:
    names = {f.name for f in dataclasses.fields(ReviewTable)}
    return ReviewTable(**{name: value for name, value in data.items() if name in names})


def review_from_snapshot(region, snapshot: dict) -> RegionalReview:
    """The ``RegionalReview`` frozen in ``snapshot`` (from ``review_snapshot``) of ``region``."""
    return RegionalReview(
        region=region,
        columns=[_column(column) for column in snapshot["columns"]],
        sections=[
            ReviewSection(s["number"], s["title"], s["guidance"], [_table(t) for t in s["tables"]])
            for s in snapshot["sections"]
        ],
        generated_at=timezone.localtime(datetime.fromisoformat(snapshot["generated_at"])),
        includes_unapproved=snapshot["includes_unapproved"],
    )


def live_review(edition: RegionalReviewEdition) -> RegionalReview:
    """The review of the edition's plans as they are now (the draft's evidence)."""
    plans = list(edition.plans.select_related("municipality__region"))
    language = edition.region.language
    plans.sort(key=lambda p: (sort_key(p.municipality.name, language), -p.period_start, -p.period_end))
    return regional_review(edition.region, plans)


def edition_review(edition: RegionalReviewEdition) -> RegionalReview:
    """The review's figures of the edition: frozen for an issued edition, live for a draft."""
    if edition.is_issued and edition.snapshot is not None:
        return review_from_snapshot(edition.region, edition.snapshot)
    return live_review(edition)


def unadopted_plans(edition: RegionalReviewEdition, *, lock: bool = False) -> list:
    """The edition's plans that are not adopted (status not approved or published: drafts, submitted or returned
    plans, a revision in preparation), by municipality; their rows would become public if it were issued. ``lock``:
    their rows are locked until the transaction ends (so none changes status while the edition is issued)."""
    plans = ActionPlan.objects.filter(review_editions=edition).select_related("municipality")
    if lock:
        plans = plans.select_for_update(of=("self",))
    language = edition.region.language
    unadopted = [plan for plan in plans if plan.status not in ADOPTED_STATUSES]
    return sorted(unadopted, key=lambda p: (sort_key(p.municipality.name, language), -p.period_start))


def region_plan_choices(region) -> list:
    """Every plan of ``region`` a coordinator may put in an edition, by municipality (the region's alphabetical
    order), latest period first."""
    plans = ActionPlan.objects.filter(municipality__region=region).select_related("municipality")
    return sorted(plans, key=lambda p: (sort_key(p.municipality.name, region.language), -p.period_start))


@transaction.atomic
def edition_set_plans(*, edition: RegionalReviewEdition, plans, user) -> bool:
    """Choose again the plans a draft edition covers (``plans``: plans of its region; the view's form offers only
    those). Written with its history (who, when, which plans); True when the choice changed. Raises ``EditionIssued``
    for an issued edition and ``ValueError`` for a plan of another region."""
    locked = RegionalReviewEdition.objects.select_for_update().select_related("region").get(pk=edition.pk)
    if locked.is_issued:
        raise EditionIssued
    plans = list(plans)
    if any(plan.municipality.region_id != locked.region_id for plan in plans):
        raise ValueError("a plan of another region")
    if {plan.pk for plan in plans} == set(locked.plans.values_list("pk", flat=True)):
        return False
    locked.updated_by = user
    locked.revision += 1
    _set_plans(locked, plans, user)
    return True


@transaction.atomic
def edition_issue(*, edition: RegionalReviewEdition, user) -> RegionalReviewEdition:
    """Issue a draft edition: its figures frozen (``snapshot``) as they are now, its texts read-only, the issuing
    institution recorded (the region's coordinating body, else its name); a correction supersedes the year's earlier
    editions. Raises ``EditionIssued`` when it already is, and ``EditionCoversUnadoptedPlans`` (nothing issued) while
    it covers a plan that is not adopted, so no draft content becomes public."""
    locked = RegionalReviewEdition.objects.select_for_update().select_related("region").get(pk=edition.pk)
    if locked.is_issued:
        raise EditionIssued
    unadopted = unadopted_plans(locked, lock=True)
    if unadopted:
        raise EditionCoversUnadoptedPlans(unadopted)
    locked.snapshot = review_snapshot(live_review(locked))
    locked.status = EditionStatus.ISSUED
    locked.issued_at = timezone.now()
    locked.issued_by = user
    locked.issuer = locked.region.coordinator_body or locked.region.name
    locked.updated_by = user
    locked.revision += 1
    locked._history_user = user
    locked.save()
    return locked


def superseded_by(edition: RegionalReviewEdition) -> RegionalReviewEdition | None:
    """The issued correction that replaces the issued ``edition`` (the year's latest issued edition with a higher
    number), else ``None`` (a draft is never superseded)."""
    if not edition.is_issued:
        return None
    return (
        RegionalReviewEdition.objects.filter(
            region_id=edition.region_id, year=edition.year, status=EditionStatus.ISSUED, number__gt=edition.number
        )
        .order_by("-number")
        .first()
    )


@dataclass
class IssuedYear:
    """A year of a region's issued review: the edition in force (``current``, the latest issued) and those it
    superseded (``superseded``, latest first)."""

    year: int
    current: RegionalReviewEdition
    superseded: list[RegionalReviewEdition]


def issued_years(region) -> list[IssuedYear]:
    """The region's issued editions grouped by year, latest year first (drafts are never among them)."""
    years: dict[int, list[RegionalReviewEdition]] = {}
    issued = RegionalReviewEdition.objects.filter(region=region, status=EditionStatus.ISSUED)
    for edition in issued.order_by("-year", "-number"):
        years.setdefault(edition.year, []).append(edition)
    return [IssuedYear(year, editions[0], editions[1:]) for year, editions in years.items()]


# --- the document -------------------------------------------------------------------------------------------------


@dataclass
class DocumentSection:
    """A section of the document: the review's section with the coordinator's text (safe HTML) first."""

    number: int
    title: str
    guidance: str
    text: SafeString
    tables: list[ReviewTable]


@dataclass
class EditionDocument:
    """The edition as one reads it: cover facts, sections (text, then evidence tables), conclusions, numbered
    recommendations, strengths and challenges side by side (``findings``: ``[(strength, challenge), …]``, either
    ``""`` where one column has fewer rows), sources. ``review``: the figures (frozen or live)."""

    edition: RegionalReviewEdition
    review: RegionalReview
    sections: list[DocumentSection]
    conclusions: SafeString
    recommendations: list[SafeString]
    findings: list[tuple[SafeString, SafeString]]
    sources: list[ReviewSource]

    @property
    def title(self) -> str:
        return self.edition.title

    @property
    def is_draft(self) -> bool:
        return not self.edition.is_issued


def edition_document(edition: RegionalReviewEdition, review: RegionalReview | None = None) -> EditionDocument:
    """The edition as a document (``EditionDocument``), from ``review`` or ``edition_review(edition)``."""
    review = review or edition_review(edition)
    by_number = {section.number: section for section in review.sections}
    sections = []
    for number in SECTION_TEXT_FIELDS:
        section = by_number.get(number)
        text = render_text(edition.section_text(number))
        if section is None and not text:
            continue
        sections.append(
            DocumentSection(
                number=number,
                title=section.title if section else str(SECTION_TITLES[number]),
                guidance=section.guidance if section else str(SECTION_GUIDANCE[number]),
                text=text,
                tables=section.tables if section else [],
            )
        )
    findings = edition.findings.all()
    strengths = [render_text(f.text, top_heading=ITEM_HEADING) for f in findings if f.kind == FindingKind.STRENGTH]
    challenges = [render_text(f.text, top_heading=ITEM_HEADING) for f in findings if f.kind == FindingKind.CHALLENGE]
    size = max(len(strengths), len(challenges))
    strengths += [mark_safe("")] * (size - len(strengths))
    challenges += [mark_safe("")] * (size - len(challenges))
    return EditionDocument(
        edition=edition,
        review=review,
        sections=sections,
        conclusions=render_text(edition.conclusions),
        recommendations=[render_text(r.text, top_heading=ITEM_HEADING) for r in edition.recommendations.all()],
        findings=list(zip(strengths, challenges, strict=True)),
        sources=list(edition.sources.all()),
    )


def edition_pdf(edition: RegionalReviewEdition) -> bytes:
    """The edition as a PDF (``templates/worksheets/regional/review_pdf.html``): cover, contents, each section's text
    then its tables, conclusions, recommendations, strengths and challenges, sources; a draft marked DRAFT on every
    page."""
    document = edition_document(edition)
    context = {"review": document.review, "document": document}
    if document.is_draft:
        context["watermark"] = watermark_image(_("DRAFT"))
    return render_pdf(document_html("worksheets/regional/review_pdf.html", context))


def edition_workbook(edition: RegionalReviewEdition):
    """The edition as an .xlsx workbook: the review's workbook (``review_workbook``) with the coordinator's text in
    each section's place for conclusions, and a sheet of the conclusions, recommendations, strengths and challenges
    and sources."""
    document = edition_document(edition)
    texts = {number: edition.section_text(number) for number in SECTION_TEXT_FIELDS}
    rows = [
        [_("Conclusions"), edition.conclusions],
        *[[f"{_('Recommendation')} {index}", r.text] for index, r in enumerate(edition.recommendations.all(), 1)],
        *[[str(f.get_kind_display()), f.text] for f in edition.findings.all()],
        *[[_("Source"), f"{s.text} {s.url}".strip()] for s in document.sources],
    ]
    return review_workbook(document.review, title=edition.title, section_texts=texts, closing=rows)


def edition_filename(edition: RegionalReviewEdition, extension: str) -> str:
    """A download's name: ``<region slug>-regional-review-<year>[-edition-<number>][-draft].<extension>`` (the number
    for a correction only)."""
    number = f"-edition-{edition.number}" if edition.is_correction else ""
    draft = "" if edition.is_issued else "-draft"
    return f"{edition.region.slug}-regional-review-{edition.year}{number}{draft}.{extension}"


ISSUED_FILE_FIELDS = {"pdf": "pdf_file", "xlsx": "xlsx_file"}


def issued_file(edition: RegionalReviewEdition, extension: str):
    """The issued edition's kept file (``"pdf"`` or ``"xlsx"``) in the default storage, as a ``FieldFile``: made now
    from its frozen text and figures if it is not kept yet (or no longer in the storage), then kept. Two requests at
    once may both make it; the first kept is served to both. Raises ``ValueError`` for a draft (drafts are never
    kept: they change)."""
    if not edition.is_issued:
        raise ValueError("only an issued edition's files are kept")
    name = ISSUED_FILE_FIELDS[extension]
    stored = getattr(edition, name)
    if stored and stored.storage.exists(stored.name):
        return stored
    content = edition_pdf(edition) if extension == "pdf" else workbook_bytes(edition_workbook(edition))
    with transaction.atomic():
        locked = RegionalReviewEdition.objects.select_for_update().get(pk=edition.pk)
        kept = getattr(locked, name)
        if not (kept and kept.storage.exists(kept.name)):
            kept.save(f"{uuid.uuid4().hex}/{edition_filename(edition, extension)}", ContentFile(content), save=False)
            RegionalReviewEdition.objects.filter(pk=locked.pk).update(**{name: kept.name})  # no history: not text
    setattr(edition, name, kept.name)
    return getattr(edition, name)
