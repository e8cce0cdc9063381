from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import CoreIndicator, Half, IndicatorKind, IndicatorUnit, IndicatorValue
from .values import parse_value

MIN_YEAR, MAX_YEAR = 2000, 2100


class CoreIndicatorForm(forms.ModelForm):
    """A core indicator of the region's methodology, as the coordinator writes it."""

    class Meta:
        model = CoreIndicator
        fields = ["code", "name", "definition", "unit", "kind", "collection", "position"]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "collection": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.instance.region = region
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = CoreIndicator.objects.filter(region=self.region, code__iexact=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("The region already has an indicator with the code %(code)s.") % {"code": code})
        return code

    def clean(self):
        cleaned = super().clean()
        unit, kind = cleaned.get("unit"), cleaned.get("kind")
        if unit and kind and (unit == IndicatorUnit.TEXT) != (kind == IndicatorKind.QUALITATIVE):
            self.add_error(
                "unit",
                _("A qualitative indicator is recorded as text; a quantitative one as a count, EUR or %."),
            )
        return cleaned


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


class ValueForm(forms.ModelForm):
    """The values of one core indicator in the period being entered; checked against the indicator's unit."""

    class Meta:
        model = IndicatorValue
        fields = ["baseline", "target", "actual", "source", "note"]

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        numeric = indicator.unit != IndicatorUnit.TEXT
        for name in IndicatorValue.NUMERIC_FIELDS:
            if numeric:
                self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"})
            else:
                self.fields[name].widget = forms.Textarea(attrs={"rows": 2, "class": "form-control"})
        for name in ("source", "note"):
            self.fields[name].widget = forms.Textarea(attrs={"rows": 1, "class": "form-control"})

    def _clean_number(self, name):
        try:
            return parse_value(self.indicator.unit, self.cleaned_data.get(name)).text
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean_baseline(self):
        return self._clean_number("baseline")

    def clean_target(self):
        return self._clean_number("target")

    def clean_actual(self):
        return self._clean_number("actual")

    def _post_clean(self):
        # Municipality, indicator and period are set by the view before validation.
        self.instance.indicator = self.indicator
        super()._post_clean()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:  # mark invalid inputs and point them at their message
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_errors"

    @property
    def is_empty(self) -> bool:
        return not any((self.cleaned_data.get(name) or "").strip() for name in self.Meta.fields)
