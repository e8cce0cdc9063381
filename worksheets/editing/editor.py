"""The worksheet page's forms: one formset per registry table plus the plan-level fields."""

from dataclasses import dataclass, field
from functools import partial

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..completeness import row_anchor
from ..followup.due_dates import suggested_due_date
from ..numbering import Numbering
from ..registry import Table, Worksheet
from .forms import LinkChoices, plan_fields_form_class, row_formset_class
from .services import worksheet_state


@dataclass
class Section:
    """One table of the page: its formset (editing) or its rows (reading), and its examples."""

    table: Table
    formset: object | None
    rows: list | None
    examples: list
    numbers: dict
    notes: dict = field(default_factory=dict)  # column name -> f(row) -> hint text

    def anchor(self, pk) -> str:
        return row_anchor(self.table, pk)


class WorksheetEditor:
    """The forms of one worksheet page.

    ``editable``: the whole content is edited (drafts); ``progress_only``: only the progress columns
    are, the rest is read (approved plans); neither: everything is read.
    """

    def __init__(self, plan, worksheet: Worksheet, *, editable: bool, progress_only: bool = False, data=None):
        self.plan = plan
        self.worksheet = worksheet
        self.progress_only = progress_only and not editable and worksheet.has_progress
        self.editable = editable or self.progress_only
        self.numbering = Numbering(plan)
        self._notes: dict[str, dict] = {}
        self.data = data
        if data is not None:
            self.revision = int(data.get("revision") or 0)
            self.loaded_at = parse_datetime(data.get("loaded_at") or "") or timezone.now()
        else:
            self.revision = worksheet_state(plan, worksheet.number).revision
            self.loaded_at = timezone.now()
        self.sections = [self._section(table) for table in worksheet.tables]
        self.plan_form = None
        if worksheet.plan_fields:
            form_class = plan_fields_form_class(worksheet)
            self.plan_form = form_class(data, instance=plan) if editable else form_class(instance=plan)
            if not editable:
                for field in self.plan_form.fields.values():
                    field.disabled = True

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
        query per page).
        """
        if table.key not in self._notes:
            notes = {}
            for column in table.bound_columns:
                if column.due_from:
                    notes[column.name] = partial(suggested_due_date, column=column)
                elif column.is_reference:
                    by_pk = column.field.related_model.objects.notes_for(self.plan)
                    notes[column.name] = partial(_reference_note, by_pk, column.field.attname)
            self._notes[table.key] = notes
        return self._notes[table.key]

    def note(self, column, row) -> str:
        """The hint beside one cell (e.g. the due date read from the timeline), or ""."""
        table = next(t for t in self.worksheet.tables if column in t.bound_columns)
        note = self.notes(table).get(column.name)
        return note(row) if note else ""

    def formset(self, table: Table, data=None):
        formset_class = row_formset_class(table, progress_only=self.progress_only)
        links = {
            name: choices
            for name, choices in self.link_choices(table).items()
            if name in formset_class.form.base_fields
        }
        return formset_class(data, table=table, plan=self.plan, link_choices=links)

    def _section(self, table: Table) -> Section:
        numbers = self.numbering.numbers(table)
        examples = self.worksheet.examples_for(table)
        if self.editable:
            return Section(table, self.formset(table, self.data), None, examples, numbers, self.notes(table))
        rows = list(table.rows_of(self.plan))
        return Section(table, None, rows, examples, numbers, self.notes(table))

    @property
    def saved_plan_form(self):
        """The plan-level form when it is edited (not while only progress is recorded)."""
        return None if self.progress_only else self.plan_form

    @property
    def formsets(self) -> list:
        return [s.formset for s in self.sections]

    def is_valid(self) -> bool:
        results = [formset.is_valid() for formset in self.formsets]  # every formset, for all errors
        valid = all(results)
        if self.saved_plan_form is not None:
            valid = self.plan_form.is_valid() and valid
        return valid


def _reference_note(by_pk: dict, attname: str, row) -> str:
    return by_pk.get(getattr(row, attname), "")
