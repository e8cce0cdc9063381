"""The template tags the worksheet grid's rows were rendered with before ``worksheets.editing.grid`` (kept only as
the reference ``tests/test_grid_render.py`` compares the renderer with): Django's own widget rendering."""

from django import forms, template
from django.utils.html import format_html

from worksheets.editing.grid import ONE_LINE_LIMIT

register = template.Library()


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
def render_field(bound_field, column, section):
    """A grid cell's input, marked invalid with its error described, and its suggestions attached; a cell with
    suggestions whose text is longer than ``ONE_LINE_LIMIT`` characters or has a line break is a textarea of two
    rows that grows with its text, as the grid's other text cells, without the suggestions."""
    attrs = {}
    if bound_field.errors:
        css = bound_field.field.widget.attrs.get("class", "")
        attrs.update(
            {"class": f"{css} is-invalid", "aria-invalid": "true", "aria-describedby": f"{bound_field.auto_id}_errors"}
        )
    widget = None
    if column.name in section.suggestions:
        text = bound_field.field.widget.format_value(bound_field.value()) or ""
        if len(text) > ONE_LINE_LIMIT or any(line_break in text for line_break in "\r\n"):
            widget = forms.Textarea(attrs={**bound_field.field.widget.attrs, "rows": 2, "data-grow": ""})
        else:
            attrs["list"] = f"suggest-{section.table.key}-{column.name}"
    note = section.notes[column.name](bound_field.form.instance) if column.name in section.notes else ""
    if note:
        described = attrs.get("aria-describedby", "")
        attrs["aria-describedby"] = f"{described} {bound_field.auto_id}_note".strip()
        return format_html(
            '{}<div class="form-text" id="{}_note">{}</div>',
            bound_field.as_widget(widget, attrs=attrs),
            bound_field.auto_id,
            note,
        )
    return bound_field.as_widget(widget, attrs=attrs)
