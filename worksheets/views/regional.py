"""The coordinator's regional views: comparisons across the region's municipalities and the regional review.

The region is fetched through the regions the user belongs to (an outsider gets 404); comparing is for
the region's coordinator and administrators (a municipal member gets 403).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from municipalities.models import Region
from seimpact.lib.collation import sort_key
from seimpact.lib.downloads import download

from ..models import PreparedFileKind
from ..regional.comparisons import (
    ALL_PERIODS,
    BY_KEY,
    COMPARISONS,
    LATEST,
    ComparisonFilter,
    chosen_plans,
    compare,
    period_value,
    region_plans,
)
from ..regional.excel import comparison_workbook
from ..rules import COMPARE_REGION
from ..tasks import review_plans
from .prepared import start_download


def get_region_for(user, slug: str) -> Region:
    """The region ``slug`` if ``user`` belongs to it (else 404) and may compare its plans (else 403)."""
    region = get_object_or_404(Region.objects.known_to(user), slug=slug)
    if not user.has_perm(COMPARE_REGION, region):
        raise PermissionDenied
    return region


def get_spec_or_404(key: str):
    """The comparison ``key`` of ``COMPARISONS`` (e.g. "risks"), else Http404."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise Http404 from None


def filter_choices(region, plans) -> dict:
    """The filter form's options, from the region's plans (no further query); municipalities in the alphabetical
    order of the region's language."""
    language = region.language
    municipalities = {p.municipality.slug: p.municipality.name for p in plans}
    periods = sorted({(period_value(p), p.period) for p in plans}, reverse=True)
    return {
        "municipality_choices": sorted(municipalities.items(), key=lambda item: sort_key(item[1], language)),
        "period_choices": periods,
        "latest_period": LATEST,
        "all_periods": ALL_PERIODS,
    }


def comparison_context(request, region, plans, spec) -> dict:
    """Everything a comparison page shows; shared by the coordinator's and the public pages."""
    selection = ComparisonFilter.from_query(request.GET)
    comparison = compare(spec, chosen_plans(plans, selection), selection.query)
    return {
        "region": region,
        "spec": spec,
        "specs": COMPARISONS,
        "comparison": comparison,
        "selection": selection,
        "query_string": request.GET.urlencode(),
        **filter_choices(region, plans),
    }


def comparison_xlsx_response(request, region, plans, spec) -> HttpResponse:
    """The comparison of ``plans`` narrowed by the query string (``m``, ``period``, ``q``) as
    ``<region>-<key>.xlsx``; shared by the coordinator's and the public download."""
    selection = ComparisonFilter.from_query(request.GET)
    comparison = compare(spec, chosen_plans(plans, selection), selection.query)
    return download(comparison_workbook(comparison), f"{region.slug}-{spec.key}.xlsx")


def comparisons_home(request):
    """The comparisons of the region the user coordinates (a choice when they coordinate several)."""
    regions = list(Region.objects.coordinated_by(request.user))
    if not regions:
        raise PermissionDenied
    if len(regions) == 1:
        return redirect("worksheets:region_comparisons", slug=regions[0].slug)
    return render(request, "worksheets/regional/regions.html", {"regions": regions})


def region_comparisons(request, slug: str):
    """The list of the region's comparisons and its plans, drafts included: the region's coordinator and
    administrators; a region the user does not belong to is 404, a municipal member gets 403."""
    region = get_region_for(request.user, slug)
    plans = region_plans(region, published_only=False)
    context = {"region": region, "specs": COMPARISONS, "plans": plans, "query_string": request.GET.urlencode()}
    return render(request, "worksheets/regional/index.html", context)


def region_comparison(request, slug: str, key: str):
    """One comparison (``key``) of the region's plans, drafts included, narrowed by the query string (``m``,
    ``period``, ``q``; by default each municipality's plan in force). Coordinator and administrators; 404 for an
    outsider or an unknown comparison, 403 for a municipal member."""
    spec = get_spec_or_404(key)
    region = get_region_for(request.user, slug)
    context = comparison_context(request, region, region_plans(region, published_only=False), spec)
    return render(request, "worksheets/regional/comparison.html", context)


def region_comparison_xlsx(request, slug: str, key: str):
    """The comparison of ``region_comparison`` as an .xlsx download; the same access."""
    spec = get_spec_or_404(key)
    region = get_region_for(request.user, slug)
    return comparison_xlsx_response(request, region, region_plans(region, published_only=False), spec)


def region_review_pdf(request, slug: str):
    """The regional review (the sections of seeds/000) of the plans the query string chooses (by default each
    municipality's plan in force), as a PDF prepared in the background (``views.prepared``): redirects to the file
    when it is ready, else to its page "being prepared…"; 404 when no plan is chosen. Access as
    ``region_comparison``."""
    return _start_review(request, slug, PreparedFileKind.REVIEW_PDF)


def region_review_xlsx(request, slug: str):
    """The regional review as an .xlsx workbook, a sheet per section with a place for conclusions; as
    ``region_review_pdf``."""
    return _start_review(request, slug, PreparedFileKind.REVIEW_XLSX)


def _start_review(request, slug: str, kind: str):
    region = get_region_for(request.user, slug)
    if not review_plans(region, request.GET):
        raise Http404
    return start_download(request, kind=kind, region=region)
