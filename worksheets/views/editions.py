"""The coordinator's editions of the regional review: the list of a region's editions and a new one, the edit page
(each section's text beside its figures, conclusions, recommendations, strengths and challenges, sources), its history,
choosing again the plans a draft covers, issuing it (refused while it covers a plan not adopted), a corrected re-issue
of an issued edition, and its PDF and Excel (prepared in the background: ``views.prepared``; an issued edition's kept
files streamed from the default storage).

The region is fetched through the regions the user belongs to (an outsider or another region's coordinator gets 404)
and the action needs ``COMPARE_REGION`` (the region's coordinators and administrators; a municipal member gets 403).
An edition is fetched within its region (404 otherwise). Saves merge cell by cell with colleagues' saves
(``worksheets.regional.editions.edition_save``); a collision comes back with status 409 and nothing saved.
"""

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seimpact.lib.merge import cell_digest, decode_base, encode_base, stored_values

from ..models import ADOPTED_STATUSES, FindingKind, PreparedFileKind, RegionalReviewEdition, plans_in_force
from ..models.regional import SECTION_TEXT_FIELDS
from ..regional.comparisons import ALL_PERIODS, LATEST, ComparisonFilter, chosen_plans, region_plans
from ..regional.editions import (
    EDITED_FIELDS,
    ROW_LISTS,
    EditionConflict,
    EditionCoversUnadoptedPlans,
    EditionExists,
    EditionIssued,
    RowEdit,
    edition_correct,
    edition_create,
    edition_document,
    edition_filename,
    edition_issue,
    edition_review,
    edition_save,
    edition_set_plans,
    issued_file,
    region_plan_choices,
    superseded_by,
    unadopted_plans,
)
from ..regional.review import SECTION_GUIDANCE, SECTION_TITLES
from ..tasks import keep_issued_files
from .plans import form_index
from .prepared import start_download, stored_file_response
from .regional import filter_choices, get_region_for

MARKDOWN_HELP = gettext_lazy(
    "Paragraphs are separated by an empty line; a list's lines start with “- ” or “1. ”; *emphasis*, **strong**, "
    "[a link](https://…)."
)
EXTRA_ROWS = 2  # empty rows under each list (more are added in place by htmx, or by saving without a script)


def get_edition_for(user, slug: str, pk: int) -> RegionalReviewEdition:
    """The edition ``pk`` of region ``slug`` for a user who may compare the region's plans (``get_region_for``: 404 for
    an outsider, 403 for a municipal member); 404 when the edition is not the region's."""
    region = get_region_for(user, slug)
    return get_object_or_404(RegionalReviewEdition.objects.select_related("region"), region=region, pk=pk)


# --- forms ----------------------------------------------------------------------------------------------------------


class EditionCreateForm(forms.Form):
    """A new edition: its year and title, which plans it reviews (as the comparisons' period filter), and
    optionally an earlier edition whose text it starts from."""

    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    period = forms.ChoiceField(label=gettext_lazy("Plans reviewed"), required=False)
    based_on = forms.ModelChoiceField(
        label=gettext_lazy("Start from the text of"),
        queryset=RegionalReviewEdition.objects.none(),
        required=False,
        empty_label=gettext_lazy("— an empty edition —"),
    )

    def __init__(self, *args, region, plans, **kwargs):
        super().__init__(*args, **kwargs)
        choices = filter_choices(region, plans)
        self.fields["period"].choices = [
            (LATEST, _("Each municipality's plan in force")),
            *[(value, label) for value, label in choices["period_choices"]],
            (ALL_PERIODS, _("All periods")),
        ]
        self.fields["based_on"].queryset = RegionalReviewEdition.objects.filter(region=region)


def plan_label(plan) -> str:
    """A plan as the coordinator picks it: municipality, period and status."""
    return f"{plan.municipality.name} {plan.period} — {plan.get_status_display()}"


class EditionPlansForm(forms.Form):
    """The plans a draft edition covers: any plans of its region, each with its status (only adopted ones can be
    issued)."""

    plans = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Plans reviewed"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": gettext_lazy("Choose at least one plan.")},
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region_plans = region_plan_choices(region)
        self.fields["plans"].choices = [(plan.pk, plan_label(plan)) for plan in self.region_plans]

    def chosen(self) -> list:
        """The chosen plans (after ``is_valid``)."""
        ids = set(self.cleaned_data["plans"])
        return [plan for plan in self.region_plans if plan.pk in ids]


class EditionTextForm(forms.ModelForm):
    """The edition's title and texts, with the digests they were loaded with (``base``) and the revision."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = RegionalReviewEdition
        fields = list(EDITED_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in EDITED_FIELDS if name != "title"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in EDITED_FIELDS:
            if name != "title":
                self.fields[name].help_text = MARKDOWN_HELP


MAX_ROW_ID = 2**63 - 1  # the largest id a row can have (64-bit, SQLite and PostgreSQL alike)
MAX_POSITION = 2**31 - 1  # the largest position the rows' ``PositiveIntegerField`` holds on PostgreSQL


def _formfield(model_field, **kwargs):
    """A list row's form field: addresses taken as https:// when typed without a scheme."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class RowFormSet(forms.BaseFormSet):
    """A list's rows; the "Remove" box styled as a check box."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


def _row_form(row_model, names):
    """A formset of the rows of one of the edition's lists: each row's fields, its id and the digests it was loaded
    with; rows are removed by ticking "Delete" and added in the empty rows under the list."""
    widgets = {} if "url" in names else {"text": forms.Textarea(attrs={"rows": 2})}

    class RowForm(forms.ModelForm):
        row_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ROW_ID)
        base = forms.CharField(widget=forms.HiddenInput, required=False)
        # kept in the rows' order on the page by static/js/worksheet.js (moved with the ↑/↓ buttons)
        position = forms.IntegerField(
            label=gettext_lazy("No."),
            min_value=0,
            max_value=MAX_POSITION,
            required=False,
            widget=forms.HiddenInput(attrs={"data-position": ""}),
        )

        class Meta:
            model = row_model
            fields = list(names)
            formfield_callback = _formfield

        def has_changed(self) -> bool:
            """An empty row stays empty (and is skipped) when only its position was set by the page's ordering."""
            return any(name != "position" for name in self.changed_data)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, widget in widgets.items():
                self.fields[name].widget = widget
            for field in self.visible_fields():
                if field.name != "DELETE":
                    select = isinstance(field.field.widget, forms.Select)
                    field.field.widget.attrs["class"] = (
                        "form-select form-select-sm" if select else "form-control form-control-sm"
                    )

    return forms.formset_factory(RowForm, formset=RowFormSet, extra=EXTRA_ROWS, can_delete=True)


ROW_FORMSETS = {name: _row_form(model, names) for name, (model, names) in ROW_LISTS.items()}
LIST_TITLES = {
    "recommendations": gettext_lazy("Recommendations"),
    "findings": gettext_lazy("Strengths and challenges"),
    "sources": gettext_lazy("Sources"),
}


def _row_initial(row, names) -> dict:
    values = stored_values(row, names)
    return {**values, "row_id": row.pk, "base": encode_base(values)}


def _stored_rows(edition, name):
    model, _names = ROW_LISTS[name]
    return list(model.objects.filter(edition=edition).order_by("position", "id"))


def _unbound_forms(edition) -> tuple:
    values = stored_values(edition, EDITED_FIELDS)
    text_form = EditionTextForm(instance=edition, initial={"base": encode_base(values), "revision": edition.revision})
    formsets = {
        name: ROW_FORMSETS[name](
            prefix=name, initial=[_row_initial(row, ROW_LISTS[name][1]) for row in _stored_rows(edition, name)]
        )
        for name in ROW_LISTS
    }
    return text_form, formsets


def _row_edits(formset, names) -> list[RowEdit]:
    edits = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data:
            continue
        values = {name: data.get(name) for name in names}
        if values.get("position") is None:
            values["position"] = 0
        edits.append(
            RowEdit(
                id=data.get("row_id"),
                values=values,
                base=decode_base(data.get("base")),
                delete=bool(data.get("DELETE")),
            )
        )
    return edits


def _rebased_data(edition, post, text_form, formsets) -> QueryDict:
    """The page after a collision: the edition as stored now with this author's own changes on top, each form's
    ``base`` the stored values' digests, so saving again writes only what the author keeps."""
    data = QueryDict(mutable=True)
    data["csrfmiddlewaretoken"] = post.get("csrfmiddlewaretoken", "")
    old_base = decode_base(text_form.cleaned_data.get("base")) or {}
    current = stored_values(edition, EDITED_FIELDS)
    for name in EDITED_FIELDS:
        mine = text_form.cleaned_data.get(name) or ""
        changed = name in old_base and cell_digest(mine) != old_base[name]
        data[name] = mine if changed else (current[name] or "")
    data["base"] = encode_base(current)
    data["revision"] = str(edition.revision)
    for name, formset in formsets.items():
        _model, names = ROW_LISTS[name]
        rows = _stored_rows(edition, name)
        mine = {edit.id: edit for edit in _row_edits(formset, names) if edit.id}
        entries = []
        for row in rows:
            stored = stored_values(row, names)
            edit = mine.pop(row.pk, None)
            values = stored
            if edit and edit.base is not None:
                values = {
                    n: (edit.values[n] if cell_digest(edit.values[n]) != edit.base.get(n) else stored[n]) for n in names
                }
            entries.append((row.pk, values, encode_base(stored), bool(edit and edit.delete)))
        for edit in mine.values():  # rows a colleague deleted meanwhile: kept as new rows if the author keeps them
            if not edit.delete:
                entries.append((None, edit.values, "", False))
        for edit in _row_edits(formset, names):
            if edit.id is None and not edit.delete and (edit.values.get("text") or "").strip():
                entries.append((None, edit.values, "", False))
        prefix = name
        data[f"{prefix}-TOTAL_FORMS"] = str(len(entries) + EXTRA_ROWS)
        data[f"{prefix}-INITIAL_FORMS"] = str(len(entries))
        for index, (row_id, values, base, delete) in enumerate(entries):
            data[f"{prefix}-{index}-row_id"] = "" if row_id is None else str(row_id)
            data[f"{prefix}-{index}-base"] = base
            for field_name, value in values.items():
                data[f"{prefix}-{index}-{field_name}"] = "" if value is None else str(value)
            if delete:
                data[f"{prefix}-{index}-DELETE"] = "on"
    return data


def _sections(review, text_form) -> list[dict]:
    by_number = {section.number: section for section in review.sections}
    return [
        {
            "number": number,
            "title": SECTION_TITLES[number],
            "guidance": SECTION_GUIDANCE[number],
            "field": text_form[field_name],
            "tables": by_number[number].tables if number in by_number else [],
        }
        for number, field_name in SECTION_TEXT_FIELDS.items()
    ]


def _conflict_notes(conflict: EditionConflict) -> dict:
    return {cell.name: cell for cell in conflict.cells}


# --- views ----------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def edition_list(request, slug: str):
    """The region's editions (latest year first) and a form for a new one; a new edition for a year that has one is
    refused with a message on the form."""
    region = get_region_for(request.user, slug)
    plans = region_plans(region, published_only=False)
    form = EditionCreateForm(request.POST if request.method == "POST" else None, region=region, plans=plans)
    if request.method == "POST" and form.is_valid():
        selection = ComparisonFilter(period=form.cleaned_data["period"] or LATEST)
        try:
            edition = edition_create(
                region=region,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                user=request.user,
                plans=chosen_plans(plans, selection),
                based_on=form.cleaned_data["based_on"],
            )
        except EditionExists as exists:
            if exists.existing is not None and exists.existing.is_issued:
                form.add_error(
                    "year",
                    _(
                        "The region's review for this year is issued. To correct it, open the issued edition and "
                        "start a corrected edition."
                    ),
                )
            else:
                form.add_error("year", _("The region already has an edition of its review for this year."))
        else:
            messages.success(request, _("The edition is created. Write its text section by section."))
            return redirect("worksheets:edition_edit", slug=region.slug, pk=edition.pk)
    editions = RegionalReviewEdition.objects.filter(region=region).select_related("issued_by")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "worksheets/regional/editions/list.html",
        {"region": region, "editions": editions, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def edition_edit(request, slug: str, pk: int):
    """A draft edition's edit page: each section's text above its figures (the live review of the edition's plans),
    the conclusions and the three lists; saving merges with colleagues' saves (409 and nothing saved on a
    collision). An issued edition is read-only: its reading page."""
    edition = get_edition_for(request.user, slug, pk)
    if edition.is_issued:
        return redirect("worksheets:edition_detail", slug=slug, pk=pk)
    conflict = None
    status = 200
    if request.method == "POST":
        text_form = EditionTextForm(request.POST, instance=edition)
        formsets = {name: ROW_FORMSETS[name](request.POST, prefix=name) for name in ROW_LISTS}
        if text_form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            try:
                result = edition_save(
                    edition=edition,
                    texts={name: text_form.cleaned_data.get(name) or "" for name in EDITED_FIELDS},
                    base=decode_base(text_form.cleaned_data.get("base")),
                    revision=text_form.cleaned_data["revision"],
                    lists={name: _row_edits(formset, ROW_LISTS[name][1]) for name, formset in formsets.items()},
                    user=request.user,
                )
            except EditionIssued:
                messages.error(request, _("This edition has been issued meanwhile: it can no longer be changed."))
                return redirect("worksheets:edition_detail", slug=slug, pk=pk)
            except EditionConflict as error:
                conflict = error
                edition = error.edition
                data = _rebased_data(edition, request.POST, text_form, formsets)
                text_form = EditionTextForm(data, instance=edition)
                formsets = {name: ROW_FORMSETS[name](data, prefix=name) for name in ROW_LISTS}
                text_form.is_valid()
                status = 409
            else:
                if result.wrote:
                    messages.success(request, _("Saved."))
                else:
                    messages.info(request, _("Nothing to save: nothing was changed."))
                return redirect("worksheets:edition_edit", slug=slug, pk=pk)
        else:
            status = 400
    else:
        text_form, formsets = _unbound_forms(edition)
    review = edition_review(edition)
    context = {
        "region": edition.region,
        "edition": edition,
        "review": review,
        "text_form": text_form,
        "sections": _sections(review, text_form),
        "formsets": [(name, LIST_TITLES[name], formsets[name]) for name in ROW_LISTS],
        "conflict": conflict,
        "unadopted": unadopted_plans(edition),
        "conflict_cells": _conflict_notes(conflict) if conflict else {},
        "finding_kinds": FindingKind,
    }
    return render(request, "worksheets/regional/editions/edit.html", context, status=status)


@require_GET
def edition_new_row(request, slug: str, pk: int, name: str):
    """An empty row of one of a draft edition's lists (``name``: recommendations, findings, sources) for the edit page
    (htmx): the form at the index the page asks for (``<name>-TOTAL_FORMS``, the count of rows on the page), always a
    new row. The region's coordinators (an outsider gets 404, a municipal member 403); an unknown list or an issued
    edition is 404; an index that is missing, not a whole number or past the formset's limit is 400."""
    edition = get_edition_for(request.user, slug, pk)
    if name not in ROW_LISTS or edition.is_issued:
        raise Http404
    formset_class = ROW_FORMSETS[name]
    index = form_index(request.GET.get(f"{name}-TOTAL_FORMS", ""))
    if index is None or index >= formset_class.absolute_max:
        return HttpResponseBadRequest(_("The row number is not valid. Reload the page."))
    formset = formset_class(prefix=name)
    form = formset.form(
        **formset.get_form_kwargs(index),
        auto_id=formset.auto_id,
        prefix=formset.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        renderer=formset.form_renderer,
    )
    formset.add_fields(form, None)  # None: a new row, whatever rows were saved since the page was loaded
    context = {"form": form, "name": name, "index": index}
    return render(request, "worksheets/regional/editions/edit.html#list_row", context)


def edition_detail(request, slug: str, pk: int):
    """An edition as a reading page (the document's HTML), draft or issued, for the region's coordinators."""
    edition = get_edition_for(request.user, slug, pk)
    context = {
        "region": edition.region,
        "edition": edition,
        "document": edition_document(edition),
        "public": False,
        "superseded_by": superseded_by(edition),
        "unadopted": [] if edition.is_issued else unadopted_plans(edition),
    }
    return render(request, "worksheets/regional/editions/detail.html", context)


@require_POST
def edition_correct_view(request, slug: str, pk: int):
    """Start a corrected re-issue of an issued edition (a draft with the next edition number, its text copied) and
    open it; when a draft of the year exists already, open that one with a message. A draft is not corrected: 404."""
    edition = get_edition_for(request.user, slug, pk)
    if not edition.is_issued:
        raise Http404
    try:
        draft = edition_correct(edition=edition, user=request.user)
    except EditionExists as exists:
        messages.info(request, _("A corrected edition of this year is being written already: here it is."))
        draft = exists.existing
    else:
        messages.success(
            request,
            _("The corrected edition is created from the issued one. Once issued, it replaces it on the public page."),
        )
    return redirect("worksheets:edition_edit", slug=slug, pk=draft.pk)


@require_http_methods(["GET", "POST"])
def edition_plans(request, slug: str, pk: int):
    """Choose again the plans a draft edition covers (its figures follow); ``?adopted=1`` proposes each
    municipality's adopted plan in force, the plans an edition can be issued with. An issued edition: to its page."""
    edition = get_edition_for(request.user, slug, pk)
    if edition.is_issued:
        messages.info(request, _("This edition is issued: the plans it covers are frozen."))
        return redirect("worksheets:edition_detail", slug=slug, pk=pk)
    form = EditionPlansForm(request.POST if request.method == "POST" else None, region=edition.region)
    if request.method == "POST" and form.is_valid():
        try:
            changed = edition_set_plans(edition=edition, plans=form.chosen(), user=request.user)
        except EditionIssued:
            messages.error(request, _("This edition has been issued meanwhile: it can no longer be changed."))
            return redirect("worksheets:edition_detail", slug=slug, pk=pk)
        if changed:
            messages.success(request, _("The plans the edition covers are saved."))
        else:
            messages.info(request, _("Nothing to save: nothing was changed."))
        return redirect("worksheets:edition_edit", slug=slug, pk=pk)
    if request.method == "GET":
        if request.GET.get("adopted") == "1":
            adopted = [plan for plan in form.region_plans if plan.status in ADOPTED_STATUSES]
            initial = [plan.pk for plan in plans_in_force(adopted).values()]
        else:
            initial = list(edition.plans.values_list("pk", flat=True))
        form = EditionPlansForm(initial={"plans": initial}, region=edition.region)
    context = {
        "region": edition.region,
        "edition": edition,
        "form": form,
        "adopted_statuses": [str(status) for status in ADOPTED_STATUSES],
        "unadopted": unadopted_plans(edition),
    }
    return render(
        request, "worksheets/regional/editions/plans.html", context, status=400 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
def edition_issue_view(request, slug: str, pk: int):
    """Issuing a draft edition: a confirmation page, then (POST) its text and figures frozen. An issued edition is
    refused with a message."""
    edition = get_edition_for(request.user, slug, pk)
    if edition.is_issued:
        messages.info(request, _("This edition is already issued."))
        return redirect("worksheets:edition_detail", slug=slug, pk=pk)
    status = 200
    unadopted = unadopted_plans(edition)
    if request.method == "POST":
        try:
            issued = edition_issue(edition=edition, user=request.user)
        except EditionIssued:
            messages.info(request, _("This edition is already issued."))
        except EditionCoversUnadoptedPlans as refused:
            unadopted, status = refused.plans, 400
        else:
            # its PDF and workbook made once, in the background, for the public downloads
            transaction.on_commit(lambda: keep_issued_files.enqueue(issued.pk))
            messages.success(request, _("The edition is issued: its text and figures are frozen and public."))
        if status == 200:
            return redirect("worksheets:edition_detail", slug=slug, pk=pk)
    context = {
        "region": edition.region,
        "edition": edition,
        "unadopted": [plan_label(plan) for plan in unadopted],
        "superseding": superseded_by_draft(edition),
    }
    return render(request, "worksheets/regional/editions/issue.html", context, status=status)


def superseded_by_draft(edition) -> RegionalReviewEdition | None:
    """The issued edition of the year that the draft ``edition`` (a correction) will supersede, else ``None``."""
    if not edition.is_correction:
        return None
    return (
        RegionalReviewEdition.objects.filter(
            region=edition.region, year=edition.year, status="issued", number__lt=edition.number
        )
        .order_by("-number")
        .first()
    )


def edition_history(request, slug: str, pk: int):
    """Who changed what in the edition and its lists, and when (newest first)."""
    edition = get_edition_for(request.user, slug, pk)
    return render(
        request,
        "worksheets/regional/editions/history.html",
        {"region": edition.region, "edition": edition, "changes": edition_changes(edition)},
    )


def edition_changes(edition) -> list[dict]:
    """The edition's history as ``[{"at", "by", "what", "before", "after"}, …]``, newest first: each changed text of
    the edition, its plans chosen again, each list row added, changed or removed."""
    changes = []
    plan_names = {plan.pk: plan_label(plan) for plan in region_plan_choices(edition.region)}

    def plans_text(rows) -> str:
        return "\n".join(sorted(plan_names.get(row["actionplan"], "—") for row in rows))

    records = list(edition.history.select_related("history_user").order_by("history_date", "history_id"))
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            changes.append({"at": record.history_date, "by": record.history_user, "what": _("Edition created")})
            continue
        for change in record.diff_against(previous, included_fields=[*EDITED_FIELDS, "status", "plans"]).changes:
            label = str(RegionalReviewEdition._meta.get_field(change.field).verbose_name)
            before, after = change.old, change.new
            if change.field == "plans":
                before, after = plans_text(before), plans_text(after)
            changes.append(
                {"at": record.history_date, "by": record.history_user, "what": label, "before": before, "after": after}
            )
    for name, (model, _names) in ROW_LISTS.items():
        rows = model.history.filter(edition_id=edition.pk).select_related("history_user").order_by("id", "history_date")
        last: dict[int, object] = {}
        for record in rows:
            kind = {  # an entry of the list: the context lets each language make the participle agree
                "+": pgettext("edition list entry", "added"),
                "~": pgettext("edition list entry", "changed"),
                "-": pgettext("edition list entry", "removed"),
            }[record.history_type]
            before = last.get(record.id)
            changes.append(
                {
                    "at": record.history_date,
                    "by": record.history_user,
                    "what": f"{LIST_TITLES[name]}: {kind}",
                    "before": before.text if before is not None and record.history_type == "~" else "",
                    "after": record.text if record.history_type != "-" else "",
                }
            )
            last[record.id] = record
    changes.sort(key=lambda change: change["at"], reverse=True)
    return changes


def kept_file_response(edition, extension: str) -> FileResponse:
    """An issued edition's kept file (``issued_file``: made now if it is not kept yet) streamed from the default
    storage: a PDF opens in the browser, a workbook is saved."""
    return stored_file_response(issued_file(edition, extension), edition_filename(edition, extension))


def _edition_download(request, slug: str, pk: int, extension: str):
    edition = get_edition_for(request.user, slug, pk)
    stored = getattr(edition, f"{extension}_file") if edition.is_issued else None
    if stored and stored.storage.exists(stored.name):
        return kept_file_response(edition, extension)
    kind = PreparedFileKind.EDITION_PDF if extension == "pdf" else PreparedFileKind.EDITION_XLSX
    return start_download(request, kind=kind, region=edition.region, edition=edition)


def edition_pdf_view(request, slug: str, pk: int):
    """The edition as a PDF (a draft marked DRAFT; an issued one from its frozen figures): an issued edition's kept
    file at once, else prepared in the background (``views.prepared``: to the file when ready, else to its page
    "being prepared…")."""
    return _edition_download(request, slug, pk, "pdf")


def edition_xlsx_view(request, slug: str, pk: int):
    """The edition as an .xlsx workbook; as ``edition_pdf_view``."""
    return _edition_download(request, slug, pk, "xlsx")
