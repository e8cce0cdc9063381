from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .models import ActionPlan


class ActionPlanCreateForm(forms.ModelForm):
    """Start a new plan for one of the municipalities the user edits."""

    class Meta:
        model = ActionPlan
        fields = ["municipality", "period_start", "period_end", "title"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if municipalities.count() == 1:
            self.fields["municipality"].initial = municipalities.first()
        for name in ("period_start", "period_end"):
            self.fields[name].widget.attrs.update({"min": 2000, "max": 2100})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned


def municipalities_for_new_plan(user, queryset=None):
    from municipalities.access import access_of

    queryset = queryset if queryset is not None else Municipality.objects.all()
    return queryset.filter(pk__in=access_of(user).editor_of).select_related("region")
