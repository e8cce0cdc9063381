"""The worksheet page's forms: one formset per registry table plus the plan-level fields."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .forms import LinkChoices, plan_fields_form_class, row_formset_class
from .numbering import Numbering, table_of
from .progress import row_anchor
from .registry import Table, Worksheet
from .services import worksheet_state


@dataclass
class Section:
    """One table of the page: its formset (editing) or its rows (reading), and its examples."""

    table: Table
    formset: object | None
    rows: list | None
    examples: list
    numbers: dict

    def anchor(self, pk) -> str:
        return row_anchor(self.table, pk)


class WorksheetEditor:
    def __init__(self, plan, worksheet: Worksheet, *, editable: bool, data=None):
        self.plan = plan
        self.worksheet = worksheet
        self.editable = editable
        self.numbering = Numbering(plan)
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
            target = table_of(column.field.related_model)
            labels = self.numbering.labels(target)
            queryset = target.model.objects.filter(plan=self.plan)
            choices[column.name] = (queryset, LinkChoices([("", "—"), *labels.items()], queryset))
        return choices

    def formset(self, table: Table, data=None):
        return row_formset_class(table)(data, table=table, plan=self.plan, link_choices=self.link_choices(table))

    def _section(self, table: Table) -> Section:
        numbers = self.numbering.numbers(table)
        examples = self.worksheet.examples_for(table)
        if self.editable:
            return Section(table, self.formset(table, self.data), None, examples, numbers)
        rows = list(table.rows_of(self.plan))
        return Section(table, None, rows, examples, numbers)

    @property
    def formsets(self) -> list:
        return [s.formset for s in self.sections]

    def is_valid(self) -> bool:
        results = [formset.is_valid() for formset in self.formsets]  # every formset, for all errors
        valid = all(results)
        if self.plan_form is not None:
            valid = self.plan_form.is_valid() and valid
        return valid
