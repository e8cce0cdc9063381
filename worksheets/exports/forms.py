"""The upload form of a plan's Excel import."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    """The .xlsx file to import into a plan, in the layout of the plan's own Excel export."""

    file = forms.FileField(
        label=_("Excel file (.xlsx) in the layout of this plan's export"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )
