from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from seimpact.lib.forms import CellTextField
from seimpact.lib.merge import decode_complete_base, encode_base, stored_values
from seimpact.lib.text import clean_text

from .models import CoreIndicator, Half, IndicatorKind, IndicatorUnit, IndicatorValue
from .values import parse_value

MIN_YEAR, MAX_YEAR = 2000, 2100


CORE_FIELDS = ("code", "name", "definition", "unit", "kind", "collection", "position")  # CoreIndicatorForm's


def core_base(indicator: CoreIndicator) -> str:
    """The base of a ``CoreIndicatorForm`` loaded with ``indicator``: ``seimpact.lib.merge.encode_base`` of its
    ``CORE_FIELDS`` ("code=digest;name=digest;…")."""
    return encode_base(stored_values(indicator, CORE_FIELDS))


def decoded_base(text: str | None, names) -> dict[str, str]:
    """``{field name: digest}`` of a page's hidden base carrying a digest for exactly ``names``
    (``seimpact.lib.merge.decode_complete_base``). Raises ``ValidationError`` (code ``"bad_base"``) when it is
    missing, malformed or incomplete: not a page of this app, or a damaged one."""
    digests = decode_complete_base(text, names)
    if digests is None:
        raise ValidationError(_("The page is out of date or incomplete: reload it."), code="bad_base")
    return digests


class CoreIndicatorForm(forms.ModelForm):
    """A core indicator of the region's methodology, as the coordinator writes it.

    Changing an existing indicator carries ``base`` (``core_base`` of the indicator as the page was loaded), so a
    save writes only the fields this coordinator changed (``services.core_indicator_update``); ``cleaned_data
    ["base"]`` is ``{field name: digest}`` of ``CORE_FIELDS`` then (``decoded_base``), ``None`` for a new
    indicator. ``conflicts`` (``{field name: services.FieldConflict}``) marks the fields another coordinator
    changed too, for the page to show."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CoreIndicator
        fields = list(CORE_FIELDS)
        field_classes = {"definition": CellTextField, "collection": CellTextField}
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "collection": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, region, conflicts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.instance.region = region
        self.conflicts = conflicts or {}
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("base", core_base(self.instance))
        for name in CORE_FIELDS:
            field = self.fields[name]
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            if name in self.conflicts:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_conflict"

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = CoreIndicator.objects.filter(region=self.region, code__iexact=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("The region already has an indicator with the code %(code)s.") % {"code": code})
        return code

    def clean_base(self):
        if not self.instance.pk:
            return None
        return decoded_base(self.cleaned_data["base"], CORE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        unit, kind = cleaned.get("unit"), cleaned.get("kind")
        if unit and kind and not unit_fits_kind(unit, kind):
            self.add_error(
                "unit",
                _("A qualitative indicator is recorded as text; a quantitative one as a count, EUR or %."),
            )
        return cleaned

    @property
    def has_bad_base(self) -> bool:
        """Changing an indicator without a well-formed base: not a page of this app, or a damaged one."""
        return self.is_bound and self.has_error("base")

    def rows(self) -> list[tuple]:
        """``[(bound field, conflict or None), …]`` of the visible fields, for the page."""
        return [(self[name], self.conflicts.get(name)) for name in CORE_FIELDS]


def unit_fits_kind(unit: str, kind: str) -> bool:
    """A qualitative indicator is recorded as text, a quantitative one as a count, EUR or %."""
    return (unit == IndicatorUnit.TEXT) == (kind == IndicatorKind.QUALITATIVE)


class PeriodForm(forms.Form):
    """Which period to enter or compare: a year, or one of its halves."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    half = forms.TypedChoiceField(
        label=_("Part of the year"),
        choices=Half.choices,
        coerce=int,
        initial=Half.WHOLE_YEAR,
        required=False,
        empty_value=Half.WHOLE_YEAR,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


VALUE_FIELDS = ("baseline", "target", "actual", "source", "note")  # what a ValueForm edits, in this order


def stored_form(unit: str, name: str, text: str | None) -> str:
    """``text`` of the field ``name`` as a save stores it: ``clean_text``, stripped, and a number of a quantitative
    ``unit`` normalised by ``parse_value`` ("1 500,5" → "1500.50"). A number no longer valid for ``unit`` (the
    coordinator changed it) stays as it was. Two texts with the same stored form are the same value: a save merges
    these texts (``services.period_values_save``), and the page's base holds their digests (``value_base``)."""
    text = clean_text(text or "").strip()
    if name in IndicatorValue.NUMERIC_FIELDS:
        try:
            return parse_value(unit, text).text
        except ValidationError:
            return text
    return text


def value_texts(indicator: CoreIndicator, value: IndicatorValue | None) -> dict[str, str]:
    """``{field name: stored form}`` of each of ``VALUE_FIELDS`` of ``value`` (None: no value recorded yet, every
    field ``""``), for ``indicator``'s unit: what a save merges against."""
    return {name: stored_form(indicator.unit, name, getattr(value, name) if value else "") for name in VALUE_FIELDS}


def value_base(indicator: CoreIndicator, value: IndicatorValue | None) -> str:
    """The base of a ``ValueForm`` loaded with ``value`` (None: no value recorded yet): ``encode_base``
    (``seimpact.lib.merge``) of ``value_texts``, "baseline=digest;target=digest;…", so a later save can tell what
    changed since."""
    return encode_base(value_texts(indicator, value))


class ValueForm(forms.Form):
    """The values of one core indicator in the period being entered, checked against the indicator's unit, and
    the values the page was loaded with (``base``: ``value_base``), so a save writes only what this user changed.

    ``cleaned_data``: each of ``VALUE_FIELDS`` as it is to be stored (``stored_form``) and ``base``, ``{field name:
    digest}`` of them as the page was loaded (``decoded_base``). Texts are ``CellTextField``: normalised, at most a
    spreadsheet cell long. ``conflicts`` (``{field name: services.FieldConflict}``) marks the values a colleague
    changed too, for the page to show.
    """

    baseline = CellTextField(label=_("baseline"), required=False)
    target = CellTextField(label=_("target"), required=False)
    actual = CellTextField(label=_("actual value"), required=False)
    source = CellTextField(label=_("source"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    note = CellTextField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    base = forms.CharField(widget=forms.HiddenInput, required=True)

    def __init__(self, *args, indicator: CoreIndicator, conflicts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.conflicts = conflicts or {}
        numeric = indicator.unit != IndicatorUnit.TEXT
        for name in IndicatorValue.NUMERIC_FIELDS:
            if numeric:
                self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            else:
                self.fields[name].widget = forms.Textarea(attrs={"rows": 2})
        for name in VALUE_FIELDS:
            self.fields[name].widget.attrs["class"] = "form-control"
            if name in self.conflicts:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].auto_id}_conflict"

    @classmethod
    def for_value(cls, *, indicator: CoreIndicator, value: IndicatorValue | None, prefix: str, conflicts=None):
        """An unbound form showing ``value`` (None: nothing recorded) with it as the base."""
        initial = {name: getattr(value, name) if value else "" for name in VALUE_FIELDS}
        initial["base"] = value_base(indicator, value)
        return cls(initial=initial, indicator=indicator, prefix=prefix, conflicts=conflicts)

    def _clean_value(self, name):
        try:
            return parse_value(self.indicator.unit, self.cleaned_data[name]).text
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean_baseline(self):
        return self._clean_value("baseline")

    def clean_target(self):
        return self._clean_value("target")

    def clean_actual(self):
        return self._clean_value("actual")

    def clean_source(self):
        return stored_form(self.indicator.unit, "source", self.cleaned_data["source"])

    def clean_note(self):
        return stored_form(self.indicator.unit, "note", self.cleaned_data["note"])

    def clean_base(self):
        return decoded_base(self.cleaned_data["base"], VALUE_FIELDS)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:  # mark invalid inputs and point them at their message
            if name in VALUE_FIELDS:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_errors"

    @property
    def has_bad_base(self) -> bool:
        """The hidden base is missing or malformed: not a page of this app, or a damaged one."""
        return self.is_bound and self.has_error("base")

    def cells(self) -> list[tuple]:
        """``[(bound field, conflict or None), …]`` in ``VALUE_FIELDS`` order, for the page's table row."""
        return [(self[name], self.conflicts.get(name)) for name in VALUE_FIELDS]


class ValuesImportForm(forms.Form):
    """The spreadsheet of core indicator values to import (``indicators.imports``): an .xlsx or .csv file."""

    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )
