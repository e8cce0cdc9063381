from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from municipalities.languages import in_region_language
from municipalities.models import Municipality, Region
from seimpact.lib.collation import sort_key
from seimpact.lib.downloads import download
from worksheets.models import ActionPlan

from . import imports, links, services
from .exports import values_csv, values_xlsx
from .forms import VALUE_FIELDS, CoreIndicatorForm, PeriodForm, ValueForm, ValuesImportForm, core_base, value_base
from .history import value_history
from .models import CoreIndicator, Half, IndicatorValue
from .reports import Period, core_indicator_usage, municipality_series, region_comparison, visible_values
from .rules import (
    ENTER_VALUES,
    IMPORT_VALUES,
    LINK_PLAN_INDICATORS,
    LINK_REGION_INDICATORS,
    MANAGE_CORE_INDICATORS,
    READ_ALL_VALUES,
)


def _municipality(slug: str, scope=Municipality.objects) -> Municipality:
    """The municipality ``slug`` among ``scope`` (every municipality: their indicator pages are public), or 404."""
    return get_object_or_404(scope.select_related("region"), slug=slug)


def _charts(items) -> list[dict]:
    return [chart for item in items if (chart := item.chart)]


@login_not_required
def index(request):
    """The regions and their municipalities, each with a link to its indicators."""
    regions = list(Region.objects.all())
    municipalities = sorted(Municipality.objects.select_related("region"), key=Municipality.name_key)
    by_region = [(region, [m for m in municipalities if m.region_id == region.pk]) for region in regions]
    return render(request, "indicators/index.html", {"by_region": by_region})


@login_not_required
@in_region_language(Municipality, "region__country", lookup="slug")
def municipality_page(request, slug: str):
    """A municipality's values per core indicator: a table and a time-series chart with the target line."""
    municipality = _municipality(slug)
    series = municipality_series(municipality, request.user)
    can_enter = request.user.has_perm(ENTER_VALUES, municipality)
    context = {
        "municipality": municipality,
        "series": series,
        "charts": _charts(series),
        "can_enter": can_enter,
        "can_read_all": request.user.has_perm(READ_ALL_VALUES, municipality),
        "linkable_plans": ActionPlan.objects.accessible_to(request.user)
        .filter(municipality=municipality)
        .order_by("-period_start"),
        "period_form": PeriodForm(initial={"year": timezone.localdate().year, "half": Half.WHOLE_YEAR}),
    }
    return render(request, "indicators/municipality.html", context)


def _value_prefix(indicator) -> str:
    return f"indicator-{indicator.pk}"


@require_http_methods(["GET", "POST"])
def values_enter(request, slug: str, year: int, half: int):
    """The editors of a municipality enter one period's values of every core indicator at once.

    A save merges (``services.period_values_save``): it writes only what this editor changed since the page was
    loaded and keeps what colleagues changed meanwhile; when both changed a value differently, nothing is saved
    and the page comes back (409) with both values. An indicator added after the page was loaded is left as it
    is; a row with a missing or malformed base, or with fields missing, is a 400; invalid values come back with
    their messages (200). Anybody but the municipality's editors gets 403."""
    municipality = _municipality(slug)
    if not request.user.has_perm(ENTER_VALUES, municipality):
        raise PermissionDenied
    period = Period.from_slug(f"{year}-{half}")
    if period is None:
        raise Http404
    indicators = list(CoreIndicator.objects.filter(region_id=municipality.region_id))
    existing = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(municipality=municipality, year=period.year, half=period.half)
    }
    if request.method != "POST":
        forms = [
            ValueForm.for_value(indicator=i, value=existing.get(i.pk), prefix=_value_prefix(i)) for i in indicators
        ]
        return _values_page(request, municipality, period, forms)
    posted = {key.rsplit("-", 1)[0] for key in request.POST}
    forms = []
    for indicator in indicators:
        prefix = _value_prefix(indicator)
        if prefix not in posted:  # not on the page this editor saw: added since, or left out
            forms.append(ValueForm.for_value(indicator=indicator, value=existing.get(indicator.pk), prefix=prefix))
            continue
        if any(f"{prefix}-{name}" not in request.POST for name in VALUE_FIELDS):
            return HttpResponseBadRequest(_("The page is out of date or incomplete: reload it."))
        forms.append(ValueForm(request.POST, indicator=indicator, prefix=prefix))
    submitted = [form for form in forms if form.is_bound]
    valid = [form.is_valid() for form in submitted]  # every form, so that every error is shown
    if any(form.has_bad_base for form in submitted):
        return HttpResponseBadRequest(_("The page is out of date or incomplete: reload it."))
    if not all(valid):
        messages.error(request, _("Nothing was saved: please correct the marked values."))
        return _values_page(request, municipality, period, forms)
    edits = [
        services.ValueEdit(
            indicator=form.indicator,
            base=form.cleaned_data["base"],
            values={name: form.cleaned_data[name] for name in VALUE_FIELDS},
        )
        for form in submitted
    ]
    result = services.period_values_save(
        municipality=municipality, year=period.year, half=period.half, edits=edits, user=request.user
    )
    if result.conflicts:
        forms = [_merged_form(indicator, result, existing) for indicator in indicators]
        return _values_page(request, municipality, period, forms, conflicts=result.conflicts, status=409)
    messages.success(request, _values_saved_message(period, result))
    return redirect(reverse("indicators:municipality", args=[municipality.slug]))


def _merged_form(indicator, result: services.SaveResult, existing) -> ValueForm:
    """After a conflict: the values as stored now, with this editor's changes over them, and the stored values
    as the base, so saving again writes only what the editor then keeps."""
    prefix = _value_prefix(indicator)
    if indicator.pk not in result.proposal:
        return ValueForm.for_value(indicator=indicator, value=existing.get(indicator.pk), prefix=prefix)
    initial = dict(result.proposal[indicator.pk], base=value_base(indicator, result.stored[indicator.pk]))
    return ValueForm(initial=initial, indicator=indicator, prefix=prefix, conflicts=result.conflicts.get(indicator.pk))


def _values_page(request, municipality, period, forms, conflicts=None, status=200):
    context = {"municipality": municipality, "period": period, "forms": forms, "conflicts": conflicts or {}}
    return render(request, "indicators/values_form.html", context, status=status)


def _values_saved_message(period, result: services.SaveResult) -> str:
    """What a save did, truthfully: saved and removed values, or nothing changed; and the colleagues' values kept."""
    if result.saved or result.deleted:
        text = _("Saved the values of %(period)s: %(saved)s saved, %(deleted)s removed.") % {
            "period": period.label,
            "saved": result.saved,
            "deleted": result.deleted,
        }
    else:
        text = _("You changed none of the values of %(period)s: nothing was saved.") % {"period": period.label}
    if result.kept:
        kept = ngettext(
            "Kept %(count)s value a colleague entered meanwhile.",
            "Kept %(count)s values a colleague entered meanwhile.",
            result.kept,
        ) % {"count": result.kept}
        text = f"{text} {kept}"
    return text


def values_period(request, slug: str):
    """The period chooser's target: on to the entry page of the chosen year or half-year."""
    municipality = _municipality(slug)
    if not request.user.has_perm(ENTER_VALUES, municipality):
        raise PermissionDenied
    form = PeriodForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a year between 2000 and 2100."))
        return redirect(reverse("indicators:municipality", args=[municipality.slug]))
    half = form.cleaned_data["half"] or Half.WHOLE_YEAR
    return redirect(reverse("indicators:values_enter", args=[municipality.slug, form.cleaned_data["year"], half]))


def values_history_page(request, slug: str):
    """Every change of the municipality's values: who, when, before and after (members and coordinator;
    anybody else gets 404)."""
    municipality = _municipality(slug, Municipality.objects.readable_by(request.user))
    return render(
        request,
        "indicators/history.html",
        {"municipality": municipality, "entries": value_history(municipality)},
    )


@login_not_required
@in_region_language(Municipality, "region__country", lookup="slug")
def municipality_download(request, slug: str, kind: str):
    """A municipality's indicator values as ``<slug>-indicators.csv`` or ``.xlsx`` (``kind``), one row per indicator and
    period. Public: each reader gets the values they may read (anonymous readers only the years of published plans);
    an unknown municipality is 404."""
    municipality = _municipality(slug)
    values = visible_values(request.user, municipality=municipality)
    content = values_csv(values) if kind == "csv" else values_xlsx(values)
    return download(content, f"{municipality.slug}-indicators.{kind}")


@login_not_required
@in_region_language(Region, "country", lookup="slug")
def region_page(request, slug: str):
    """The region's municipalities side by side for one period, a chart per indicator."""
    region = get_object_or_404(Region, slug=slug)
    period = Period.from_slug(request.GET.get("period"))
    comparison = region_comparison(region, request.user, period)
    context = {
        "region": region,
        "comparison": comparison,
        "charts": _charts(comparison.rows),
        "can_manage": request.user.has_perm(MANAGE_CORE_INDICATORS, region),
        "can_follow": request.user.has_perm("worksheets.follow_region", region),
        "can_import": request.user.has_perm(IMPORT_VALUES, region),
        "can_link": request.user.has_perm(LINK_REGION_INDICATORS, region),
    }
    return render(request, "indicators/region.html", context)


@login_not_required
@in_region_language(Region, "country", lookup="slug")
def region_download(request, slug: str, kind: str):
    """The indicator values of every municipality of a region as ``<slug>-indicators.csv`` or ``.xlsx`` (``kind``), by
    municipality in the region's alphabetical order, then indicator and period. Public, with the values each reader
    may read; an unknown region is 404."""
    region = get_object_or_404(Region, slug=slug)
    values = sorted(
        visible_values(request.user, municipality__region=region).order_by(
            "indicator__position", "indicator__code", "year", "half"
        ),
        key=lambda value: sort_key(value.municipality.name, region.language),
    )  # a stable sort: by municipality in the region's alphabetical order, then as the database ordered them
    content = values_csv(values) if kind == "csv" else values_xlsx(values)
    return download(content, f"{region.slug}-indicators.{kind}")


@login_not_required
@in_region_language(Region, "country", lookup="slug")
def core_indicator_list(request, slug: str):
    """The region's core indicator set (the common methodology): public; the coordinator maintains it."""
    region = get_object_or_404(Region, slug=slug)
    indicators = CoreIndicator.objects.filter(region=region)
    return render(
        request,
        "indicators/core_list.html",
        {
            "region": region,
            "indicators": indicators,
            "can_manage": request.user.has_perm(MANAGE_CORE_INDICATORS, region),
        },
    )


def _managed_region(request, slug: str) -> Region:
    region = get_object_or_404(Region, slug=slug)
    if not request.user.has_perm(MANAGE_CORE_INDICATORS, region):
        raise PermissionDenied
    return region


@require_http_methods(["GET", "POST"])
def core_indicator_edit(request, slug: str, pk: int | None = None):
    """Create (without ``pk``) or change one of the region's core indicators; a new one goes after the last. The
    region's coordinator and administrators only: anybody else gets 403, an indicator of another region 404. A valid
    save redirects to the region's core indicator list.

    A change merges like a period's values (``services.core_indicator_update``): only the fields this coordinator
    changed are written; a field another coordinator changed to something else meanwhile sends the page back (409)
    with both values and the stored ones as the new base. A missing or malformed base is a 400."""
    region = _managed_region(request, slug)
    indicator = get_object_or_404(CoreIndicator, region=region, pk=pk) if pk else None
    if indicator is None:
        last = CoreIndicator.objects.filter(region=region).order_by("-position").values_list("position", flat=True)
        initial = {"position": (last.first() or 0) + 1}
    else:
        initial = {}
    form = CoreIndicatorForm(request.POST or None, instance=indicator, region=region, initial=initial)
    context = {"region": region, "form": form, "indicator": indicator}
    if request.method != "POST":
        return render(request, "indicators/core_form.html", context)
    valid = form.is_valid()
    if form.has_bad_base:
        return HttpResponseBadRequest(_("The page is out of date or incomplete: reload it."))
    if not valid:
        return render(request, "indicators/core_form.html", context)
    if indicator is None:
        form.save()
        messages.success(request, _("The core indicator %(code)s was saved.") % {"code": form.instance.code})
        return redirect(reverse("indicators:core_list", args=[region.slug]))
    try:
        result = services.core_indicator_update(
            indicator=indicator, base=form.cleaned_data["base"], changes=form.cleaned_data
        )
    except CoreIndicator.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "indicators/core_form.html", context)
    if result.conflicts:
        initial = dict(result.proposal, base=core_base(result.indicator))
        context["form"] = CoreIndicatorForm(
            instance=result.indicator, region=region, initial=initial, conflicts=result.conflicts
        )
        return render(request, "indicators/core_form.html", context, status=409)
    code = result.indicator.code
    if result.written:
        text = _("The core indicator %(code)s was saved.") % {"code": code}
    else:
        text = _("You changed nothing in the core indicator %(code)s: nothing was saved.") % {"code": code}
    if result.kept:
        kept = ngettext(
            "Kept %(count)s change another coordinator made meanwhile.",
            "Kept %(count)s changes another coordinator made meanwhile.",
            result.kept,
        ) % {"count": result.kept}
        text = f"{text} {kept}"
    messages.success(request, text)
    return redirect(reverse("indicators:core_list", args=[region.slug]))


@require_POST
def core_indicator_delete(request, slug: str, pk: int):
    """POST: delete a core indicator no municipality recorded values for; one with values stays and the message says how
    many. The region's coordinator and administrators only (403 otherwise, 404 for an indicator of another region).
    Redirects to the core indicator list."""
    region = _managed_region(request, slug)
    indicator = get_object_or_404(CoreIndicator, region=region, pk=pk)
    try:
        services.core_indicator_delete(indicator=indicator)
    except services.IndicatorInUse as in_use:
        messages.error(
            request,
            ngettext(
                "%(code)s cannot be deleted: municipalities recorded %(count)s value for it.",
                "%(code)s cannot be deleted: municipalities recorded %(count)s values for it.",
                in_use.count,
            )
            % {"code": indicator.code, "count": in_use.count},
        )
    else:
        messages.success(request, _("The core indicator %(code)s was deleted.") % {"code": indicator.code})
    return redirect(reverse("indicators:core_list", args=[region.slug]))


# --- links of plans' worksheet 8 indicators to core indicators ----------------------------------------------------


def _link_pairs(values) -> list[tuple[int, int]] | None:
    """``[(indicator row pk, core indicator pk)]`` from posted "row:core" values; None when one is malformed (not
    two decimal numbers, or a number no row can have: above ``links.MAX_ID``)."""
    pairs = []
    for value in values:
        row, sep, core = value.partition(":")
        if not sep or not (row.isascii() and row.isdigit()) or not (core.isascii() and core.isdigit()):
            return None
        pair = (int(row), int(core))
        if max(pair) > links.MAX_ID:
            return None
        pairs.append(pair)
    return pairs


def _link_message(request, result: links.LinkResult) -> None:
    """What a confirmation or rejection did, truthfully, as the page's messages."""
    if result.confirmed or result.rejected:
        messages.success(
            request,
            _("Links confirmed: %(confirmed)s; suggestions rejected: %(rejected)s.")
            % {"confirmed": result.confirmed, "rejected": result.rejected},
        )
    elif result.unchanged:
        messages.info(request, _("Nothing changed: these links were already decided so."))
    skipped = result.taken + result.gone + result.refused
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s indicator was left as it is: it was linked or deleted meanwhile, or its plan may not be "
                "changed now.",
                "%(count)s indicators were left as they are: they were linked or deleted meanwhile, or their plan may "
                "not be changed now.",
                skipped,
            )
            % {"count": skipped},
        )


@require_http_methods(["GET", "POST"])
def plan_links(request, pk: int):
    """The worksheet 8 indicators of a plan with their links to the region's core indicators: linked (confirmed),
    suggested by the app, or nothing. Members of the municipality and the region's coordinators read it (anybody
    else: 404); the municipality's editors confirm or reject while the plan is a draft, the coordinators at every
    stage (``rules.LINK_PLAN_INDICATORS``; 403 otherwise). POST "confirm" or "reject": "row:core indicator"; a
    malformed one is a 400."""
    plan = get_object_or_404(
        ActionPlan.objects.accessible_to(request.user).select_related("municipality__region"), pk=pk
    )
    region = plan.municipality.region
    can_decide = request.user.has_perm(LINK_PLAN_INDICATORS, plan)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        confirm = _link_pairs(request.POST.getlist("confirm"))
        reject = _link_pairs(request.POST.getlist("reject"))
        if confirm is None or reject is None or not (confirm or reject):
            return HttpResponseBadRequest(_("The page is out of date or incomplete: reload it."))
        result = links.links_decide(user=request.user, region=region, confirm=confirm, reject=reject)
        _link_message(request, result)
        return redirect(reverse("indicators:plan_links", args=[plan.pk]))
    rows = links.indicator_links([plan], links.matcher_for(region))[plan.pk]
    context = {"plan": plan, "region": region, "links": rows, "can_decide": can_decide}
    return render(request, "indicators/plan_links.html", context)


@require_http_methods(["GET", "POST"])
def region_links(request, slug: str):
    """The region's coordinator confirms or rejects, in bulk, the app's suggestions of core indicators for the
    worksheet 8 indicators of the region's plans (a checkbox per suggestion). Anybody but the region's coordinators
    gets 403, an unknown region 404; POST "action" ("confirm" or "reject") and the chosen "link"s ("row:core
    indicator"); anything malformed is a 400."""
    region = get_object_or_404(Region, slug=slug)
    if not request.user.has_perm(LINK_REGION_INDICATORS, region):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action")
        pairs = _link_pairs(request.POST.getlist("link"))
        if action not in ("confirm", "reject") or pairs is None:
            return HttpResponseBadRequest(_("The page is out of date or incomplete: reload it."))
        if not pairs:
            messages.error(request, _("Choose at least one suggestion."))
        else:
            chosen = {"confirm": pairs} if action == "confirm" else {"reject": pairs}
            _link_message(request, links.links_decide(user=request.user, region=region, **chosen))
        return redirect(reverse("indicators:region_links", args=[region.slug]))
    plans = sorted(
        ActionPlan.objects.filter(municipality__region=region).select_related("municipality__region"),
        key=lambda plan: (plan.municipality.name_key(), plan.period_start),
    )
    matcher = links.matcher_for(region)
    context = {
        "region": region,
        "pending": links.pending_suggestions(plans, matcher),
        "usage": core_indicator_usage(region, plans),
    }
    return render(request, "indicators/region_links.html", context)


# --- core indicator values from a spreadsheet ---------------------------------------------------------------------


def _import_message(request, result: imports.ApplyResult) -> None:
    """What applying an import did, truthfully: the values written, and those already stored as the file has them
    (a preview applied a second time writes nothing and says so)."""
    if not result.saved and not result.deleted:
        messages.info(
            request,
            ngettext(
                "The file's %(count)s value was already imported: nothing changed.",
                "The file's %(count)s values were already imported: nothing changed.",
                result.unchanged,
            )
            % {"count": result.unchanged},
        )
        return
    text = ngettext("Imported %(count)s value.", "Imported %(count)s values.", result.saved) % {"count": result.saved}
    messages.success(request, text)
    if result.unchanged:
        messages.info(
            request,
            ngettext(
                "%(count)s value was already imported and is unchanged.",
                "%(count)s values were already imported and are unchanged.",
                result.unchanged,
            )
            % {"count": result.unchanged},
        )


@require_http_methods(["GET", "POST"])
def values_import(request, slug: str):
    """The region's coordinator (or an administrator) imports core indicator values of the region's municipalities
    from an .xlsx or .csv file (``indicators.imports``): GET the form; POST a "file" for a preview (what will be
    created and changed, row-level errors); POST "token" (the preview's) to apply it, entirely or not at all. Anybody
    else gets 403, an unknown region 404; a damaged or stale preview comes back as a message, a conflict with a
    colleague's change as 409."""
    region = get_object_or_404(Region, slug=slug)
    if not request.user.has_perm(IMPORT_VALUES, region):
        raise PermissionDenied
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    context = {"region": region, "form": form, "preview": None}
    if request.method != "POST":
        return render(request, "indicators/values_import.html", context)
    if "token" in request.POST:
        try:
            result = imports.apply(request.POST["token"], region=region, user=request.user)
        except imports.StalePreview as stale:
            messages.error(request, str(stale))
            return redirect(reverse("indicators:values_import", args=[region.slug]))
        except imports.ImportConflict as conflict:
            context["conflicts"] = conflict.conflicts
            context["form"] = ValuesImportForm()
            return render(request, "indicators/values_import.html", context, status=409)
        _import_message(request, result)
        return redirect(reverse("indicators:region", args=[region.slug]))
    if not form.is_valid():
        return render(request, "indicators/values_import.html", context)
    upload = form.cleaned_data["file"]
    try:
        rows = imports.read_table(upload.read(), upload.name)
    except imports.UnreadableFile as unreadable:
        form.add_error("file", str(unreadable))
        return render(request, "indicators/values_import.html", context)
    context["preview"] = imports.preview(rows, region=region, user=request.user)
    return render(request, "indicators/values_import.html", context)
