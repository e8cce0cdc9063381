from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from seimpact.lib.dates import format_datetime

from ..cells import value_text
from ..editing.editor import raw_value
from ..exports.data import cell_text

register = template.Library()


@register.simple_tag
def cell(editor, row, column):
    """A row's value in one column, as a reader sees it (links by number, choices by label)."""
    text = cell_text(row, column, editor.numbering)
    html = mark_safe("<br>".join(conditional_escape(line) for line in text.splitlines()))
    note = editor.note(column, row)
    return format_html('{}<div class="small text-body-secondary">{}</div>', html, note) if note else html


@register.simple_tag(takes_context=True)
def grid_rows(context, editor, section):
    """Every row of an editable grid's ``section`` (``editing.grid.GridRenderer``), marked where a review comment on
    it is open (the page's ``commented_rows``)."""
    from ..editing.grid import GridRenderer  # noqa: PLC0415  (the renderer uses this library's cell tags)

    return GridRenderer(editor, section, context.get("commented_rows")).rows()


@register.simple_tag
def field_errors(bound_field):
    """A grid cell's errors as the block ``render_field`` points ``aria-describedby`` at (id ``<field id>_errors``);
    "" without errors."""
    if not bound_field.errors:
        return ""
    return format_html(
        '<div class="invalid-feedback d-block" id="{}_errors">{}</div>',
        bound_field.auto_id,
        " ".join(str(e) for e in bound_field.errors),
    )


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, "" where it is absent (e.g. ``section.numbers|get_item:row.pk``)."""
    return mapping.get(key, "")


@register.simple_tag
def cell_conflict(editor, form, column):
    """Under a cell that collided with a colleague's save: who saved what, and a button that puts the colleague's
    value into the cell (``static/js/worksheet.js``); "" for other cells."""
    conflict = editor.conflicts_of(form).get(column.name)
    if conflict is None:
        return ""
    if column.is_link:
        labels = editor.numbering.labels(column.linked_table)
        text = value_text(column, conflict.theirs, empty="—", link_text=lambda pk: labels.get(pk, f"#{pk}"))
    else:
        text = value_text(column, conflict.theirs, empty="—")
    field = form[column.name]
    raw = raw_value(field.field, conflict.theirs)
    who = person_name(conflict.by)
    when = format_datetime(conflict.at) if conflict.at else ""
    return format_html(
        '<div class="ws-conflict small mt-1" id="{id}_conflict">'
        '<span class="fw-semibold">{saved}</span> <span class="ws-theirs">{text}</span> '
        '<button type="button" class="btn btn-link btn-sm p-0 align-baseline" data-use-theirs="{id}" '
        'data-value="{raw}">{use}</button></div>',
        id=field.auto_id,
        saved=_("%(name)s saved (%(when)s):") % {"name": who, "when": when}
        if when
        else _("%(name)s saved:") % {"name": who},
        text=text,
        raw="" if raw is None else raw,
        use=_("Use this value"),
    )


@register.simple_tag
def plan_field_conflict(editor, bound_field):
    """``cell_conflict`` for a plan-level field of the worksheet (e.g. ws 9's checklist)."""
    column = next((c for c in editor.worksheet.plan_columns if c.name == bound_field.name), None)
    return cell_conflict(editor, bound_field.form, column) if column is not None else ""


@register.simple_tag
def row_conflict(editor, form):
    """Above a row that a colleague deleted or changed while this user changed or deleted it: what happened and
    what saving again does; "" for other rows."""
    conflict = editor.row_conflict(form)
    if conflict is None or not (conflict.deleted_by_colleague or conflict.changed_by_colleague):
        return ""
    who = person_name(conflict.by)
    if conflict.deleted_by_colleague:
        text = _(
            "%(name)s deleted this row meanwhile. It is kept here with your changes: saving adds it again as a new "
            "row; tick “Delete” to let it go."
        ) % {"name": who}
    else:
        text = _(
            "%(name)s changed this row meanwhile (the table shows their version). It is still marked for deletion: "
            "saving deletes it; untick “Delete” to keep it."
        ) % {"name": who}
    return format_html('<div class="ws-conflict small mb-1" role="note">{}</div>', text)


@register.filter
def person_name(user) -> str:
    """A user's full name, or their user name; "a colleague" when unknown."""
    if user is None:
        return str(_("A colleague"))
    return user.get_full_name() or user.get_username()
