"""The template tags the worksheet grid's rows were rendered with before ``worksheets.editing.grid`` (kept only as
the reference ``tests/test_grid_render.py`` compares the renderer with): Django's own widget rendering."""

from django import template
from django.utils.html import format_html

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
    """A grid cell's input, marked invalid with its error described, and its suggestions attached."""
    attrs = {}
    if bound_field.errors:
        css = bound_field.field.widget.attrs.get("class", "")
        attrs.update(
            {"class": f"{css} is-invalid", "aria-invalid": "true", "aria-describedby": f"{bound_field.auto_id}_errors"}
        )
    if column.name in section.suggestions:
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
