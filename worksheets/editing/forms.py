from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from municipalities.models import Municipality
from seimpact.lib.forms import CellTextField
from seimpact.lib.merge import decode_base, encode_base, stored_values

from ..models import ActionPlan, WorksheetNote
from ..registry import WORKSHEETS

FIRST_YEAR = 2000  # the earliest year a plan's period may start or end in
LAST_YEAR = 2100  # the latest
MAX_PERIOD_YEARS = 10  # the longest period a plan may cover, counting both its first and last year

EMPTY_PLAN = ""  # ``ActionPlanCreateForm.source``: start with the template's standard rows only
LATEST_PLAN = "latest"  # ``ActionPlanCreateForm.source``: copy the chosen municipality's latest plan


class ActionPlanCreateForm(forms.ModelForm):
    """Start a new plan for one of the municipalities the user edits: empty, or as a copy of one of that
    municipality's plans (``source``), carrying the worksheets ticked (``worksheets``; all by default).

    The period's years lie within ``FIRST_YEAR``–``LAST_YEAR``, the end not before the start, and the period covers
    at most ``MAX_PERIOD_YEARS`` years (2026–2035 at most for a plan starting in 2026); each is refused with a
    message on the year concerned.

    ``cleaned_data`` then holds ``copy_from`` (the plan to copy, or None) and ``worksheets`` (their numbers).
    ``source`` offers the plans the user may read of the municipalities they edit, by municipality; by default
    the latest one (by period) of the municipality. A plan of another municipality is refused with a message.
    """

    source = forms.ChoiceField(
        label=_("Start from"),
        required=False,
        help_text=_(
            "A copy keeps the rows and the links between goals, tasks, activities and indicators; statuses, "
            "achieved results, due dates and recommendations start empty."
        ),
        error_messages={"invalid_choice": _("Choose one of the municipality's plans to copy, or an empty plan.")},
    )
    worksheets = forms.TypedMultipleChoiceField(
        label=_("Worksheets to copy"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(w.number, format_lazy("{}. {}", w.number, w.title)) for w in WORKSHEETS],
        initial=[w.number for w in WORKSHEETS],
    )

    class Meta:
        model = ActionPlan
        fields = ["municipality", "period_start", "period_end", "title"]

    def __init__(self, *args, municipalities, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        municipalities = list(municipalities)
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0]
        for name in ("period_start", "period_end"):
            field = self.fields[name]
            field.min_value, field.max_value = FIRST_YEAR, LAST_YEAR
            field.validators = [validate_plan_year]  # instead of the model field's 0 and the database's range
            field.widget.attrs.update({"min": FIRST_YEAR, "max": LAST_YEAR})
        plans = list(
            ActionPlan.objects.visible_to(user)
            .filter(municipality__in=[m.pk for m in municipalities])
            .select_related("municipality__region")
            .order_by("-period_start", "-period_end", "pk")
        )
        self.source_plans = {str(plan.pk): plan for plan in plans}
        choices = [(EMPTY_PLAN, _("An empty plan (the template's standard risks and monitoring activities)"))]
        if len(municipalities) > 1:
            choices.append((LATEST_PLAN, _("The latest plan of the chosen municipality")))
        for municipality in municipalities:
            own = [(str(p.pk), _plan_label(p)) for p in plans if p.municipality_id == municipality.pk]
            if own:
                choices.append((municipality.name, own))
        self.fields["source"].choices = choices
        if len(municipalities) > 1:
            self.fields["source"].initial = LATEST_PLAN
        elif plans:
            self.fields["source"].initial = str(plans[0].pk)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start is not None and end is not None:
            if end < start:
                self.add_error("period_end", _("The period cannot end before it starts."))
            elif end - start + 1 > MAX_PERIOD_YEARS:
                self.add_error(
                    "period_end",
                    ngettext(
                        "A plan's period covers at most %(years)s year: end it in %(last)s at the latest.",
                        "A plan's period covers at most %(years)s years: end it in %(last)s at the latest.",
                        MAX_PERIOD_YEARS,
                    )
                    % {"years": MAX_PERIOD_YEARS, "last": start + MAX_PERIOD_YEARS - 1},
                )
        municipality, source = cleaned.get("municipality"), cleaned.pop("source", EMPTY_PLAN)
        copy_from = None
        if source == LATEST_PLAN and municipality is not None:
            copy_from = next((p for p in self.source_plans.values() if p.municipality_id == municipality.pk), None)
        elif source not in (EMPTY_PLAN, LATEST_PLAN):
            copy_from = self.source_plans[source]
            if municipality is not None and copy_from.municipality_id != municipality.pk:
                self.add_error(
                    "source",
                    _("A plan can only be copied within its municipality: choose a plan of %(municipality)s.")
                    % {"municipality": municipality.name},
                )
        cleaned["copy_from"] = copy_from
        cleaned["worksheets"] = sorted(set(cleaned.get("worksheets") or ()))
        return cleaned


def validate_plan_year(year: int) -> None:
    """A year of a plan's period: ``FIRST_YEAR``–``LAST_YEAR``; ``ValidationError`` (code "year") otherwise."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year from %(first)s to %(last)s."),
            code="year",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def _plan_label(plan: ActionPlan) -> str:
    """How the new-plan form names a plan to copy: "2026–2027 — Title (Published)"."""
    return f"{plan.period} — {plan.title} ({plan.get_status_display()})"


def municipalities_for_new_plan(user):
    """The municipalities ``user`` may start a plan for (those they edit), with their regions, for the form."""
    return Municipality.objects.edited_by(user).select_related("region")


# --- worksheet tables ------------------------------------------------------------------------------------


class LinkSelect(forms.Select):
    """A select of this plan's goals or tasks. Every row of a grid offers the same options, so they are
    rendered to HTML once per page and only the selected one is marked per row (a grid of 200 rows
    would otherwise render 200 × 200 options through the template engine)."""

    def render(self, name, value, attrs=None, renderer=None):
        options_html = getattr(self, "options_html", None)
        if options_html is None:
            return super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        marker = f'<option value="{escape(selected)}">'
        options = options_html.replace(marker, f'<option value="{escape(selected)}" selected>', 1)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe(options))


class LinkChoices(list, BaseChoiceIterator):
    """``[(value, label), ...]`` with the options' HTML rendered once, and the rows behind them loaded once.

    Already in the form Django's fields and widgets keep choices in: as a ``BaseChoiceIterator`` it is taken as it is
    (``django.utils.choices.normalize_choices``) instead of being copied twice for every form of the grid."""

    def __init__(self, choices, queryset):
        super().__init__(choices)
        self.queryset = queryset

    @cached_property
    def rows_by_pk(self) -> dict:
        return {row.pk: row for row in self.queryset}

    @cached_property
    def rendered_options(self) -> str:
        return "".join(format_html('<option value="{}">{}</option>', value, label) for value, label in self)


class PrefetchedModelChoiceField(forms.ModelChoiceField):
    """Looks the chosen row up in rows loaded once for the whole grid, not with a query per row."""

    rows_by_pk: dict | None = None

    def to_python(self, value):
        if self.rows_by_pk is None or value in self.empty_values:
            return super().to_python(value)
        try:
            return self.rows_by_pk[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class BaseDigestsMixin:
    """A hidden ``base`` field: the digests of the form's values as the page was loaded
    (``seimpact.lib.merge``), so a save writes only what this user changed since."""

    def _init_base(self):
        self.fields["base"] = forms.CharField(required=False, widget=forms.HiddenInput)
        if self.instance.pk is not None:
            self.fields["base"].initial = encode_base(stored_values(self.instance, self.merged_names))

    @property
    def merged_names(self) -> list[str]:
        """The form's fields that hold content (what the merge compares): all but the id, position and base."""
        return [name for name in self.fields if name not in ("id", "position", "base", "DELETE")]

    @property
    def base_digests(self) -> dict[str, str] | None:
        """``{field name: digest}`` the page was loaded with, or ``None`` when the page sent none."""
        return decode_base(self.data.get(self.add_prefix("base"))) if self.is_bound else None


class RowForm(BaseDigestsMixin, forms.ModelForm):
    """One row of a worksheet table. Link fields offer only this plan's rows, with choices computed once.

    A required column (``BoundColumn.required``) must be filled on a new row and cannot be emptied on a stored row
    that has it; a stored row that holds it empty (a template's example row kept in a real plan, e.g. ws 2 rows 1, 3
    and 4 of Jelgavas novads' plan in ``fixtures/plans``) may be saved as it is, so an officer is never held up by
    rows they did not touch; the plan quality checks (``completeness.plan_problems``) report such a row. The row
    model's own rules (``clean``, e.g. a high risk's preventive measures, which Dobele's ws 10 row 3 lacks) follow
    the same rule: a row may keep a breach it is stored with, never gain one.
    ``stored_row``: the row as stored, where the form's instance is not it (the Excel import checks each row on a
    new instance); by default the form's instance when it is saved.

    ``vanished_id``: the id of a row the page showed that is no longer stored (a colleague deleted it meanwhile);
    the form then stands for that row as the officer left it.
    """

    vanished_id: int | None = None

    def __init__(self, *args, plan, link_choices, stored_row=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if stored_row is None and self.instance.pk is not None:
            stored_row = self.instance
        for name in stored_without(stored_row, self.fields):
            self.fields[name].required = False
        self.stored_breaches = stored_breaches(stored_row)  # before the save's values reach the instance
        for name, (queryset, choices) in link_choices.items():
            field = self.fields[name]
            field.queryset = queryset
            field.rows_by_pk = choices.rows_by_pk
            field.choices = choices
            field.widget.options_html = choices.rendered_options  # rendered once per page (see LinkSelect)
        if "position" in self.fields:
            self.fields["position"].required = False
        for field in self.fields.values():
            choices = getattr(field, "choices", None)
            if isinstance(field, forms.TypedChoiceField) and choices and choices[0][0] == "":
                field.choices = [("", "—"), *choices[1:]]
        for name, field in self.fields.items():
            if name in ("position", "id"):
                continue
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"  # a yes/no column (ws 9's own checklist items: done)
            elif isinstance(field.widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
        self._init_base()

    def _post_clean(self):
        self.instance.plan = self.plan
        super()._post_clean()

    def _update_errors(self, errors):
        # The model's errors, less the breaches of its rules the stored row already had (see the class).
        if self.stored_breaches and hasattr(errors, "error_dict"):
            kept = {}
            for name, messages in errors.error_dict.items():
                messages = [m for m in messages if (name, m.code) not in self.stored_breaches]
                if messages:
                    kept[name] = messages
            if not kept:
                return
            errors = ValidationError(kept)
        super()._update_errors(errors)

    def _get_validation_exclusions(self):
        # Links were checked against this plan's rows by the form field; the model's own check would
        # query once per row.
        exclusions = super()._get_validation_exclusions()
        exclusions.update(name for name, field in self.fields.items() if isinstance(field, PrefetchedModelChoiceField))
        return exclusions

    def has_changed(self):
        # Reordering alone renumbers ``position``; it neither makes an empty new row count nor is it an
        # edit of the row's content (the save service records moves separately).
        return any(name not in ("position", "base") for name in self.changed_data)


def stored_without(row, names) -> list[str]:
    """The required columns among ``names`` (form field names) that the stored ``row`` holds empty: those it may
    keep empty when saved again (see ``RowForm``). ``[]`` for no row (a new one)."""
    if row is None:
        return []
    empty = []
    for name in names:
        try:
            field = row._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a form's own field: the base digests, the position's order, the deletion mark
        if field.blank or field.has_default() or not field.editable:
            continue
        if getattr(row, field.attname) in field.empty_values:
            empty.append(name)
    return empty


def stored_breaches(row) -> frozenset[tuple[str, str]]:
    """The rules of its model's ``clean`` the stored ``row`` breaks, as ``{(field name, error code)}``; empty for no
    row (a new one) or a row that keeps them all. Runs ``clean`` only (no field validation, no query)."""
    if row is None:
        return frozenset()
    try:
        row.clean()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            return frozenset((NON_FIELD_ERRORS, e.code) for e in error.error_list)
        return frozenset((name, e.code) for name, errors in error.error_dict.items() for e in errors)
    return frozenset()


class BaseRowFormSet(forms.BaseModelFormSet):
    """The forms of one worksheet table of a plan: a form per row (``table.rows_of(plan)``), prefixed with the
    table's key; the hidden ids are looked up in the rows loaded once for the whole grid."""

    def __init__(self, *args, table, plan, link_choices, **kwargs):
        self.table = table
        self.plan = plan
        kwargs.setdefault("queryset", table.rows_of(plan))
        kwargs["form_kwargs"] = {"plan": plan, "link_choices": link_choices}
        super().__init__(*args, prefix=table.key, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The hidden id of each saved row: looked up among the rows this formset loaded anyway.
        id_field = form.fields[self.model._meta.pk.name]
        if isinstance(id_field, forms.ModelChoiceField):
            cached = PrefetchedModelChoiceField(
                id_field.queryset, initial=id_field.initial, widget=id_field.widget, required=id_field.required
            )
            cached.rows_by_pk = self._rows_by_pk
            form.fields[self.model._meta.pk.name] = cached

    def __getitem__(self, index):
        # The template engine looks ``formset.management_form`` up as ``formset["management_form"]`` first, which
        # would build every form of the grid; the page's GET renders its rows without them (``editing.grid``).
        if not isinstance(index, int | slice):
            raise TypeError(f"formset indices are whole numbers, not {type(index).__name__}")
        return super().__getitem__(index)

    @cached_property
    def _rows_by_pk(self) -> dict:
        return {row.pk: row for row in self.get_queryset()}

    def initial_form_count(self):
        """The saved rows the page sent, never fewer than none nor more than the forms sent (a crafted
        ``INITIAL_FORMS`` is refused in ``clean``)."""
        if not self.is_bound:
            return super().initial_form_count()
        return min(max(super().initial_form_count(), 0), self.total_form_count())

    def total_form_count(self):
        return max(super().total_form_count(), 0)

    def _construct_form(self, i, **kwargs):
        vanished = None
        if self.is_bound and i < self.initial_form_count():
            raw = self.data.get(f"{self.add_prefix(i)}-{self.model._meta.pk.name}")
            try:
                pk = int(raw)
            except (TypeError, ValueError):
                pk = None
            if pk is not None and pk not in self._rows_by_pk and pk > 0:
                vanished = pk
        form = super()._construct_form(i, **kwargs)
        if vanished is not None:
            # A row the page showed that a colleague deleted meanwhile: the form keeps what the officer left
            # in it; the save decides (see ``services.worksheet_save``).
            form.vanished_id = vanished
            form.fields[self.model._meta.pk.name] = forms.IntegerField(required=False, widget=forms.HiddenInput)
        return form

    def clean(self):
        super().clean()
        management = self.management_form.cleaned_data
        sent_initial = management.get("INITIAL_FORMS", 0)
        if not 0 <= sent_initial <= management.get("TOTAL_FORMS", 0):
            raise ValidationError(self.tampered_message, code="tampered")
        seen = set()
        id_name = self.model._meta.pk.name
        for index, form in enumerate(self.forms):
            raw = self.data.get(f"{form.prefix}-{id_name}")
            if index >= self.initial_form_count() and raw:
                raise ValidationError(self.tampered_message, code="tampered")  # a new row carrying a saved row's id
            key = form.instance.pk or form.vanished_id
            if key is not None and index < self.initial_form_count():
                if key in seen:
                    raise ValidationError(self.tampered_message, code="tampered")  # one row sent twice
                seen.add(key)

    tampered_message = _(
        "The page sent rows that do not match the worksheet. Nothing was saved: reload the page and make the "
        "change again."
    )

    @property
    def kept_forms(self):
        """The forms that stay after saving (not marked for deletion)."""
        return [f for f in self.forms if not (self.can_delete and self._should_delete_form(f))]

    @property
    def ordered_kept_forms(self):
        """Kept forms in the order the officer arranged them (the page renumbers ``position``)."""
        indexed = list(enumerate(self.kept_forms))
        indexed.sort(key=lambda item: (item[1].cleaned_data.get("position") or 10**6, item[0]))
        return [form for _index, form in indexed]


def _widget_for(column):
    field = column.field
    if column.suggestions:
        # A free text with suggestions (a textarea cannot have a datalist); a text too long for one line, or with a
        # line break, the grid writes as a textarea instead (``grid.fits_one_line``, ``grid.long_text_widget``).
        return forms.TextInput
    if field.is_relation:
        return LinkSelect
    if field.choices:
        return forms.Select
    if isinstance(field, models.DateField):
        return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    if isinstance(field, models.URLField):
        return forms.URLInput(attrs={"placeholder": "https://"})
    if isinstance(field, models.TextField):
        return forms.Textarea(attrs={"rows": 2, "data-grow": ""})
    return None


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    elif isinstance(field, models.CharField | models.TextField) and not field.choices:
        kwargs["form_class"] = CellTextField
    if field.is_relation:
        kwargs["form_class"] = PrefetchedModelChoiceField
    return field.formfield(**kwargs)


_formset_classes: dict = {}


def row_formset_class(table, *, progress_only: bool = False, page: bool = False):
    """The formset class of one registry table (built once per table and mode).

    ``progress_only``: after approval only the progress columns are editable, and no row is added,
    removed or moved.
    ``page``: the worksheet page's grid (``WorksheetEditor``): the columns it shows only as notes of another column
    (``Column.note_of``, ws 7's task as written) are left out, so the page never posts them and a save, a merge or
    a conflict keeps them as stored. Without it (the Excel import, which reads and checks every column) the form
    has every column.
    """
    key = (table.key, progress_only, page)
    if key not in _formset_classes:
        columns = [c for c in table.bound_columns if (c.progress or not progress_only) and not (page and c.note_of)]
        fields = [c.name for c in columns] + ([] if progress_only else ["position"])
        widgets = {c.name: w for c in columns if (w := _widget_for(c))}
        if not progress_only:
            widgets["position"] = forms.HiddenInput(attrs={"data-position": ""})
        _formset_classes[key] = forms.modelformset_factory(
            table.model,
            form=RowForm,
            formset=BaseRowFormSet,
            fields=fields,
            widgets=widgets,
            formfield_callback=_formfield,
            extra=0,
            can_delete=not progress_only,
            edit_only=progress_only,
        )
    return _formset_classes[key]


class PlanFieldsForm(BaseDigestsMixin, forms.ModelForm):
    """The plan-level answers of a worksheet (e.g. ws 5 support already given, ws 9 checklist)."""

    class Meta:
        model = ActionPlan
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_base()
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            else:
                field.widget.attrs.setdefault("class", "form-control")
                field.widget.attrs.setdefault("data-grow", "")


def plan_fields_form_class(worksheet):
    """A ``PlanFieldsForm`` class for the worksheet's plan-level fields (``Worksheet.plan_fields``, e.g. ws 5's
    support already given); a form without fields for a worksheet that has none."""
    return forms.modelform_factory(
        ActionPlan, form=PlanFieldsForm, fields=list(worksheet.plan_fields), formfield_callback=_formfield
    )


# --- the worksheet's notes -------------------------------------------------------------------------------

NOTE_PREFIX = "note"  # the note form's fields are posted as ``note-text`` and ``note-base``


class WorksheetNoteForm(BaseDigestsMixin, forms.ModelForm):
    """The free text officers write beside a worksheet's table (``WorksheetNote``), saved with the worksheet through
    the same merge as its plan-level fields. ``instance``: the stored note, or an unsaved empty one; its ``base``
    is set either way (an empty text before the first note), so a note a colleague wrote meanwhile is kept, or
    reported as a conflict where this user wrote one too."""

    text = CellTextField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-grow": "", "class": "form-control"}),
    )

    class Meta:
        model = WorksheetNote
        fields = ["text"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", NOTE_PREFIX)
        super().__init__(*args, **kwargs)
        self.fields["base"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["base"].initial = encode_base(stored_values(self.instance, self.merged_names))
