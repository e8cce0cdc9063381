"""The notes officers write beside a worksheet's table (``WorksheetNote``): one free text per plan and worksheet.

The worksheet page edits them (``editing.forms.WorksheetNoteForm``, merged on save like the plan-level fields), the
exports and approved versions carry them (``exports.data``), the history and the version comparison show their
changes under the label of ``NOTE_COLUMN``.
"""

from .models import ActionPlan, WorksheetNote
from .registry import Column

NOTE_COLUMN = Column("text").bind(WorksheetNote)  # label "Notes": how the history and comparisons name a note
NOTE_KEY = "note:{number}"  # the Excel cover sheet's hidden key of worksheet ``number``'s note


def worksheet_note(plan: ActionPlan, number: int) -> WorksheetNote:
    """The stored note of worksheet ``number`` of ``plan``, or an unsaved empty one (nothing is written)."""
    return WorksheetNote.objects.filter(plan=plan, number=number).first() or WorksheetNote(plan=plan, number=number)


def plan_notes(plan: ActionPlan) -> dict[int, str]:
    """``{worksheet number: text}`` of the plan's notes that are not empty: one query."""
    return {
        number: text
        for number, text in WorksheetNote.objects.filter(plan=plan).values_list("number", "text")
        if text.strip()
    }
