from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ..exports.data import cell_text

register = template.Library()


@register.simple_tag
def cell(editor, row, column):
    """A row's value in one column, as a reader sees it (links by number, choices by label)."""
    text = cell_text(row, column, editor.numbering)
    html = mark_safe("<br>".join(conditional_escape(line) for line in text.splitlines()))
    note = editor.note(column, row)
    return format_html('{}<div class="small text-body-secondary">{}</div>', html, note) if note else html


@register.filter
def field_of(form, name):
    """The form's field ``name``, or None where the column is only read (progress-only editing)."""
    return form[name] if name in form.fields else None


@register.simple_tag
def row_number(section, form, index):
    """The row's number as officers see it; new rows are numbered after the saved ones."""
    if form.instance.pk:
        return section.numbers.get(form.instance.pk, index)
    return index


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
def render_field(bound_field, column, section):
    """A grid cell's input, marked invalid with its error described, and its suggestions attached."""
    attrs = {}
    if bound_field.errors:
        css = bound_field.field.widget.attrs.get("class", "")
        attrs.update(
            {"class": f"{css} is-invalid", "aria-invalid": "true", "aria-describedby": f"{bound_field.auto_id}_errors"}
        )
    if column.suggestions:
        attrs["list"] = f"suggest-{section.table.key}-{column.name}"
    note = section.notes[column.name](bound_field.form.instance) if column.name in section.notes else ""
    if note:
        described = attrs.get("aria-describedby", "")
        attrs["aria-describedby"] = f"{described} {bound_field.auto_id}_note".strip()
        return format_html(
            '{}<div class="form-text" id="{}_note">{}</div>',
            bound_field.as_widget(attrs=attrs),
            bound_field.auto_id,
            note,
        )
    return bound_field.as_widget(attrs=attrs)
