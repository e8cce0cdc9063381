"""The coordinator's page of the officers' working notes in the region's plans ("Altum?", "visticamāk?"): the notes the
app suggests and those left out of the regional review, each left out or put back with one button; and a search
("find text in the region's plans") to leave out any cell, or one line of it, that the app does not suggest.

The page reads the plans as the review does (each municipality's plan in force; a plan being revised as its published
version). The region is fetched through the regions the user belongs to (an outsider gets 404); only the region's
coordinators and administrators may see or change the list (``COMPARE_REGION``; a municipal member gets 403). A note
names a plan of the region, a table of the registry, a row of that plan's table, one of its text fields and a text
that stands in the cell as the review reads it (or "" for the whole cell): anything else is a 400 with a message, an
unknown plan or row a 404. A search of fewer than ``MIN_QUERY`` or more than ``MAX_QUERY`` characters, or a page of
results that does not exist, is a 400 with a message. The page runs the same number of queries whatever the number
of plans.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from seimpact.lib.text import clean_text

from ..models import ActionPlan, ReviewExclusion
from ..regional.comparisons import ComparisonFilter, chosen_plans, plan_columns, region_plans
from ..regional.working_notes import (
    MAX_LEFT_OUT,
    MAX_QUERY,
    MIN_QUERY,
    TABLES,
    CellNote,
    find_in_cells,
    note_fields,
    review_cell_text,
    review_cells,
    suggested_notes,
)
from ..registry import table_for_model
from .regional import get_region_for

FOUND_PER_PAGE = 20  # cells
MAX_FOUND = 200  # cells: a search finding more asks for a narrower one


class SearchRefused(ValueError):
    """A search the page cannot run; the message says why, in the reader's language."""


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _where(table_key: str, field: str, number: str = "") -> dict:
    """The worksheet, row number and column label of a cell, for the page."""
    table = TABLES.get(table_key)
    if table is None:
        return {"worksheet": "", "number": number, "field_label": field}
    worksheet, _table = table_for_model(table.model)
    try:
        label = table.column(field).label
    except StopIteration:
        label = table.model._meta.get_field(field).verbose_name
    return {"worksheet": worksheet.number, "number": number, "field_label": label}


def _search_query(request) -> str | None:
    """The text searched for (``q``, normalised like every text the app reads), None when nothing was searched.
    Raises ``SearchRefused`` for a text too short or too long."""
    if "q" not in request.GET:
        return None
    query = clean_text(request.GET["q"]).strip()
    if len(query) < MIN_QUERY:
        raise SearchRefused(
            ngettext(
                "Type at least %(count)s character to search.",
                "Type at least %(count)s characters to search.",
                MIN_QUERY,
            )
            % {"count": MIN_QUERY}
        )
    if len(query) > MAX_QUERY:
        raise SearchRefused(
            ngettext("Search for at most %(count)s character.", "Search for at most %(count)s characters.", MAX_QUERY)
            % {"count": MAX_QUERY}
        )
    return query


def _page_context(region, *, query: str | None = None, page: str | None = None) -> dict:
    """What the page (and its htmx part) shows: the suggested and the left-out notes, and, for a search, the page
    ``page`` of the cells found. Raises ``SearchRefused`` for a page of results that does not exist."""
    plans = chosen_plans(region_plans(region, published_only=False), ComparisonFilter())
    by_id = {p.pk: p for p in plans}
    columns = plan_columns(plans)
    cells = list(review_cells(columns))
    marked = {
        (e.plan_id, e.table, e.row_id, e.field, e.text): e
        for e in ReviewExclusion.objects.filter(plan__in=plans).select_related("created_by")
    }
    texts = {(c.plan_id, c.table, c.row_id, c.field): c for c in cells}

    rows = []
    seen = set()
    for note in suggested_notes(cells):
        seen.add(note.key)
        rows.append(_row(by_id[note.plan_id], note, texts, marked.get(note.key), suggested=True))
    for key, exclusion in marked.items():
        if key not in seen:  # left out from a search, or the text changed since
            note = CellNote(exclusion.plan_id, exclusion.table, exclusion.row_id, exclusion.field, exclusion.text)
            rows.append(_row(by_id[exclusion.plan_id], note, texts, exclusion, suggested=False))
    order = {p.pk: i for i, p in enumerate(plans)}
    rows.sort(key=lambda r: order[r["plan"].pk])
    context = {
        "region": region,
        "rows": rows,
        "left_out": len(marked),
        "query": query or "",
        "min_query": MIN_QUERY,
        "max_query": MAX_QUERY,
    }
    if query is not None:
        languages = {c.plan_id: c.language for c in columns}
        found = find_in_cells(cells, query, languages, MAX_FOUND + 1)
        paginator = Paginator(found[:MAX_FOUND], FOUND_PER_PAGE)
        try:
            found_page = paginator.page(page or 1)
        except (PageNotAnInteger, EmptyPage):
            raise SearchRefused(_("There is no such page of results.")) from None
        context.update(
            searched=True,
            found_page=found_page,
            found=[_found(by_id[f.cell.plan_id], f, marked) for f in found_page],
            found_count=min(len(found), MAX_FOUND),
            found_capped=len(found) > MAX_FOUND,
        )
    return context


def _row(plan, note: CellNote, texts: dict, exclusion, *, suggested: bool) -> dict:
    cell = texts.get((note.plan_id, note.table, note.row_id, note.field))
    return {
        "plan": plan,
        "note": note,
        "cell": note.cell or (cell.text if cell else ""),
        **_where(note.table, note.field, cell.number if cell else ""),
        "exclusion": exclusion,
        "suggested": suggested,
    }


def _found(plan, found, marked: dict) -> dict:
    cell = found.cell
    key = (cell.plan_id, cell.table, cell.row_id, cell.field)
    return {
        "plan": plan,
        "cell": cell,
        **_where(cell.table, cell.field, cell.number),
        "exclusion": marked.get((*key, "")),
        "lines": [
            {
                "line": line,
                "exclusion": marked.get((*key, line.text)),
                "may_leave_out": found.has_lines and line.has_match and len(line.text) <= MAX_LEFT_OUT,
            }
            for line in found.lines
        ],
    }


def _render_page(request, region, *, status: int = 200, error: str = "", **search) -> object:
    try:
        context = _page_context(region, **search)
    except SearchRefused as refused:
        context, error, status = _page_context(region), str(refused), 400
        context["query"] = search.get("query") or ""
    context["error"] = error
    return render(request, "worksheets/regional/review_notes.html", context, status=status)


def review_notes(request, slug: str):
    """The working notes of the region's plans: what the app suggests leaving out of the regional review and what the
    coordinator has left out (who, when); with ``q``, the cells in which that text is found (``page``: which page of
    them)."""
    region = get_region_for(request.user, slug)
    try:
        query = _search_query(request)
    except SearchRefused as refused:
        return _render_page(request, region, status=400, error=str(refused))
    return _render_page(request, region, query=query, page=request.GET.get("page"))


def _bad(request, region, message: str):
    """A 400 that says what was wrong: the page with the message (for htmx, the message alone)."""
    if _is_htmx(request):
        return HttpResponseBadRequest(message)
    return _render_page(request, region, status=400, error=message)


@require_POST
def review_note_leave_out(request, slug: str):
    """Leave a text out of the regional review (POST ``plan``, ``table``, ``row``, ``field``, ``text``; an empty
    ``text`` is the whole cell; ``q`` and ``page``: the search to return to); leaving it out again changes nothing.
    The text must stand in the cell as the review reads it (a plan being revised: its published version) and be at
    most ``MAX_LEFT_OUT`` characters long (400 otherwise; 404 for a plan not of the region or a row not of the
    plan)."""
    region = get_region_for(request.user, slug)
    data = request.POST
    try:
        plan_id, row_id = int(data.get("plan", "")), int(data.get("row", ""))
    except ValueError:
        return _bad(request, region, _("The note is not one of the plan's cells."))
    table_key, name, text = data.get("table", ""), data.get("field", ""), data.get("text", "")
    plan = get_object_or_404(
        ActionPlan.objects.select_related("published_version"), pk=plan_id, municipality__region=region
    )
    if name not in note_fields(table_key) or len(text) > MAX_LEFT_OUT:
        return _bad(request, region, _("The note is not one of the plan's cells."))
    cell = review_cell_text(plan, table_key, row_id, name)
    if cell is None:  # no such row in the plan as the review reads it
        raise Http404
    if text not in cell:
        return _bad(request, region, _("This text is no longer in the cell: reload the page."))
    try:
        with transaction.atomic():
            ReviewExclusion.objects.get_or_create(
                plan=plan,
                table=table_key,
                row_id=row_id,
                field=name,
                text=text,
                defaults={"created_by": request.user},
            )
    except IntegrityError:  # a colleague left it out at the same moment: it is left out
        pass
    return _answer(request, region, _("The note is left out of the regional review."))


@require_POST
def review_note_put_back(request, slug: str, pk: int):
    """Put a text back into the regional review (delete its ``ReviewExclusion``; 404 for one not of the region);
    putting back a text already put back is a 404. ``q`` and ``page``: the search to return to."""
    region = get_region_for(request.user, slug)
    exclusion = get_object_or_404(ReviewExclusion, pk=pk, plan__municipality__region=region)
    exclusion.delete()
    return _answer(request, region, _("The note is in the regional review again."))


def _search_back(data) -> tuple[str | None, str | None]:
    """The search (``q``) and its page a form came from, as the page would read them; (None, None) for none or one it
    would refuse."""
    query = clean_text(data.get("q", "")).strip()
    page = data.get("page", "")
    if not MIN_QUERY <= len(query) <= MAX_QUERY:
        return None, None
    return query, page if page.isdigit() else None


def _answer(request, region, message: str):
    query, page = _search_back(request.POST)
    if _is_htmx(request):
        try:
            context = _page_context(region, query=query, page=page)
        except SearchRefused:  # the page of results is gone (fewer cells match now): the first page
            context = _page_context(region, query=query)
        context["status"] = message
        return render(request, "worksheets/regional/includes/review_notes_table.html", context)
    messages.success(request, message)
    url = reverse("worksheets:review_notes", args=[region.slug])
    if query:
        url += "?" + urlencode({"q": query, **({"page": page} if page else {})}) + "#found"
    return redirect(url)
