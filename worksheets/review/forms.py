"""Forms of the review: a comment on a worksheet or row, and a change of the plan's status."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..numbering import Numbering


class CommentForm(forms.Form):
    """A review comment on a worksheet, optionally on one of its rows (or an answer, without a row)."""

    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "data-grow": ""})
    )
    row = forms.ChoiceField(
        label=_("About the row"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, worksheet, plan, answering: bool = False, numbering=None, **kwargs):
        super().__init__(*args, **kwargs)
        if answering:
            del self.fields["row"]
            self.fields["text"].label = _("Answer")
            return
        numbering = numbering or Numbering(plan)
        choices = [("", _("The worksheet as a whole"))]
        for table in worksheet.tables:
            choices += [(f"{table.key}:{pk}", label) for pk, label in numbering.labels(table).items()]
        self.fields["row"].choices = choices


class TransitionForm(forms.Form):
    """A change of the plan's status: a comment, and for approval the council decision if already taken."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )
    decision_number = forms.CharField(
        label=_("Council decision number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    decision_date = forms.DateField(
        label=_("Council decision date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition.comment_required:
            self.fields["comment"].required = True
            self.fields["comment"].error_messages["required"] = _(
                "Please write a comment: the municipality needs to know what to change."
            )
        if not transition.freezes_version:  # the council decision is recorded with the version
            del self.fields["decision_number"]
            del self.fields["decision_date"]
