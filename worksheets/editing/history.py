"""What changed in a worksheet, who changed it and when, read from django-simple-history.

One query per table (plus one for the plan-level fields and one for the notes), whatever the length of the history.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..cells import CellChange, cell_changes, value_text
from ..models import ActionPlan, WorksheetNote
from ..notes import NOTE_COLUMN
from ..numbering import Numbering
from ..registry import BoundColumn, Table, Worksheet

ADDED, CHANGED, DELETED, MOVED, RESTORED = "+", "~", "-", "↕", "r"

# What happened to a row, one whole phrase per row kind (the table's key in the registry) and kind of change, so that
# each language can make the participle agree with the row's name: Latvian "dzēsta aktivitāte" but "dzēsts mērķis",
# Lithuanian "ištrinta veikla" but "ištrintas tikslas". Never glue a participle to ``verbose_name``.
ROW_EVENTS: dict[str, dict[str, str]] = {
    "documents": {
        ADDED: pgettext_lazy("history", "policy document added"),
        CHANGED: pgettext_lazy("history", "policy document changed"),
        DELETED: pgettext_lazy("history", "policy document deleted"),
        MOVED: pgettext_lazy("history", "policy document moved"),
        RESTORED: pgettext_lazy("history", "policy document restored"),
    },
    "cooperation": {
        ADDED: pgettext_lazy("history", "cooperation model added"),
        CHANGED: pgettext_lazy("history", "cooperation model changed"),
        DELETED: pgettext_lazy("history", "cooperation model deleted"),
        MOVED: pgettext_lazy("history", "cooperation model moved"),
        RESTORED: pgettext_lazy("history", "cooperation model restored"),
    },
    "data": {
        ADDED: pgettext_lazy("history", "data source added"),
        CHANGED: pgettext_lazy("history", "data source changed"),
        DELETED: pgettext_lazy("history", "data source deleted"),
        MOVED: pgettext_lazy("history", "data source moved"),
        RESTORED: pgettext_lazy("history", "data source restored"),
    },
    "needs": {
        ADDED: pgettext_lazy("history", "target group need added"),
        CHANGED: pgettext_lazy("history", "target group need changed"),
        DELETED: pgettext_lazy("history", "target group need deleted"),
        MOVED: pgettext_lazy("history", "target group need moved"),
        RESTORED: pgettext_lazy("history", "target group need restored"),
    },
    "resources": {
        ADDED: pgettext_lazy("history", "resource added"),
        CHANGED: pgettext_lazy("history", "resource changed"),
        DELETED: pgettext_lazy("history", "resource deleted"),
        MOVED: pgettext_lazy("history", "resource moved"),
        RESTORED: pgettext_lazy("history", "resource restored"),
    },
    "goals": {
        ADDED: pgettext_lazy("history", "strategic goal added"),
        CHANGED: pgettext_lazy("history", "strategic goal changed"),
        DELETED: pgettext_lazy("history", "strategic goal deleted"),
        MOVED: pgettext_lazy("history", "strategic goal moved"),
        RESTORED: pgettext_lazy("history", "strategic goal restored"),
    },
    "tasks": {
        ADDED: pgettext_lazy("history", "specific task added"),
        CHANGED: pgettext_lazy("history", "specific task changed"),
        DELETED: pgettext_lazy("history", "specific task deleted"),
        MOVED: pgettext_lazy("history", "specific task moved"),
        RESTORED: pgettext_lazy("history", "specific task restored"),
    },
    "activities": {
        ADDED: pgettext_lazy("history", "activity added"),
        CHANGED: pgettext_lazy("history", "activity changed"),
        DELETED: pgettext_lazy("history", "activity deleted"),
        MOVED: pgettext_lazy("history", "activity moved"),
        RESTORED: pgettext_lazy("history", "activity restored"),
    },
    "indicators": {
        ADDED: pgettext_lazy("history", "indicator added"),
        CHANGED: pgettext_lazy("history", "indicator changed"),
        DELETED: pgettext_lazy("history", "indicator deleted"),
        MOVED: pgettext_lazy("history", "indicator moved"),
        RESTORED: pgettext_lazy("history", "indicator restored"),
    },
    "checklist": {
        ADDED: pgettext_lazy("history", "own checklist item added"),
        CHANGED: pgettext_lazy("history", "own checklist item changed"),
        DELETED: pgettext_lazy("history", "own checklist item deleted"),
        MOVED: pgettext_lazy("history", "own checklist item moved"),
        RESTORED: pgettext_lazy("history", "own checklist item restored"),
    },
    "engagement": {
        ADDED: pgettext_lazy("history", "engagement activity added"),
        CHANGED: pgettext_lazy("history", "engagement activity changed"),
        DELETED: pgettext_lazy("history", "engagement activity deleted"),
        MOVED: pgettext_lazy("history", "engagement activity moved"),
        RESTORED: pgettext_lazy("history", "engagement activity restored"),
    },
    "risks": {
        ADDED: pgettext_lazy("history", "risk added"),
        CHANGED: pgettext_lazy("history", "risk changed"),
        DELETED: pgettext_lazy("history", "risk deleted"),
        MOVED: pgettext_lazy("history", "risk moved"),
        RESTORED: pgettext_lazy("history", "risk restored"),
    },
    "monitoring": {
        ADDED: pgettext_lazy("history", "monitoring activity added"),
        CHANGED: pgettext_lazy("history", "monitoring activity changed"),
        DELETED: pgettext_lazy("history", "monitoring activity deleted"),
        MOVED: pgettext_lazy("history", "monitoring activity moved"),
        RESTORED: pgettext_lazy("history", "monitoring activity restored"),
    },
}
# A change outside the tables, named as a whole: the plan-level fields, the worksheet's notes.
PLAN_CHANGED = pgettext_lazy("history", "plan changed")
NOTES_CHANGED = pgettext_lazy("history", "the worksheet's notes changed")
MOVE_PREFIX = "moved:"  # ``services.MOVE_REASON``: a record's change reason "moved:3:1" (from row 3 to row 1)


def _move(record) -> CellChange | None:
    """The move a record's change reason tells of (``services.MOVE_REASON``), as a change of the row number."""
    reason = getattr(record, "history_change_reason", None) or ""
    if not reason.startswith(MOVE_PREFIX):
        return None
    before, _sep, after = reason.removeprefix(MOVE_PREFIX).partition(":")
    return CellChange(str(_("row number")), before, after)


# A record keeps a link as the id of the row it pointed at, which may have been renumbered or deleted since.
_text = partial(value_text, empty="—", link_text=lambda pk: f"#{pk}")


def history_text(numbering: Numbering):
    """How the history writes a value: a goal or task linked as the row's number and text now ("1.2. Grantu
    konkurss…"), "#id" for a row deleted since (or a reference, e.g. a core indicator); everything else as
    ``value_text`` with "—" for empty."""

    def text(column: BoundColumn, value) -> str:
        if column.is_link and value not in (None, ""):
            return numbering.labels(column.linked_table).get(value, f"#{value}")
        return _text(column, value)

    return text


@dataclass
class HistoryEntry:
    """One change of a worksheet: when, by whom, which row of which table and what. ``table`` is ``None`` for a
    change outside the tables (the plan-level fields, the notes): ``row_title`` then names that part ("plan", "the
    worksheet's notes"), shown as a name, not as a row's quoted text. ``kind``: "+" added, "~" changed, "-" deleted,
    "↕" moved, "r" restored (a deleted row brought back); ``kind_label`` says it as one phrase with the row's kind."""

    date: datetime
    user: object
    kind: str
    table: Table | None
    row_id: int | None
    row_title: str
    changes: list[CellChange] = field(default_factory=list)
    restorable: bool = False
    part_event: str = ""  # for a change outside the tables: PLAN_CHANGED or NOTES_CHANGED

    @property
    def kind_label(self) -> str:
        """What happened, as one phrase that names the row's kind ("activity deleted": ``ROW_EVENTS``), or the part
        outside the tables ("plan changed", "the worksheet's notes changed")."""
        if self.table is not None:
            return str(ROW_EVENTS[self.table.key][self.kind])
        return str(self.part_event)

    @property
    def user_name(self) -> str:
        if self.user is None:
            return str(_("system"))
        return self.user.get_full_name() or self.user.get_username()


def _values(record, columns: tuple[BoundColumn, ...]) -> dict:
    """A historical record's values by column name (links as the ids they held)."""
    return {c.name: getattr(record, c.field.attname) for c in columns}


def _changes(previous, record, columns: tuple[BoundColumn, ...], text=_text) -> list[CellChange]:
    """What ``record`` changed since the ``previous`` record of the same row; nothing without one."""
    if previous is None:
        return []
    return cell_changes(columns, _values(previous, columns), _values(record, columns), text=text)


def worksheet_history(plan: ActionPlan, worksheet: Worksheet, since: datetime | None = None) -> list[HistoryEntry]:
    """Newest first. ``since`` keeps only the changes made after that moment. Links are written as the linked
    row's number and text now (``history_text``; one query per linked table)."""
    entries: list[HistoryEntry] = []
    text = history_text(Numbering(plan))
    for table in worksheet.tables:
        columns = table.bound_columns
        records = (
            table.model.history.filter(plan_id=plan.pk).select_related("history_user").order_by("id", "history_date")
        )
        existing = set(table.model.objects.filter(plan=plan).values_list("pk", flat=True))
        previous_by_id: dict[int, object] = {}
        last_by_id: dict[int, HistoryEntry] = {}
        for record in records:
            previous = previous_by_id.get(record.id)
            kind = record.history_type
            if record.history_type == "~":
                changes = _changes(previous, record, columns, text)
                move = _move(record)
                if move is not None:
                    kind = "~" if changes else "↕"
                    changes.append(move)
                if not changes:
                    previous_by_id[record.id] = record
                    continue  # a save without a change of content
            elif record.history_type == "+":
                changes = cell_changes(columns, None, _values(record, columns), text=text)
                if previous is not None:  # a deleted row brought back (``services.row_restore``)
                    kind = RESTORED
            else:
                changes = []
            entry = HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                kind=kind,
                table=table,
                row_id=record.id,
                row_title=Truncator(getattr(record, table.model.TITLE_FIELD)).chars(120),
                changes=changes,
            )
            entries.append(entry)
            last_by_id[record.id] = entry
            previous_by_id[record.id] = record
        for row_id, entry in last_by_id.items():
            entry.restorable = entry.kind == "-" and row_id not in existing
    if worksheet.plan_fields:
        columns = worksheet.plan_columns
        previous = None
        for record in plan.history.select_related("history_user").order_by("history_date"):
            changes = _changes(previous, record, columns)
            previous = record
            if changes:
                entries.append(_part_changed(record, str(_("plan")), changes, PLAN_CHANGED))
    entries += _note_entries(plan, worksheet)
    if since is not None:
        entries = [e for e in entries if e.date > since]
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries


def _part_changed(record, label: str, changes, event) -> HistoryEntry:
    """A change ("~") of a part of the worksheet outside its tables (its plan-level fields, its notes) by ``record``'s
    author at its date: ``label`` names the part, ``event`` is its whole message (``PLAN_CHANGED``, ``NOTES_CHANGED``)."""
    return HistoryEntry(record.history_date, record.history_user, CHANGED, None, None, label, changes, part_event=event)


def _note_entries(plan: ActionPlan, worksheet: Worksheet) -> list[HistoryEntry]:
    """The changes of the worksheet's notes (``WorksheetNote``), one entry per record that changed the text: one
    query. Each is a change ("~") of the worksheet's notes, also the first text written (which stores the note's
    record): the notes are part of every worksheet, not a row that is added or deleted."""
    entries = []
    previous = ""
    records = WorksheetNote.history.filter(plan_id=plan.pk, number=worksheet.number).select_related("history_user")
    for record in records.order_by("history_date", "history_id"):
        text = "" if record.history_type == "-" else record.text
        changes = cell_changes((NOTE_COLUMN,), {"text": previous}, {"text": text}, text=_text)
        previous = text
        if changes:
            entries.append(_part_changed(record, str(_("the worksheet's notes")), changes, NOTES_CHANGED))
    return entries
