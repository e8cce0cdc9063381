"""Approved versions: the exact content the council saw, kept as text, printable again and comparable.

A version holds every worksheet as the exports show it (row numbers, cell texts, links by number and
text), so its PDF is the same content whatever happens to the plan afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from django.db.models import Max
from django.utils.translation import gettext, override

from seimpact.lib.merge import moved_rows
from seimpact.lib.text import clean_text

from ..cells import CellChange, cell_changes, value_text
from ..exports.data import ExportRow, ExportTable, ExportWorksheet, snapshot
from ..models import ActionPlan, PlanVersion
from ..notes import NOTE_COLUMN
from ..registry import Worksheet


def freeze_version(*, plan: ActionPlan, user, decision_number: str = "", decision_date=None) -> PlanVersion:
    """Keep the plan's content as its next version (called inside the approval's transaction). The texts the app
    writes into the content (choice labels such as a risk level or an activity's status, yes/no) are in the plan's
    language, whatever language the approving coordinator reads the interface in."""
    last = PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
    with override(plan.municipality.language):
        content = snapshot(plan)
    return PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        approved_by=user,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        content=content,
    )


# What an officer types as a decision's number may already name it as a number: "Nr. 12/345", "nr.12", "No 5",
# "№ 5", or a reference with one inside ("prot. Nr. 12, 5. §"). "No" counts only at the start (in Latvian "no"
# is also the word "from"); "Nr" anywhere, as a word of its own.
TYPED_NUMBER_SIGN = re.compile(r"^\s*(?:no\b|n[°º]|№)|(?<!\w)nr(?![^\W\d_])", re.IGNORECASE)


def decision_number_text(number: str) -> str:
    """A council decision's number as the officer typed it, with the language's "No." ("Nr." in Latvian and
    Lithuanian) before it only when the text does not already carry one: "12/345" → "Nr. 12/345"; "Nr. 12/345",
    "Nr.12/345", "No. 5" and "prot. Nr. 3, 5. §" as typed. The stored text is never changed; "" stays ""."""
    number = number.strip()
    if not number or TYPED_NUMBER_SIGN.search(number):
        return number
    return gettext("No. %(number)s") % {"number": number}


# Comparing two versions (or a version and the plan as it is now).


@dataclass
class RowChange:
    """A row added, changed or removed between two versions: its number, its title and its changed cells."""

    number: str
    title: str
    cells: list[CellChange] = field(default_factory=list)


@dataclass
class WorksheetDiff:
    """One worksheet's differences between two versions, rows and plan-level fields."""

    worksheet: Worksheet
    added: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)
    plan_fields: list[CellChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.plan_fields)


def _as_kept(_column, text: str | None) -> str:
    """A version keeps its cells as the texts the council saw: shown as they are."""
    return text or ""


# A checklist answer is compared as a tick or a dash, like the ticked boxes of the printed plan.
_plan_field_text = partial(value_text, yes_no=("✓", "—"))


def _cells(export: ExportTable, row: ExportRow) -> dict[str, str]:
    """A row's texts by column name, normalised (``clean_text``), so a version frozen before texts were normalised
    (a browser's CRLF line breaks) compares equal to the same text now."""
    return {c.name: clean_text(text or "") for c, text in zip(export.columns, row.cells, strict=True)}


def compare(before: list[ExportWorksheet], after: list[ExportWorksheet]) -> list[WorksheetDiff]:
    """What was added, changed and removed, worksheet by worksheet (rows matched by their identity)."""
    before_by_number = {w.worksheet.number: w for w in before}
    diffs = []
    for new in after:
        old = before_by_number.get(new.worksheet.number)
        diff = WorksheetDiff(new.worksheet)
        old_tables = {t.table.key: t for t in old.tables} if old else {}
        for new_table in new.tables:
            old_table = old_tables.get(new_table.table.key)
            old_rows = {r.pk: r for r in old_table.rows} if old_table else {}
            new_ids = {r.pk for r in new_table.rows}
            # Rows renumbered only because rows were added or removed above them were not moved: only rows whose
            # place among the others changed show their number change.
            moved = moved_rows([r.pk for r in old_table.rows] if old_table else [], [r.pk for r in new_table.rows])
            for row in new_table.rows:
                previous = old_rows.get(row.pk)
                cells = _cells(new_table, row)
                if previous is None:
                    diff.added.append(
                        RowChange(row.number, row.title, cell_changes(new_table.columns, None, cells, text=_as_kept))
                    )
                    continue
                changes = cell_changes(new_table.columns, _cells(old_table, previous), cells, text=_as_kept)
                if previous.number != row.number and row.pk in moved:
                    changes.insert(0, CellChange("#", previous.number, row.number))
                if changes:
                    diff.changed.append(RowChange(row.number, row.title, changes))
            diff.removed += [
                RowChange(r.number, r.title) for r in (old_table.rows if old_table else []) if r.pk not in new_ids
            ]
        old_values = old.plan_values if old else {}
        diff.plan_fields = cell_changes(new.worksheet.plan_columns, old_values, new.plan_values, text=_plan_field_text)
        # The notes beside the table compare like a plan-level field (a version without notes had none).
        diff.plan_fields += cell_changes(
            (NOTE_COLUMN,),
            {"text": clean_text(old.note if old else "")},
            {"text": clean_text(new.note)},
            text=_as_kept,
        )
        diffs.append(diff)
    return diffs
