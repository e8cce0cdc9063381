"""Forms of the review: a comment on a worksheet or row, a change of the plan's status, and the council decision
recorded after approval."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..numbering import Numbering
from .decisions import decision_date_problem, decision_date_range


def limit_decision_date(field: forms.DateField) -> None:
    """Offer only the accepted council decision dates in the date picker (``decision_date_range``, as of today)."""
    earliest, latest = decision_date_range()
    field.widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())


def clean_decision_date(form: forms.Form):
    """The form's ``decision_date`` if ``decision_date_problem`` accepts it, else a ``ValidationError`` saying why."""
    value = form.cleaned_data.get("decision_date")
    problem = decision_date_problem(value)
    if problem:
        raise forms.ValidationError(problem, code="decision_date_range")
    return value


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

    def __init__(self, *args, transition, approval=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        # Approving with open problems or open comments (``decisions.ApprovalCheck``) needs "approve anyway".
        self.approval = approval
        if approval is not None and approval.needs_confirmation:
            self.fields["confirmed"] = forms.BooleanField(
                label=_("Approve anyway, with the open problems and comments listed above"),
                required=True,
                error_messages={"required": _("Tick “Approve anyway” to approve the plan with what is still open.")},
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
        if transition.comment_required:
            self.fields["comment"].required = True
            self.fields["comment"].error_messages["required"] = _(
                "Please write a comment: the municipality needs to know what to change."
            )
        if not transition.freezes_version:  # the council decision is recorded with the version
            del self.fields["decision_number"]
            del self.fields["decision_date"]
        else:
            limit_decision_date(self.fields["decision_date"])

    def clean_decision_date(self):
        return clean_decision_date(self)

    @property
    def decision_missing(self) -> bool:
        """Whether the council decision fields (of an approval) are empty as the form stands: a warning, not an
        error, since the decision can be recorded after approval."""
        if "decision_number" not in self.fields:
            return False
        return not ((self["decision_number"].value() or "").strip() or self["decision_date"].value())


class DecisionForm(forms.Form):
    """The council decision of an approved version, recorded or corrected after approval; validated as at approval.
    ``loaded_number``/``loaded_date`` carry the values the form was shown with, so a change made meanwhile by
    somebody else is noticed instead of overwritten."""

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
    loaded_number = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    loaded_date = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, version, **kwargs):
        kwargs.setdefault("auto_id", f"id_decision_{version.number}_%s")
        kwargs.setdefault(
            "initial",
            {
                "decision_number": version.decision_number,
                "decision_date": version.decision_date,
                "loaded_number": version.decision_number,
                "loaded_date": version.decision_date,
            },
        )
        super().__init__(*args, **kwargs)
        self.version = version
        limit_decision_date(self.fields["decision_date"])

    def clean_decision_date(self):
        return clean_decision_date(self)

    def clean(self):
        data = super().clean()
        if self.errors.keys() & {"loaded_number", "loaded_date"}:
            raise forms.ValidationError(_("The form is out of date. Reload the page and try again."))
        return data
