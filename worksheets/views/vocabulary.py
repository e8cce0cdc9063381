"""The coordinator's vocabulary page: per compared field, the suggested groups of the written variants, and bulk
decisions on them (confirm, merge, split, rename, "not a plan entry").

The region is fetched through the regions the user belongs to (an outsider or another region's coordinator gets
404); deciding is for the region's coordinators and administrators (a municipal member gets 403).
"""

from django import forms
from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import VocabularyEntry, VocabularyField
from ..regional.comparisons import field_grouping, list_cells, plan_columns, region_plans
from ..regional.vocabulary import (
    MAX_TEXT,
    RegionVocabulary,
    Variant,
    VocabularyError,
    assign_variants,
    confirm_groups,
    exclude_variants,
    pending_groups,
    rename_entry,
    variant_key,
)
from .regional import get_region_for

CONFIRM, MERGE, SPLIT, EXCLUDE, RENAME = "confirm", "merge", "split", "exclude", "rename"


class VocabularyActionForm(forms.Form):
    """One bulk decision on the page's groups and variants; the choices are those shown on the page."""

    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        choices=[
            (CONFIRM, gettext_lazy("Confirm the chosen groups as suggested")),
            (MERGE, gettext_lazy("Merge the chosen groups into one entry")),
            (SPLIT, gettext_lazy("Move the chosen variants to another entry or a new one")),
            (EXCLUDE, gettext_lazy("Mark the chosen variants and cells “not a plan entry”")),
            (RENAME, gettext_lazy("Rename the entry")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    groups = forms.MultipleChoiceField(label=gettext_lazy("Groups"), required=False)
    variants = forms.MultipleChoiceField(label=gettext_lazy("Variants"), required=False)
    entry = forms.TypedChoiceField(
        label=gettext_lazy("Entry"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text = forms.CharField(
        label=gettext_lazy("Canonical text"),
        required=False,
        max_length=MAX_TEXT,
        error_messages={
            "max_length": gettext_lazy(
                "The canonical text can be at most %(limit_value)d characters long (it has %(show_value)d)."
            )
        },
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, groups=(), variants=(), entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [(g.row_key, g.text) for g in groups]
        self.fields["variants"].choices = [(key, key) for key in variants]
        self.fields["entry"].choices = [("", _("A new entry"))] + [(pk, text) for pk, text in entries]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if self.has_error("text"):  # the text's own error (e.g. too long) is the reason: no second one about it
            return data
        if action in (CONFIRM, MERGE) and not data.get("groups"):
            raise forms.ValidationError(_("Choose at least one group."))
        if action == MERGE and len(data.get("groups", [])) < 2:
            raise forms.ValidationError(_("Choose at least two groups to merge."))
        if action in (SPLIT, EXCLUDE) and not data.get("variants"):
            raise forms.ValidationError(_("Choose at least one variant."))
        if action == SPLIT and data.get("entry") is None and not data.get("text", "").strip():
            raise forms.ValidationError(_("Choose the entry to move the variants to, or name a new one."))
        if action == RENAME and (data.get("entry") is None or not data.get("text", "").strip()):
            raise forms.ValidationError(_("Choose the entry and write its new canonical text."))
        return data


def _field_or_404(value: str) -> str:
    if value not in VocabularyField.values:
        raise Http404
    return value


def _page_data(region, field_name: str) -> dict:
    """The groups of the field in every plan of the region (one query for the plans, one for the rows, two for the
    decisions), the list cells, and the plan labels."""
    columns = plan_columns(region_plans(region, published_only=False))
    vocabulary = RegionVocabulary.load(region)
    grouping = field_grouping(field_name, columns, vocabulary)
    labels = {c.plan_id: c.label for c in columns}
    cells: dict[str, Variant] = {}
    for plan_id, text in list_cells(field_name, columns):
        key = variant_key(text)
        variant = cells.setdefault(key, Variant(key, decision=vocabulary.decision(field_name, key)))
        variant.spellings[text.strip()] += 1
        variant.plans.add(plan_id)
    groups = sorted(
        (g for g in grouping.groups.values() if g.variants),
        key=lambda g: (g.is_confirmed, -len(g.plans), g.text.casefold()),
    )
    return {"columns": columns, "grouping": grouping, "groups": groups, "cells": cells, "labels": labels}


def vocabulary_page(request, slug: str):
    """The region's vocabulary of one field (``?field=``, by default the first): GET shows the groups, POST makes one
    bulk decision (``VocabularyActionForm``) and comes back to the page; a bad choice is a form error (400)."""
    region = get_region_for(request.user, slug)
    field_name = _field_or_404(request.POST.get("field") or request.GET.get("field") or VocabularyField.values[0])
    data = _page_data(region, field_name)
    grouping, cells = data["grouping"], data["cells"]
    variants = {v.key: v for g in data["groups"] for v in g.variants} | dict(cells)
    entries = list(  # an entry of the region's own that lost every variant is not offered (nothing is in it)
        VocabularyEntry.objects.filter(region=region, field=field_name)
        .filter(Q(code__gt="") | Q(variants__isnull=False))
        .distinct()
        .values_list("pk", "text", "code")
    )
    entry_choices = [(pk, text or code) for pk, text, code in entries]
    status = 200
    if request.method == "POST":
        form = VocabularyActionForm(request.POST, groups=data["groups"], variants=variants, entries=entry_choices)
        if form.is_valid():
            # IntegrityError: the chosen entry was emptied and deleted by a colleague's decision at this moment
            try:
                done = _decide(request, region, field_name, form.cleaned_data, grouping, variants)
            except (VocabularyError, VocabularyEntry.DoesNotExist, IntegrityError):
                form.add_error(None, _("That decision cannot be made: reload the page and try again."))
            else:
                messages.success(request, done)
                return redirect(f"{reverse('worksheets:vocabulary', args=[region.slug])}?field={field_name}")
        status = 400
    else:
        form = VocabularyActionForm(groups=data["groups"], variants=variants, entries=entry_choices)
    context = {
        "region": region,
        "field_name": field_name,
        "fields": VocabularyField.choices,
        "form": form,
        "pending": len(pending_groups(grouping, field_name)),
        "excluded": grouping.excluded,
        **data,
    }
    return render(request, "worksheets/regional/vocabulary/page.html", context, status=status)


def _decide(request, region, field_name: str, data: dict, grouping, variants: dict[str, Variant]) -> str:
    """Carry out the form's decision; returns the message to show."""
    user, action = request.user, data["action"]
    chosen_groups = [grouping.groups[key] for key in data.get("groups", []) if key in grouping.groups]
    chosen_variants = [variants[key] for key in data.get("variants", [])]
    entry = None
    if data.get("entry") is not None:
        entry = VocabularyEntry.objects.get(pk=data["entry"], region=region, field=field_name)
    if action == CONFIRM:
        count = confirm_groups(region=region, field_name=field_name, groups=chosen_groups, user=user)
        return ngettext("%(count)d variant confirmed.", "%(count)d variants confirmed.", count) % {"count": count}
    if action == MERGE:
        members = [v for g in chosen_groups for v in g.variants]
        if entry is None:  # the first chosen group that is an entry already, else a new entry named as typed or so
            existing = next((g for g in chosen_groups if g.entry_id is not None), None)
            if existing is not None:
                entry = VocabularyEntry.objects.get(pk=existing.entry_id, region=region, field=field_name)
        typed = data.get("text", "").strip()  # the canonical text typed is the entry's, whichever entry it is
        text = typed or chosen_groups[0].text
        entry = assign_variants(
            region=region,
            field_name=field_name,
            variants=members,
            user=user,
            entry=entry,
            new_text=text,
            rename=bool(typed),
        )
        return _("Merged into “%(entry)s”.") % {"entry": entry.text or text}
    if action == SPLIT:
        entry = assign_variants(
            region=region,
            field_name=field_name,
            variants=chosen_variants,
            user=user,
            entry=entry,
            new_text=data["text"],
            rename=bool(data["text"].strip()),
        )
        return _("Moved to “%(entry)s”.") % {"entry": entry.text or data["text"]}
    if action == EXCLUDE:
        count = exclude_variants(region=region, field_name=field_name, variants=chosen_variants, user=user)
        return ngettext(
            "%(count)d variant marked “not a plan entry”.", "%(count)d variants marked “not a plan entry”.", count
        ) % {"count": count}
    entry = rename_entry(entry=entry, text=data["text"], user=user)
    return _("Renamed to “%(entry)s”.") % {"entry": entry.text}
