"""Template tags of the worksheet's notes (``templates/worksheets/includes/worksheet_note.html``)."""

from django import template

from ..notes import NOTE_COLUMN
from .worksheets import cell_conflict

register = template.Library()


@register.simple_tag
def note_field(editor):
    """The notes' textarea, described by the help text above it and marked invalid with its errors."""
    field = editor.note_form["text"]
    attrs = {"aria-describedby": "worksheet-note-help"}
    if field.errors:
        attrs.update({"class": "form-control is-invalid", "aria-invalid": "true"})
    return field.as_widget(attrs=attrs)


@register.simple_tag
def note_conflict(editor):
    """Under the notes after a save collided with a colleague's: their text and a button to use it ("" otherwise)."""
    if editor.note_form is None:
        return ""
    return cell_conflict(editor, editor.note_form, NOTE_COLUMN)
