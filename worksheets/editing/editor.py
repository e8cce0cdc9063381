"""The worksheet page's forms: one formset per registry table plus the plan-level fields."""

from dataclasses import dataclass, field
from functools import cached_property, partial

from django import forms
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from seimpact.lib.merge import cell_digest

from ..completeness import row_anchor
from ..followup.due_dates import suggested_due_date
from ..models import Activity
from ..notes import worksheet_note
from ..numbering import Numbering
from ..regional.comparisons import action_group_hint
from ..registry import Table, Worksheet
from .forms import LinkChoices, WorksheetNoteForm, plan_fields_form_class, row_formset_class
from .services import final_order, page_order, worksheet_state


@dataclass
class Section:
    """One table of the page: its formset (editing) or its rows (reading), its examples, and the values offered in
    its cells (``suggestions``: ``{column name: texts}``, in the plan's language, only columns that offer some)."""

    table: Table
    formset: object | None
    rows: list | None
    examples: list
    numbers: dict
    notes: dict = field(default_factory=dict)  # column name -> f(row) -> hint text
    suggestions: dict = field(default_factory=dict)  # column name -> [text], in the plan's language

    def anchor(self, pk) -> str:
        return row_anchor(self.table, pk)

    @property
    def ordered_forms(self) -> list:
        """The formset's forms in the order the page shows them: by the position each carries (the officer's
        order, kept when the page comes back with errors or after a conflict), else as built."""
        forms_ = list(self.formset)
        if not self.formset.is_bound or "position" not in self.formset.form.base_fields:
            return forms_

        def key(item):
            index, form = item
            try:
                return (int(form["position"].value()), index)
            except (TypeError, ValueError):
                return (10**6, index)

        return [form for _index, form in sorted(enumerate(forms_), key=key)]


class WorksheetEditor:
    """The forms of one worksheet page.

    ``editable``: the whole content is edited (drafts); ``progress_only``: only the progress columns
    are, the rest is read (approved plans); neither: everything is read.
    """

    def __init__(self, plan, worksheet: Worksheet, *, editable: bool, progress_only: bool = False, data=None):
        self.plan = plan
        self.worksheet = worksheet
        # The plan's language (its municipality's): suggested values become content, so they are offered in it.
        self.language = plan.municipality.language
        self.progress_only = progress_only and not editable and worksheet.has_progress
        self.editable = editable or self.progress_only
        self.numbering = Numbering(plan)
        self._notes: dict[str, dict] = {}
        self.data = data
        self.conflict = None
        if data is not None:
            self.revision, self.loaded_at = page_revision(data)
        else:
            self.revision = worksheet_state(plan, worksheet.number).revision
            self.loaded_at = timezone.now()
        self._bind(data)

    def _bind(self, data):
        self.data = data
        self.sections = [self._section(table) for table in self.worksheet.tables]
        self.plan_form = None
        if self.worksheet.plan_fields:
            form_class = plan_fields_form_class(self.worksheet)
            editable = self.editable and not self.progress_only
            self.plan_form = form_class(data, instance=self.plan) if editable else form_class(instance=self.plan)
            if not editable:
                for field in self.plan_form.fields.values():
                    field.disabled = True
        # The worksheet's notes: edited with its content (not while only progress is recorded), else read.
        self.worksheet_note = worksheet_note(self.plan, self.worksheet.number)
        self.note_form = (
            WorksheetNoteForm(data, instance=self.worksheet_note) if self.editable and not self.progress_only else None
        )

    def show_conflict(self, conflict) -> None:
        """Show the page again after ``conflict`` (``services.WorksheetConflict``): every row as it is stored now
        with this user's changes on top, rows a colleague added in their place, the conflicting cells with both
        values, and the current revision and values as the new starting point, so saving again writes only what
        this user then keeps."""
        self.plan.refresh_from_db()
        self.conflict = conflict
        self.revision = conflict.state.revision
        self.loaded_at = timezone.now()
        self._bind(merged_page_data(self, conflict))

    def conflicts_of(self, form) -> dict:
        """``{field name: CellConflict}`` for one form of the page shown after a conflict ({} otherwise)."""
        if self.conflict is None:
            return {}
        if form is self.note_form:
            return self._note_conflicts
        return self._conflicts_by_prefix.get(form.prefix, {}) if form is not self.plan_form else self._plan_conflicts

    def row_conflict(self, form):
        """The ``RowConflict`` of a form of the page shown after a conflict, or None."""
        if self.conflict is None:
            return None
        return self._row_conflicts.get(form.prefix)

    def link_choices(self, table: Table) -> dict:
        choices = {}
        for column in table.link_columns:
            target = column.linked_table
            labels = self.numbering.labels(target)
            queryset = target.model.objects.filter(plan=self.plan)
            choices[column.name] = (queryset, LinkChoices([("", "—"), *labels.items()], queryset))
        for column in table.reference_columns:  # e.g. the region's core indicators, loaded once per page
            queryset = column.field.related_model.objects.for_plan(self.plan)
            rows = LinkChoices([], queryset)
            rows.extend([("", "—"), *((pk, str(row)) for pk, row in rows.rows_by_pk.items())])
            choices[column.name] = (queryset, rows)
        return choices

    def notes(self, table: Table) -> dict:
        """``{column name: f(row) -> str}``: the hints shown beside cells, prepared once per page.

        A due date column shows the date read from its text column while it is empty; a reference column
        shows what its reference list says about the chosen row (``related_model.objects.notes_for``, one
        query per page); ws 7's empty action group the group its activity's text points at; a column shown as
        another's note (``Column.note_of``) its text under that column, where the two differ.
        """
        if table.key not in self._notes:
            notes = {}
            for column in table.bound_columns:
                if column.due_from:
                    notes[column.name] = partial(suggested_due_date, column=column)
                elif column.is_reference:
                    by_pk = column.field.related_model.objects.notes_for(self.plan)
                    notes[column.name] = partial(_reference_note, by_pk, column.field.attname)
                elif column.name == "action_group" and table.model is Activity:
                    notes[column.name] = action_group_hint  # the group the text points at, while none is chosen
            for column in table.note_columns:  # e.g. ws 7's task as written, under the task where it differs
                notes[column.note_of] = column.note_text
            self._notes[table.key] = notes
        return self._notes[table.key]

    def note(self, column, row) -> str:
        """The hint beside one cell (e.g. the due date read from the timeline), or ""."""
        table = next(t for t in self.worksheet.tables if column in t.bound_columns)
        note = self.notes(table).get(column.name)
        return note(row) if note else ""

    def formset(self, table: Table, data=None):
        formset_class = row_formset_class(table, progress_only=self.progress_only, page=True)
        links = {
            name: choices
            for name, choices in self.link_choices(table).items()
            if name in formset_class.form.base_fields
        }
        return formset_class(data, table=table, plan=self.plan, link_choices=links)

    @cached_property
    def guidance(self) -> list:
        """The worksheet's guidance lists as this plan's page shows them (``Worksheet.guidance_for``): suggestion
        lists in the plan's language, with that language's additions."""
        return self.worksheet.guidance_for(self.language)

    def suggestions(self, table: Table) -> dict[str, list[str]]:
        """``{column name: values}`` offered in ``table``'s cells, in the plan's language (columns with none left
        out)."""
        offered = {column.name: column.suggestions_in(self.language) for column in table.bound_columns}
        return {name: values for name, values in offered.items() if values}

    def _section(self, table: Table) -> Section:
        numbers = self.numbering.numbers(table)
        examples = self.worksheet.examples_for(table)
        suggestions = self.suggestions(table)
        if self.editable:
            formset = self.formset(table, self.data)
            return Section(table, formset, None, examples, numbers, self.notes(table), suggestions)
        rows = list(table.rows_of(self.plan))
        return Section(table, None, rows, examples, numbers, self.notes(table), suggestions)

    @property
    def saved_plan_form(self):
        """The plan-level form when it is edited (not while only progress is recorded)."""
        return None if self.progress_only else self.plan_form

    @property
    def saved_note_form(self):
        """The notes' form when the worksheet's content is edited (``services.worksheet_save``'s ``note_form``); None
        for a request that sent no notes at all (not a page of the app): its save leaves the notes as they are."""
        if self.note_form is None or self.data is None or self.note_form.add_prefix("text") not in self.data:
            return None
        return self.note_form

    @property
    def tampered(self) -> bool:
        """Whether the page sent row counts or ids no page of the app sends (a crafted or broken request)."""
        for formset in self.formsets:
            if formset is None:
                continue
            if not formset.management_form.is_valid():
                return True
            if any(error.code == "tampered" for error in formset.non_form_errors().as_data()):
                return True
        return False

    @property
    def formsets(self) -> list:
        return [s.formset for s in self.sections]

    def is_valid(self) -> bool:
        results = [formset.is_valid() for formset in self.formsets]  # every formset, for all errors
        valid = all(results)
        if self.saved_plan_form is not None:
            valid = self.plan_form.is_valid() and valid
        if self.saved_note_form is not None:
            valid = self.note_form.is_valid() and valid
        return valid


def _reference_note(by_pk: dict, attname: str, row) -> str:
    return by_pk.get(getattr(row, attname), "")


MAX_REVISION = 2**31 - 1  # the largest revision a database column holds


def page_revision(data) -> tuple[int, object]:
    """The revision and the moment the page was loaded at, from its hidden fields.

    Raises ``BadRequest`` (400) for values no page of the app sends (not a whole number ≥ 0, not an ISO date and
    time); a page that sent no ``loaded_at`` counts as loaded now.
    """
    try:
        revision = int(data.get("revision") or 0)
        loaded_at = parse_datetime(data.get("loaded_at") or "") if data.get("loaded_at") else timezone.now()
    except (TypeError, ValueError):
        raise BadRequest("malformed revision or loaded_at") from None
    if not 0 <= revision <= MAX_REVISION or loaded_at is None:
        raise BadRequest("malformed revision or loaded_at")
    if timezone.is_naive(loaded_at):
        loaded_at = timezone.make_aware(loaded_at)
    return revision, loaded_at


def raw_value(field, value):
    """A value as a browser would post it for ``field``: links by id, dates ISO, booleans "on" or absent."""
    if value is None:
        return None if isinstance(field.widget, forms.CheckboxInput) else ""
    if isinstance(value, bool):
        return "on" if value else None
    if hasattr(value, "pk"):
        return str(value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def merged_page_data(editor: "WorksheetEditor", conflict) -> QueryDict:
    """The POST data of the page shown after ``conflict``: for each table, the stored rows in their stored order
    (this user's new rows after the row they followed, rows a colleague deleted and this user changed as new
    rows), each cell as stored unless this user changed it, ``base`` digests of what is stored now."""
    data = QueryDict(mutable=True)
    data["revision"] = str(conflict.state.revision)
    data["loaded_at"] = timezone.now().isoformat()
    editor._conflicts_by_prefix, editor._row_conflicts, editor._plan_conflicts = {}, {}, {}
    editor._note_conflicts = {}
    by_form = {id(row.form): row for row in conflict.rows}
    for section in editor.sections:
        formset = section.formset
        if formset is None:
            continue
        table = section.table
        stored = list(table.model.objects.filter(plan=editor.plan).order_by("position", "id"))
        stored_ids = {row.pk for row in stored}
        forms_by_pk = {f.instance.pk: f for f in formset.forms if f.instance.pk is not None}
        # The page's rows as the officer left them: saved rows still stored, their new rows, and rows a colleague
        # deleted that the officer changed (kept as new rows).
        page = []
        for form in page_order(formset):
            pk = form.instance.pk
            if pk is not None and pk in stored_ids:
                page.append(("row", pk))
            elif pk is None and form.vanished_id is None and form.has_changed():
                page.append(("form", form))
        page += [("form", row.form) for row in conflict.rows if row.table is table and row.deleted_by_colleague]
        loaded = [f.instance.pk for f in formset.forms[: formset.initial_form_count()] if f.instance.pk is not None]
        order, _both = final_order(page, loaded, [row.pk for row in stored])
        by_pk = {row.pk: row for row in stored}
        entries = [("row", by_pk[key]) if kind == "row" else ("form", key) for kind, key in order]
        # The forms go in the stored order (what the page is now loaded with); positions give the officer's order,
        # so saving again applies their moves on top of the colleague's.
        rows = [("row", row) for row in stored] + [entry for entry in entries if entry[0] == "form"]
        positions = {id(item): rank for rank, (_kind, item) in enumerate(entries, start=1)}
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(sum(1 for kind, _item in rows if kind == "row"))
        for index, (kind, item) in enumerate(rows):
            form_prefix = f"{prefix}-{index}"
            mine = forms_by_pk.get(item.pk) if kind == "row" else item
            names = formset.form.base_fields.keys() - {"id", "position", "DELETE"}
            names = [n for n in formset.form.base_fields if n in names]
            if kind == "row":
                data[f"{form_prefix}-id"] = str(item.pk)
                probe = formset.form(instance=item, plan=editor.plan, link_choices={})
                data[f"{form_prefix}-base"] = probe.fields["base"].initial
            for name in names:
                field = formset.form.base_fields[name]
                value = getattr(item, item._meta.get_field(name).attname) if kind == "row" else None
                if mine is not None and (kind == "form" or _changed_by_me(mine, name)):
                    sent = mine.data.getlist(f"{mine.prefix}-{name}") if hasattr(mine.data, "getlist") else None
                    sent = sent if sent else [mine.data.get(f"{mine.prefix}-{name}")]
                    for value_ in sent:
                        if value_ is not None:
                            data.appendlist(f"{form_prefix}-{name}", value_)
                    continue
                raw = raw_value(field, value)
                if raw is not None:
                    data[f"{form_prefix}-{name}"] = raw
            if "position" in formset.form.base_fields:
                data[f"{form_prefix}-position"] = str(positions[id(item)])
            if mine is not None and formset.can_delete and mine.cleaned_data.get("DELETE"):
                data[f"{form_prefix}-DELETE"] = "on"
            if mine is not None and id(mine) in by_form:
                row_conflict = by_form[id(mine)]
                editor._row_conflicts[form_prefix] = row_conflict
                editor._conflicts_by_prefix[form_prefix] = {c.name: c for c in row_conflict.cells}
    if editor.plan_form is not None and editor.worksheet.plan_fields:
        plan_form = editor.plan_form
        for name in plan_form.merged_names:
            field = plan_form.fields[name]
            if name in {c.name for c in conflict.plan_cells} or _changed_by_me(plan_form, name):
                for value_ in plan_form.data.getlist(name) if hasattr(plan_form.data, "getlist") else []:
                    data.appendlist(name, value_)
                continue
            raw = raw_value(field, getattr(editor.plan, editor.plan._meta.get_field(name).attname))
            if raw is not None:
                data[name] = raw
        fresh = type(plan_form)(instance=editor.plan)
        data["base"] = fresh.fields["base"].initial
        editor._plan_conflicts = {c.name: c for c in conflict.plan_cells}
    if editor.saved_note_form is not None:
        note_form = editor.note_form
        stored_note = worksheet_note(editor.plan, editor.worksheet.number)
        if conflict.note_cells or _changed_by_me(note_form, "text"):
            data[note_form.add_prefix("text")] = note_form.data.get(note_form.add_prefix("text"), "")
        else:
            data[note_form.add_prefix("text")] = stored_note.text
        data[note_form.add_prefix("base")] = WorksheetNoteForm(instance=stored_note).fields["base"].initial
        editor._note_conflicts = {c.name: c for c in conflict.note_cells}
    data._mutable = False
    return data


def _changed_by_me(form, name: str) -> bool:
    """Whether this user changed field ``name`` of ``form`` relative to the page's base (a new row: always)."""
    base = form.base_digests
    if base is None or name not in base:
        return form.instance.pk is None or name in form.changed_data
    return cell_digest(form.cleaned_data.get(name)) != base[name]
