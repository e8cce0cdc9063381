from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from municipalities.models import Municipality, Region
from seimpact.lib.collation import sort_key
from seimpact.lib.downloads import download

from . import services
from .exports import values_csv, values_xlsx
from .forms import CoreIndicatorForm, PeriodForm, ValueForm
from .history import value_history
from .models import CoreIndicator, Half, IndicatorValue
from .reports import Period, municipality_series, region_comparison, visible_values
from .rules import ENTER_VALUES, MANAGE_CORE_INDICATORS, READ_ALL_VALUES


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
        "period_form": PeriodForm(initial={"year": timezone.localdate().year, "half": Half.WHOLE_YEAR}),
    }
    return render(request, "indicators/municipality.html", context)


@require_http_methods(["GET", "POST"])
def values_enter(request, slug: str, year: int, half: int):
    """The editors of a municipality enter one period's values of every core indicator at once."""
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
    forms = []
    for indicator in indicators:
        instance = existing.get(indicator.pk) or IndicatorValue(
            municipality=municipality, indicator=indicator, year=period.year, half=period.half
        )
        instance.municipality = municipality
        forms.append(
            ValueForm(request.POST or None, instance=instance, indicator=indicator, prefix=f"indicator-{indicator.pk}")
        )
    if request.method == "POST":
        valid = [form.is_valid() for form in forms]  # every form, so that every error is shown
        if all(valid):
            result = services.period_values_save(
                municipality=municipality, year=period.year, half=period.half, forms=forms, user=request.user
            )
            messages.success(
                request,
                _("Saved the values of %(period)s: %(saved)s saved, %(deleted)s removed.")
                % {"period": period.label, "saved": result.saved, "deleted": result.deleted},
            )
            return redirect(reverse("indicators:municipality", args=[municipality.slug]))
        messages.error(request, _("Nothing was saved: please correct the marked values."))
    context = {"municipality": municipality, "period": period, "forms": forms}
    return render(request, "indicators/values_form.html", context)


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
def municipality_download(request, slug: str, kind: str):
    """A municipality's indicator values as ``<slug>-indicators.csv`` or ``.xlsx`` (``kind``), one row per indicator and
    period. Public: each reader gets the values they may read (anonymous readers only the years of published plans);
    an unknown municipality is 404."""
    municipality = _municipality(slug)
    values = visible_values(request.user, municipality=municipality)
    content = values_csv(values) if kind == "csv" else values_xlsx(values)
    return download(content, f"{municipality.slug}-indicators.{kind}")


@login_not_required
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
    }
    return render(request, "indicators/region.html", context)


@login_not_required
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
    save redirects to the region's core indicator list."""
    region = _managed_region(request, slug)
    indicator = get_object_or_404(CoreIndicator, region=region, pk=pk) if pk else None
    if indicator is None:
        last = CoreIndicator.objects.filter(region=region).order_by("-position").values_list("position", flat=True)
        initial = {"position": (last.first() or 0) + 1}
    else:
        initial = {}
    form = CoreIndicatorForm(request.POST or None, instance=indicator, region=region, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The core indicator %(code)s was saved.") % {"code": form.instance.code})
        return redirect(reverse("indicators:core_list", args=[region.slug]))
    return render(request, "indicators/core_form.html", {"region": region, "form": form, "indicator": indicator})


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
            _("%(code)s cannot be deleted: municipalities recorded %(count)s values for it.")
            % {"code": indicator.code, "count": in_use.count},
        )
    else:
        messages.success(request, _("The core indicator %(code)s was deleted.") % {"code": indicator.code})
    return redirect(reverse("indicators:core_list", args=[region.slug]))
