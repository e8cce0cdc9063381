"""The public portal: published plans and the regional comparisons of published plans, without login.

Only plans with status "published" exist here (anything else is 404). Pages show institutions and
units, never people: no authors, history, comments or "updated by".
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from municipalities.models import Region
from seimpact.lib.collation import sort_key
from seimpact.lib.downloads import download

from ..exports.data import plan_export
from ..exports.excel import plan_workbook
from ..exports.pdf import plan_filename
from ..exports.pdf import plan_pdf as render_plan_pdf
from ..models import ActionPlan, PlanStatus
from ..regional.comparisons import COMPARISONS, region_plans
from .regional import comparison_context, comparison_xlsx_response, get_spec_or_404


def published_plans():
    """Every published plan, with its municipality and region: the only plans the public portal knows (a queryset)."""
    return ActionPlan.objects.filter(status=PlanStatus.PUBLISHED).select_related("municipality__region")


def get_published_plan(pk: int) -> ActionPlan:
    """The published plan ``pk``, else Http404 (a plan at any other stage does not exist for the public)."""
    return get_object_or_404(published_plans(), pk=pk)


@login_not_required
@require_GET
def region_list(request):
    """Every region with its number of published plans (``published``). Public."""
    regions = Region.objects.annotate(
        published=Count("municipalities__plans", filter=Q(municipalities__plans__status=PlanStatus.PUBLISHED))
    )
    return render(request, "public/region_list.html", {"regions": regions})


@login_not_required
@require_GET
def region_page(request, slug: str):
    """A region's published plans, by municipality in the region's alphabetical order, newest period first, and its
    comparisons. Public; an unknown region is 404."""
    region = get_object_or_404(Region, slug=slug)
    plans = sorted(
        published_plans().filter(municipality__region=region),
        key=lambda p: (sort_key(p.municipality.name, region.language), -p.period_start),
    )
    return render(request, "public/region.html", {"region": region, "plans": plans, "specs": COMPARISONS})


@login_not_required
@require_GET
def comparison(request, slug: str, key: str):
    """One comparison of the region's published plans (by default each municipality's plan in force), narrowed by the
    query string (``m``, ``period``, ``q``). Public; an unknown region or comparison is 404."""
    spec = get_spec_or_404(key)
    region = get_object_or_404(Region, slug=slug)
    context = comparison_context(request, region, region_plans(region, published_only=True), spec)
    return render(request, "public/comparison.html", context)


@login_not_required
@require_GET
def comparison_xlsx(request, slug: str, key: str):
    """The same comparison of published plans as ``comparison``, as an .xlsx download. Public; 404 as ``comparison``."""
    spec = get_spec_or_404(key)
    region = get_object_or_404(Region, slug=slug)
    return comparison_xlsx_response(request, region, region_plans(region, published_only=True), spec)


@login_not_required
@require_GET
def plan_page(request, pk: int):
    """Every worksheet of a published plan, read-only, from the registry (the same rows as its PDF)."""
    plan = get_published_plan(pk)
    return render(request, "public/plan.html", {"plan": plan, "worksheets": plan_export(plan)})


@login_not_required
@require_GET
def plan_pdf(request, pk: int):
    """A published plan's PDF (its content now, progress included). Public; any other plan is 404."""
    plan = get_published_plan(pk)
    return download(render_plan_pdf(plan), plan_filename(plan, "pdf"))


@login_not_required
@require_GET
def plan_xlsx(request, pk: int):
    """A published plan's .xlsx workbook, a sheet per worksheet. Public; any other plan is 404."""
    plan = get_published_plan(pk)
    return download(plan_workbook(plan), plan_filename(plan, "xlsx"))
