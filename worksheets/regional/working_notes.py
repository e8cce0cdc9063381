"""Officers' working notes in the plans ("Altum?", "visticamāk?", "(?)", "??? Par cik???"): found, suggested to the
region's coordinator, and left out of the regional review once the coordinator marks them (``ReviewExclusion``).

Suggestions are read from the texts as the review reads them (``review_cells``: each plan as it is now, a plan being
revised as its published version, whose rows keep their ids), never stored: a note the coordinator confirms becomes a
``ReviewExclusion``. Beyond the suggestions, the coordinator finds any text in the plans (``find_in_cells``, by the
language's collation) and leaves out a whole cell or one of its lines the same way. While the review is assembled
(``leaving_out``), ``comparisons.plan_entries`` passes every row it reads, stored now or kept in a version, through
``without_notes``, so each table of the review prints the cell without the note; the plan itself, its PDF and the
comparison pages keep the text as typed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import icu
from django.db import models

from ..models import ReviewExclusion
from ..numbering import row_numbers
from ..registry import ALL_TABLES, table_for_model

# What marks a working note (measured on the six Zemgale plans, fixtures/plans: 9 notes in 9 cells of two plans, see
# tests/test_review_evidence.py): a cell that is only "?"; "(?)"; runs of question marks with what they enclose ("??? Par cik???", "??");
# the words "visticamāk" (most likely) and "jāprecizē" (to be checked), with the rest of their clause; and a short
# phrase ending in "?" at the start of a cell or of a list item ("Altum?", "LPS dokumentos?"), unless a quotation mark
# closes it (the title of a seminar: "“Kas ir sociālā inovācija?”").
NOTE_PATTERNS = (
    re.compile(r"^\s*\?\s*$"),
    re.compile(r"\(\s*\?+\s*\)"),
    re.compile(r"\?{2,}(?:[^?\n]{0,40}\?{2,})?"),
    re.compile(r"(?i)\b(?:visticamāk|jāprecizē)\b[^,;.\n]*"),
    re.compile(r"(?:(?<=^)|(?<=[,;\n•]))[ \t]*([^,;\n?“”\"«»]{1,40}\?)(?![”\"»\w?])", re.MULTILINE),
)

MAX_NOTE = 300  # characters: a note longer than that is not a working note but text
# characters: the longest line of a cell the coordinator may leave out alone (else the whole cell); it keeps the unique
# index over ``ReviewExclusion.text`` within PostgreSQL's limit for an index entry (2,704 bytes; UTF-8 takes at most 4
# bytes a character)
MAX_LEFT_OUT = 600


@dataclass(frozen=True)
class CellNote:
    """A working note in a cell: plan, table (registry key), row, field, and the note as it stands in the cell ("" for
    the whole cell); ``cell`` is the cell's whole text, for showing the note in context."""

    plan_id: int
    table: str
    row_id: int
    field: str
    text: str
    cell: str = ""

    @property
    def key(self) -> tuple[int, str, int, str, str]:
        return (self.plan_id, self.table, self.row_id, self.field, self.text)


def notes_in(text: str) -> list[str]:
    """The working notes in a cell's text, in order of appearance, each once (``NOTE_PATTERNS``), e.g.
    ``notes_in("Pašvaldības budžets, ZPR, Altum?") == ["Altum?"]``; ``[]`` for none."""
    found: list[tuple[int, str]] = []
    for pattern in NOTE_PATTERNS:
        for match in pattern.finditer(text):
            group = match.lastindex or 0
            note = match.group(group).strip()
            start = match.start(group)
            if note and not any(start < s + len(n) and s < start + len(note) for s, n in found):
                found.append((start, note))
    return [note for _start, note in sorted(found)]


def without_notes(text: str, notes: list[str]) -> str:
    """``text`` without the given notes ("" among them: the whole cell; a note that is a whole line of the cell: that
    line), and without the separator each leaves behind (a comma, semicolon or dash at the end of a line or before
    another separator). ``without_notes("Pašvaldības budžets, ZPR, Altum?", ["Altum?"]) == "Pašvaldības budžets,
    ZPR"``."""
    if "" in notes:
        return ""
    for note in notes:
        lines = text.split("\n")
        if len(lines) > 1 and any(line.strip() == note.strip() for line in lines):
            text = "\n".join(line for line in lines if line.strip() != note.strip())
        else:
            text = text.replace(note, "")
    text = re.sub(r"[ \t]*[,;][ \t]*(?=[,;]|$)", "", text, flags=re.MULTILINE)
    text = re.sub(r"[ \t]*[-–—][ \t]*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"^([ \t]*[•●\-–]?[ \t]*)[,;][ \t]*", r"\1", text, flags=re.MULTILINE)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _text_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField)]


TABLES = {table.key: table for _worksheet, table in ALL_TABLES}


def note_fields(table_key: str) -> list[str]:
    """The text fields of a table (registry key) a note can be in; ``[]`` for an unknown table."""
    table = TABLES.get(table_key)
    return _text_fields(table.model) if table else []


@dataclass(frozen=True)
class ReviewCell:
    """A text cell as the regional review reads it: plan, table (registry key), row id, the row's number in the plan
    ("3", "1.2"), field and text."""

    plan_id: int
    table: str
    row_id: int
    number: str
    field: str
    text: str


def _stored_table(content: dict, worksheet_number: int, key: str) -> dict | None:
    """A table as a version's ``content`` keeps it (``exports.data.snapshot``), None when the version has none."""
    stored = next((w for w in content.get("worksheets", []) if w.get("number") == worksheet_number), None)
    return next((t for t in (stored or {}).get("tables", []) if t.get("key") == key), None)


def review_cells(columns) -> Iterator[ReviewCell]:
    """Every non-empty text cell of the review's plans (``comparisons.PlanColumn``s), as the review reads them: a plan
    compared as its published version (``PlanColumn.content``) from that version, which keeps its rows' ids; every
    other plan from its rows now. Table by table in the registry's order, then plan by plan (by id), rows in each
    plan's order, fields in the table's order. One query per table, whatever the number of plans."""
    live = [c.plan_id for c in columns if c.content is None]
    versions = sorted((c.plan_id, c.content) for c in columns if c.content is not None)
    numbers: dict[str, dict[int, str]] = {}  # table key → {row id: number}, for the tables numbered under a parent
    for worksheet, table in ALL_TABLES:
        cells: dict[int, list[ReviewCell]] = defaultdict(list)
        if live:
            for cell in _live_cells(table, live, numbers):
                cells[cell.plan_id].append(cell)
        for plan_id, content in versions:
            stored = _stored_table(content, worksheet.number, table.key)
            if stored is None:
                continue
            index = {name: i for i, name in enumerate(stored["columns"])}
            names = _text_fields(table.model)
            for row in stored["rows"]:
                cells[plan_id] += [
                    ReviewCell(plan_id, table.key, row["id"], row.get("number", ""), name, row["cells"][index[name]])
                    for name in names
                    if name in index and row.get("id") is not None and row["cells"][index[name]]
                ]
        for plan_id in sorted(cells):
            yield from cells[plan_id]


def _live_cells(table, plan_ids: list[int], numbers: dict[str, dict[int, str]]) -> list[ReviewCell]:
    """The text cells of ``table``'s rows of the plans ``plan_ids`` as they are now, numbered as the plans number them
    (``numbering.row_numbers``; a table numbered under a parent reads its parents' numbers from ``numbers`` and adds
    its own). One query."""
    names = _text_fields(table.model)
    parent = table.model._meta.get_field(table.parent).attname if table.parent else None
    parents = numbers.get(table.parent_table.key, {}) if parent else {}
    rows = list(
        table.model.objects.filter(plan_id__in=plan_ids)
        .order_by("plan_id", "position", "id")
        .values("id", "plan_id", *names, *([parent] if parent else []))
    )
    if parent:  # in order under each parent, as the plan numbers them (``numbering.Numbering``)
        rows.sort(key=lambda r: (r["plan_id"], _sortable(parents.get(r[parent]))))
    by_plan: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_plan[row["plan_id"]].append(row)
    own = numbers.setdefault(table.key, {})
    cells = []
    for plan_id, plan_rows in by_plan.items():
        for row, number in zip(plan_rows, row_numbers(table, plan_rows, lambda r: parents.get(r[parent])), strict=True):
            own[row["id"]] = number
            cells += [ReviewCell(plan_id, table.key, row["id"], number, name, row[name]) for name in names if row[name]]
    return cells


def _sortable(number: str | None) -> tuple:
    return tuple(int(part) for part in number.split(".")) if number else (10**9,)


def review_cell_text(plan, table_key: str, row_id: int, name: str) -> str | None:
    """The text of one cell as the review reads it (``review_cells``): for a plan being revised, from its published
    version, else from the row now (one query); None when that plan has no such row or ``name`` is not one of the
    table's text fields."""
    if name not in note_fields(table_key):
        return None
    table = TABLES[table_key]
    if plan.in_revision and plan.published_version_id:
        worksheet, _table = table_for_model(table.model)
        stored = _stored_table(plan.published_version.content, worksheet.number, table_key)
        row = next((r for r in (stored or {}).get("rows", []) if r.get("id") == row_id), None)
        if row is None:
            return None
        index = {column: i for i, column in enumerate(stored["columns"])}
        return row["cells"][index[name]] if name in index else ""
    return table.model.objects.filter(pk=row_id, plan=plan).values_list(name, flat=True).first()


def suggested_notes(cells: Iterable[ReviewCell]) -> list[CellNote]:
    """Every working note (``notes_in``, at most ``MAX_NOTE`` characters) in ``cells`` (``review_cells``), in their
    order."""
    return [
        CellNote(cell.plan_id, cell.table, cell.row_id, cell.field, note, cell.text)
        for cell in cells
        for note in notes_in(cell.text)
        if len(note) <= MAX_NOTE
    ]


# --- finding text in the plans, as a reader of the region's language would ---------------------------------------

MIN_QUERY = 2  # characters
MAX_QUERY = 100  # characters


@dataclass(frozen=True)
class FoundLine:
    """One line of a found cell, as ``(text, is_match)`` parts in order (the matches to be highlighted), and the line
    as it stands in the cell (what leaving out only this line leaves out)."""

    parts: tuple[tuple[str, bool], ...]
    text: str

    @property
    def has_match(self) -> bool:
        return any(is_match for _text, is_match in self.parts)


@dataclass(frozen=True)
class FoundCell:
    """A cell (``ReviewCell``) in which the text was found, line by line (``FoundLine``)."""

    cell: ReviewCell
    lines: tuple[FoundLine, ...]

    @property
    def has_lines(self) -> bool:
        """Whether the cell has more than one line, each of which may be left out on its own."""
        return len(self.lines) > 1


def _matches(searcher, text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each match in ``text`` (Python indexes; ICU counts UTF-16 units)."""
    searcher.setText(text)
    spans = []
    position = searcher.first()
    while position != -1:
        spans.append((position, position + searcher.getMatchedLength()))
        position = searcher.nextMatch()
    if spans and any(ord(char) > 0xFFFF for char in text):  # a character beyond the BMP counts twice in UTF-16
        units = [0]
        for char in text:
            units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
        index = {unit: i for i, unit in enumerate(units)}
        spans = [(index[start], index[end]) for start, end in spans if start in index and end in index]
    return spans


def _found_lines(text: str, spans: list[tuple[int, int]]) -> tuple[FoundLine, ...]:
    lines = []
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        parts, at = [], offset
        for start, stop in spans:
            if start >= offset and stop <= end:
                if start > at:
                    parts.append((text[at:start], False))
                parts.append((text[start:stop], True))
                at = stop
        if at < end or not parts:
            parts.append((text[at:end], False))
        if line.strip():
            lines.append(FoundLine(tuple(parts), line.strip()))
        offset = end + 1
    return tuple(lines)


def find_in_cells(cells: Iterable[ReviewCell], query: str, languages: dict[int, str], limit: int) -> list[FoundCell]:
    """The cells (``review_cells``) in which ``query`` occurs as a reader of the plan's language (``languages``:
    plan id → "lv", "lt") would find it: ICU's collation at primary strength, so case and the marks that are no letters
    of their own (ā, ē, ī, ū in Latvian; ą, ę, ė, į, ų, ū in Lithuanian) do not matter ("altum" finds "ALTUM",
    "visticamak" finds "visticamāk"), while č, š, ž stay letters of their own; in their order, at most ``limit``.
    Raises ``ValueError`` for an empty ``query``."""
    if not query:
        raise ValueError("Nothing to find")
    searchers = {}
    found = []
    for cell in cells:
        language = languages.get(cell.plan_id, "lv")
        if language not in searchers:
            collator = icu.Collator.createInstance(icu.Locale(language))
            collator.setStrength(icu.Collator.PRIMARY)
            searchers[language] = icu.StringSearch(query, " ", collator)
        spans = _matches(searchers[language], cell.text)
        if spans:
            found.append(FoundCell(cell, _found_lines(cell.text, spans)))
            if len(found) >= limit:
                break
    return found


# --- leaving the marked notes out while the review is assembled ----------------------------------------------------

_LEFT_OUT: ContextVar[dict | None] = ContextVar("left_out_notes", default=None)
_MODEL_TABLES = {table.model: table.key for _worksheet, table in ALL_TABLES}


def exclusions_of(plan_ids: list[int]) -> dict[tuple[str, int, str], list[str]]:
    """The notes marked as not for the review in the given plans: ``{(table key, row id, field): [note, …]}`` (one
    query)."""
    left_out: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for table, row_id, name, text in ReviewExclusion.objects.filter(plan_id__in=plan_ids).values_list(
        "table", "row_id", "field", "text"
    ):
        left_out[(table, row_id, name)].append(text)
    return dict(left_out)


@contextmanager
def leaving_out(left_out: dict[tuple[str, int, str], list[str]]) -> Iterator[None]:
    """Within the block, ``apply_exclusions`` leaves out ``left_out`` (``exclusions_of``) from the rows read."""
    token = _LEFT_OUT.set(left_out)
    try:
        yield
    finally:
        _LEFT_OUT.reset(token)


def apply_exclusions(model: type[models.Model], row_id: int, names: tuple[str, ...], values: tuple) -> tuple:
    """``values`` (the row's ``names`` fields, in order) with the notes marked for this row left out, inside
    ``leaving_out``; elsewhere, or for a row without marked notes, ``values`` unchanged."""
    left_out = _LEFT_OUT.get()
    if not left_out:
        return values
    table = _MODEL_TABLES.get(model)
    return tuple(
        without_notes(value, notes)
        if isinstance(value, str) and (notes := left_out.get((table, row_id, name)))
        else value
        for name, value in zip(names, values, strict=True)
    )
