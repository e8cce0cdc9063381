"""The editable worksheet grid's rows as HTML, written in Python: the page of a 200-row worksheet would otherwise
render some 2,500 form widgets and cells one by one through the template engine.

One renderer serves every way a row reaches the page, so the markup cannot drift between them:

- a stored row shown as loaded (the page's GET): its values are read from the row as an unbound form for it
  would show them (``StoredRowValues``), without building the form;
- a form (a page sent back with errors or after a colleague's save, the htmx "add a row" answer): its values,
  errors and conflicts are the form's.

The markup is the grid's contract with ``static/css/worksheet.css``, ``static/js/worksheet.js`` and
``static/js/autosave.js``: a ``tr.ws-row`` per row (``data-row``, ``data-form-index``), its number, comment marker,
tools (drag, move up and down, delete) and hidden fields (id, position, base digests) in a ``th.ws-num``, and a
``td.ws-cell.ws-col-<name>`` per column with a visually hidden label, the input Django's widget would render (same
name, id, classes and attributes), its errors (``<id>_errors``), note (``<id>_note``) and conflict. A cell of a
column with suggestions is a one-line input tied to them (``list="suggest-<table>-<column>"``) while its text is short
(``fits_one_line``); a longer text, or one with a line break, is an auto-growing textarea instead (``long_text_widget``:
same name, id and classes, ``rows="2"``, ``data-grow``, no ``list``), so nothing is cut from sight and no line break
is dropped by the input and then saved without it. Widgets are written as Django's default form templates write them
(``django/forms/widgets/*.html``); a widget of another kind is rendered by Django itself. ``tests/test_grid_render.py``
compares the output with the template it replaced.
"""

import html

from django import forms
from django.forms.models import model_to_dict
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seimpact.lib.icons import icon
from seimpact.lib.merge import encode_base, stored_values

from ..templatetags.comment_marks import comment_marker, comment_row_class
from ..templatetags.worksheets import cell, cell_conflict, field_errors, row_conflict
from .forms import LinkSelect

_INPUTS = (
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.CheckboxInput,
)  # widgets written here exactly as ``django/forms/widgets/input.html`` writes them (subclasses included only
# where they keep its template: checked in ``written_in_python``)
# The most characters a cell with suggestions holds as a one-line input: the narrowest such cell, ws 8's data method
# at 1366 px with every column shown, shows about 17 characters of Latvian text ("Labklājības minis"); a longer text
# is cut there. Beyond it the suggestions (offered by the browser only for what matches the cell's text) no longer
# help, and the cell becomes a textarea showing all of it.
ONE_LINE_LIMIT = 16
_UNMATCHED = "\x00"  # a value no option has: renders a select's options with none selected


def _esc(value) -> str:
    """``value`` as a template's ``{{ value|stringformat:'s' }}`` writes it (escaped unless already safe)."""
    if type(value) is str:
        return html.escape(value)  # what ``django.utils.html.escape`` does, without its check for lazy texts
    return conditional_escape(value if hasattr(value, "__html__") else str(value))


def attrs_html(attrs: dict) -> str:
    """HTML attributes as ``django/forms/widgets/attrs.html`` writes them: ``False`` left out, ``True`` as the bare
    name, anything else as ``name="value"`` (escaped); each with a leading space."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_esc(name)}" if value is True else f' {_esc(name)}="{_esc(value)}"')
    return "".join(parts)


def written_in_python(widget) -> bool:
    """Whether ``GridRenderer`` writes ``widget`` itself: a widget whose class keeps Django's default template."""
    template = widget.template_name
    if isinstance(widget, forms.CheckboxInput):
        return template == "django/forms/widgets/checkbox.html"
    if isinstance(widget, _INPUTS):
        return template == f"django/forms/widgets/{widget.input_type}.html"
    if isinstance(widget, forms.Textarea):
        return template == "django/forms/widgets/textarea.html"
    if type(widget) in (forms.Select, LinkSelect):  # not a subclass that shows its value otherwise (yes/no/unknown)
        return template == "django/forms/widgets/select.html" and not any(
            isinstance(label, list | tuple) for _value, label in widget.choices
        )  # no option groups
    return False


def fits_one_line(text) -> bool:
    """Whether a cell with suggestions shows ``text`` (its widget's ``format_value``: a str, or None) whole as a
    one-line input: at most ``ONE_LINE_LIMIT`` characters and no line break (an input drops line breaks)."""
    if not text:
        return True
    text = str(text)
    return len(text) <= ONE_LINE_LIMIT and "\n" not in text and "\r" not in text


def long_text_widget(widget) -> forms.Textarea:
    """The auto-growing textarea a cell with suggestions (``widget``, a ``forms.TextInput``) is written as when its text
    does not fit one line (``fits_one_line``): the input's own attributes (its classes), two rows, ``data-grow``, as
    the grid's other text cells (``forms._widget_for``)."""
    return forms.Textarea(attrs={**widget.attrs, "rows": 2, "data-grow": ""})


class GridRenderer:
    """Writes the rows of one section (``editor.Section``) of a worksheet page.

    ``editor``: the page's ``WorksheetEditor``; ``commented_rows``: ``{table key: {row id: comment}}`` of the open
    review comments (``review.comments.open_comments_by_row``; None where the page shows none, e.g. a row added by
    htmx). ``rows()`` gives every row of the section as the page loads them; ``form_row(form, number)`` one form's
    row (the htmx "add a row" answer).
    """

    def __init__(self, editor, section, commented_rows=None):
        self.editor = editor
        self.section = section
        self.key = section.table.key
        self.progress_only = editor.progress_only
        self.context = {"commented_rows": commented_rows or {}}
        self.columns = section.table.grid_columns
        self._options: dict[str, str] = {}
        # By field name (every form of the grid has the same widgets): whether the renderer writes the widget,
        # its own attributes as HTML, and the cell's opening tag and label.
        self._written_here: dict[str, bool] = {}
        self._own_attrs: dict[str, str] = {}
        self._cell_starts: dict[str, tuple[str, str]] = {}
        self._long_widgets: dict[str, forms.Textarea] = {}  # ``long_text_widget`` of a column with suggestions
        self._tools = self._tools_html() if not self.progress_only else ""

    @cached_property
    def prototype(self):
        """A form of the grid (the formset's ``empty_form``): every form of it has these fields, widgets and
        choices."""
        return self.section.formset.empty_form

    @cached_property
    def _hidden_names(self) -> list[str]:
        return [bound.name for bound in self.prototype.hidden_fields()]

    # --- the rows -------------------------------------------------------------------------------------------

    def rows(self) -> SafeString:
        """Every row of the section in the order the page shows them: the stored rows (GET, without building their
        forms), or the formset's forms (a page sent back: the officer's values, order, errors and conflicts)."""
        formset = self.section.formset
        if formset.is_bound:
            rows = (self.form_row(form, index) for index, form in enumerate(self.section.ordered_forms, start=1))
        else:
            rows = (self.stored_row(row, formset.add_prefix(i), i + 1) for i, row in enumerate(formset.get_queryset()))
        return mark_safe("".join(rows))

    def stored_row(self, row, prefix: str, index: int) -> str:
        """The row of stored ``row`` as an unbound form for it at ``prefix`` would show it (the page's GET);
        ``index``: its place in the table (1, 2, …), its number where the plan's numbering has none."""
        return self._row(StoredRowValues(self.prototype, row, prefix, self._hidden_names), index)

    def form_row(self, form, index: int) -> str:
        """The row of ``form`` (bound or not), with its values, errors and conflicts."""
        return self._row(FormValues(form, self.editor), index)

    def _row(self, values, index: int) -> str:
        section, key, instance = self.section, self.key, values.instance
        pk = instance.pk
        row_id = f"row-{key}-{pk}" if pk else f"new-{key}-{values.prefix}"
        classes = "ws-row" + (" ws-row-invalid" if values.invalid else "")
        classes += comment_row_class(self.context, section, pk)
        number = section.numbers.get(pk, index) if pk else index
        form_index = values.prefix.replace(key, "").replace("-", "")
        tools = ""
        if not self.progress_only:
            checked = " checked" if values.value("DELETE") else ""
            tools = self._tools.replace("__prefix__", _esc(values.prefix)).replace("__checked__", checked)
        hidden = "".join(self._widget(values, name, {}) for name in values.hidden_names)
        parts = [
            f'<tr id="{_esc(row_id)}" class="{_esc(classes)}" data-row data-form-index="{_esc(form_index)}">'
            f'<th scope="row" class="ws-num"><div class="ws-rowhead">'
            f'<span class="ws-rownum" data-row-number>{_esc(number)}</span>'
            f"{comment_marker(self.context, section, pk)}{tools}</div>{hidden}</th>"
        ]
        for position, column in enumerate(self.columns):
            parts.append(self._cell(values, column, first=position == 0))
        parts.append("</tr>")
        return "".join(parts)

    def _cell(self, values, column, *, first: bool) -> str:
        name = column.name
        start, label = self._cell_starts.get(name) or self._cell_start(column)
        parts = [start]
        if values.has(name):
            auto_id = values.auto_id(name)
            parts.append(f'<label class="visually-hidden" for="{_esc(auto_id)}">{label}</label>')
            parts.append(self._input(values, column, auto_id))
            parts.append(values.errors_html(name))
            parts.append(values.conflict_html(column))
        else:
            parts.append(cell(self.editor, values.instance, column))
        if first:
            parts.append(values.row_messages_html())
        parts.append("</td>")
        return "".join(parts)

    def _cell_start(self, column) -> tuple[str, str]:
        """A column's ``<td>`` opening tag and its label (escaped), once per page."""
        classes = f"ws-cell ws-col-{column.name}"
        if column.wide:
            classes += " ws-wide"
        if not column.expected:
            classes += " ws-optional"
        if self.progress_only and column.progress:
            classes += " ws-progress"
        label = _esc(column.label)
        start = self._cell_starts[column.name] = (f'<td class="{_esc(classes)}" data-label="{label}">', label)
        return start

    def _input(self, values, column, auto_id: str) -> str:
        """A cell's input, marked invalid with its errors described, its suggestions and note attached (as the grid's
        ``render_field`` tag did)."""
        name, attrs = column.name, {}
        if values.errors(name):
            css = values.field(name).widget.attrs.get("class", "")
            attrs.update(
                {"class": f"{css} is-invalid", "aria-invalid": "true", "aria-describedby": f"{auto_id}_errors"}
            )
        widget = None
        if name in self.section.suggestions:  # offered in the plan's language (``Section.suggestions``)
            field_widget = values.field(name).widget
            if fits_one_line(field_widget.format_value(values.value(name))):
                attrs["list"] = f"suggest-{self.key}-{name}"
            else:
                widget = self._long_widgets.get(name)
                if widget is None:
                    widget = self._long_widgets[name] = long_text_widget(field_widget)
        note = self.section.notes[name](values.instance) if name in self.section.notes else ""
        if note:
            attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} {auto_id}_note".strip()
            return self._widget(values, name, attrs, widget) + format_html(
                '<div class="form-text" id="{}_note">{}</div>', auto_id, note
            )
        return self._widget(values, name, attrs, widget)

    # --- widgets --------------------------------------------------------------------------------------------

    def _widget(self, values, name: str, attrs: dict, widget=None) -> str:
        """The field's widget (or ``widget`` instead, e.g. ``long_text_widget``) as
        ``BoundField.as_widget(widget, attrs=attrs)`` renders it."""
        field = values.field(name)
        key = name if widget is None else f"{name}\x00{type(widget).__name__}"  # the caches' key
        widget = field.widget if widget is None else widget
        auto_id = values.auto_id(name)
        attrs = dict(attrs)
        # ``BoundField.build_widget_attrs``: the grid's forms never ask for ``required``.
        if field.disabled:
            attrs["disabled"] = True
        errors = values.errors(name)
        if not widget.is_hidden and errors:
            attrs["aria-invalid"] = "true"
        if not attrs.get("aria-describedby") and not widget.use_fieldset:
            described = []
            if auto_id and not widget.is_hidden and not widget.attrs.get("aria-describedby"):
                if field.help_text:
                    described.append(f"{auto_id}_helptext")
                if errors:
                    described.append(f"{auto_id}_error")
            if described:
                attrs["aria-describedby"] = " ".join(described)
        if auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", auto_id)
        html_name = values.html_name(name)
        value = values.value(name)
        written_here = self._written_here.get(key)
        if written_here is None:
            written_here = self._written_here[key] = written_in_python(widget)
        if not written_here:
            return widget.render(name=html_name, value=value, attrs=attrs)
        if isinstance(widget, forms.Select):
            return self._select(widget, key, html_name, value, attrs)
        if isinstance(widget, forms.CheckboxInput) and widget.check_test(value):
            attrs = {**attrs, "checked": True}
        attributes = self._attrs_html(key, widget, attrs)
        shown = widget.format_value(value)
        if isinstance(widget, forms.Textarea):
            text = _esc(shown) if shown else ""
            return f'<textarea name="{_esc(html_name)}"{attributes}>\n{text}</textarea>'
        value_html = "" if shown is None else f' value="{_esc(shown)}"'
        return f'<input type="{_esc(widget.input_type)}" name="{_esc(html_name)}"{value_html}{attributes}>'

    def _attrs_html(self, name: str, widget, attrs: dict) -> str:
        """``attrs_html(widget.build_attrs(widget.attrs, attrs))``, the widget's own attributes written once per
        page where ``attrs`` adds to them without replacing any."""
        if attrs.keys() & widget.attrs.keys():
            return attrs_html(widget.build_attrs(widget.attrs, attrs))
        own = self._own_attrs.get(name)
        if own is None:
            own = self._own_attrs[name] = attrs_html(widget.attrs)
        return own + attrs_html(attrs)

    def _select(self, widget, name: str, html_name: str, value, attrs: dict) -> str:
        """A select as Django writes it, its options rendered once per page and the chosen one marked per row (as
        ``forms.LinkSelect`` does)."""
        options = self._options.get(name)
        if options is None:
            if getattr(widget, "options_html", None) is not None:
                options = widget.options_html
            else:
                html = widget.render(name="x", value=_UNMATCHED)
                options = html[html.index(">") + 1 : html.rindex("</select>")]
            self._options[name] = options
        for chosen in widget.format_value(value)[:1]:
            marker = f'<option value="{_esc(chosen)}"'
            at = options.find(marker + ">")
            if at < 0:
                at = options.find(marker + " ")
            if at >= 0:
                end = at + len(marker)
                options = f"{options[:end]} selected{options[end:]}"
        return f'<select name="{_esc(html_name)}"{self._attrs_html(name, widget, attrs)}>{options}</select>'

    def _tools_html(self) -> str:
        """The row's tools (drag, move up and down, delete) with ``__prefix__`` and ``__checked__`` to fill in."""
        drag, up, down = _("Drag to reorder"), _("Move up"), _("Move down")
        return (
            '<div class="ws-row-tools">'
            '<button type="button" class="btn btn-sm btn-outline-secondary ws-drag" data-drag-handle aria-hidden="true"'
            f' tabindex="-1" title="{_esc(drag)}">{icon("grip-vertical")}</button>'
            f'<button type="button" class="btn btn-sm btn-outline-secondary" data-move="up" aria-label="{_esc(up)}"'
            f' title="{_esc(up)}">{icon("arrow-up")}</button>'
            f'<button type="button" class="btn btn-sm btn-outline-secondary" data-move="down"'
            f' aria-label="{_esc(down)}" title="{_esc(down)}">{icon("arrow-down")}</button>'
            '<span class="form-check ws-delete">'
            '<input type="checkbox" class="form-check-input" name="__prefix__-DELETE" id="__prefix__-DELETE"'
            "__checked__>"
            f'<label class="form-check-label" for="__prefix__-DELETE">{_esc(_("Delete"))}</label>'
            "</span></div>"
        )


class FormValues:
    """A row's values, errors and conflicts from its form (``RowForm``, bound or not)."""

    def __init__(self, form, editor):
        self.form = form
        self.editor = editor
        self.prefix = form.prefix
        self.instance = form.instance
        self.invalid = bool(form.errors)
        self.hidden_names = [bound.name for bound in form.hidden_fields()]

    def has(self, name: str) -> bool:
        return name in self.form.fields

    def field(self, name: str):
        return self.form.fields[name]

    def value(self, name: str):
        return self.form[name].value() if name in self.form.fields else None

    def errors(self, name: str):
        return self.form[name].errors

    def auto_id(self, name: str) -> str:
        return self.form[name].auto_id

    def html_name(self, name: str) -> str:
        return self.form[name].html_name

    def errors_html(self, name: str) -> str:
        return field_errors(self.form[name])

    def conflict_html(self, column) -> str:
        return cell_conflict(self.editor, self.form, column)

    def row_messages_html(self) -> str:
        """Above the row's first cell: a colleague's deletion or change of it, its errors and its hidden fields'."""
        parts = [row_conflict(self.editor, self.form)]
        errors = list(self.form.non_field_errors())
        errors += [error for name in self.hidden_names for error in self.form[name].errors]
        parts += [format_html('<div class="invalid-feedback d-block ws-row-error">{}</div>', e) for e in errors]
        return "".join(parts)


class StoredRowValues:
    """A stored row's values as an unbound form for it (``prototype``'s class, at ``prefix``) would show them, read
    from the row without building the form: the model's fields as ``model_to_dict`` gives them, the hidden id, the
    base digests (``forms.BaseDigestsMixin``), each through its form field's ``prepare_value``. No errors, no
    conflicts. ``hidden_names``: the prototype's hidden fields, in its order."""

    invalid = False

    def __init__(self, prototype, row, prefix: str, hidden_names: list[str]):
        self.prototype = prototype
        self.instance = row
        self.prefix = prefix
        self.hidden_names = hidden_names
        initial = model_to_dict(row, prototype._meta.fields, prototype._meta.exclude)
        initial[row._meta.pk.name] = row.pk
        if "base" in prototype.fields:
            initial["base"] = encode_base(stored_values(row, prototype.merged_names))
        self.initial = initial

    def has(self, name: str) -> bool:
        return name in self.prototype.fields

    def field(self, name: str):
        return self.prototype.fields[name]

    def value(self, name: str):
        field = self.prototype.fields[name]
        value = self.initial.get(name, field.initial)
        if callable(value):
            value = value()
        return field.prepare_value(value)

    def errors(self, name: str):
        return ()

    def html_name(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def auto_id(self, name: str) -> str:
        auto_id = self.prototype.auto_id
        if auto_id and "%s" in str(auto_id):
            return auto_id % self.html_name(name)
        return self.html_name(name) if auto_id else ""

    def errors_html(self, name: str) -> str:
        return ""

    def conflict_html(self, column) -> str:
        return ""

    def row_messages_html(self) -> str:
        return ""
