"""The public portal: published plans and the regional comparisons of published plans, without login.

Only published plans exist here (anything else is 404); a published plan being revised stays, read as its
published version and marked "a revision is in preparation" (``review.in_force``) until the revision is published.
Pages show institutions and units, never people: no authors, history, comments or "updated by".
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from municipalities.languages import in_region_language
from municipalities.models import Region
from seimpact.lib.collation import sort_key
from seimpact.lib.downloads import download

from ..exports.pdf import plan_filename
from ..models import ActionPlan, EditionStatus, RegionalReviewEdition
from ..regional.comparisons import COMPARISONS, region_plans
from ..regional.editions import edition_document, edition_filename, issued_file, issued_years, superseded_by
from ..review.in_force import PlanInForce, plan_in_force, with_revision_opened
from .prepared import stored_file_response
from .regional import comparison_context, comparison_xlsx_response, get_spec_or_404


def published_plans():
    """Every public plan (``ActionPlan.objects.public``: published, or being revised after publication), with its
    municipality, region and published version, and when a revision was reopened (``revision_opened_at``): the only
    plans the public portal knows (a queryset)."""
    return with_revision_opened(
        ActionPlan.objects.public().select_related("municipality__region", "published_version")
    ).defer("published_version__content")


def get_published_plan(pk: int) -> ActionPlan:
    """The public plan ``pk``, its published version's content loaded, else Http404 (a plan never published does not
    exist for the public)."""
    plans = with_revision_opened(
        ActionPlan.objects.public().select_related("municipality__region", "published_version")
    )
    return get_object_or_404(plans, pk=pk)


def public_plan_context(in_force: PlanInForce) -> dict:
    """What the public plan page shows: the plan (``plan``), its worksheets as everybody reads them (``worksheets``)
    and, during a revision, the published version with the revision's date (``in_force``)."""
    return {"plan": in_force.plan, "in_force": in_force, "worksheets": in_force.worksheets}


@login_not_required
@require_GET
def region_list(request):
    """Every real region with its number of public plans (``published``); a synthetic region (``Region.synthetic``,
    generated for measuring) is left out unless asked for with ``?synthetic=1`` (its pages answer at their address
    anyway). Public."""
    counts: dict[int, int] = {}
    for region_id in ActionPlan.objects.public().values_list("municipality__region_id", flat=True):
        counts[region_id] = counts.get(region_id, 0) + 1
    regions = Region.objects.all()
    if request.GET.get("synthetic") != "1":
        regions = regions.filter(synthetic=False)
    regions = list(regions)
    for region in regions:
        region.published = counts.get(region.pk, 0)
    return render(request, "public/region_list.html", {"regions": regions})


@login_not_required
@require_GET
@in_region_language(Region, "country", lookup="slug")
def region_page(request, slug: str):
    """A region's published plans, by municipality in the region's alphabetical order, newest period first, and its
    comparisons. Public; an unknown region is 404."""
    region = get_object_or_404(Region, slug=slug)
    plans = sorted(
        published_plans().filter(municipality__region=region),
        key=lambda p: (sort_key(p.municipality.name, region.language), -p.period_start),
    )
    context = {"region": region, "plans": plans, "specs": COMPARISONS, "review_years": issued_years(region)}
    return render(request, "public/region.html", context)


def issued_editions(region):
    """The region's issued editions of its regional review, latest year first (drafts are never public)."""
    return RegionalReviewEdition.objects.filter(region=region, status=EditionStatus.ISSUED).order_by("-year")


def get_issued_edition(slug: str, pk: int) -> RegionalReviewEdition:
    """The issued edition ``pk`` of region ``slug``, else Http404 (a draft does not exist for the public)."""
    region = get_object_or_404(Region, slug=slug)
    return get_object_or_404(issued_editions(region).select_related("region"), pk=pk)


@login_not_required
@require_GET
@in_region_language(Region, "country", lookup="slug")
def edition_page(request, slug: str, pk: int):
    """An issued edition of the regional review as a reading page: its text and frozen figures, the issuing
    institution and no person's name; a superseded edition says which correction replaces it. Public; a draft or an
    unknown edition is 404."""
    edition = get_issued_edition(slug, pk)
    context = {
        "region": edition.region,
        "edition": edition,
        "document": edition_document(edition),
        "public": True,
        "superseded_by": superseded_by(edition),
    }
    return render(request, "public/review_edition.html", context)


@login_not_required
@require_GET
@in_region_language(Region, "country", lookup="slug")
def edition_pdf(request, slug: str, pk: int):
    """An issued edition's PDF, streamed from the default storage where it is kept (made from its frozen text and
    figures on the first request if it is not kept yet). Public; a draft or an unknown edition is 404."""
    edition = get_issued_edition(slug, pk)
    return stored_file_response(issued_file(edition, "pdf"), edition_filename(edition, "pdf"))


@login_not_required
@require_GET
@in_region_language(Region, "country", lookup="slug")
def edition_xlsx(request, slug: str, pk: int):
    """An issued edition's .xlsx workbook; as ``edition_pdf``."""
    edition = get_issued_edition(slug, pk)
    return stored_file_response(issued_file(edition, "xlsx"), edition_filename(edition, "xlsx"))


@login_not_required
@require_GET
@in_region_language(Region, "country", lookup="slug")
def comparison(request, slug: str, key: str):
    """One comparison of the region's published plans (by default each municipality's plan in force), narrowed by the
    query string (``m``, ``period``, ``q``). Public; an unknown region or comparison is 404."""
    spec = get_spec_or_404(key)
    region = get_object_or_404(Region, slug=slug)
    context = comparison_context(request, region, region_plans(region, published_only=True), spec)
    return render(request, "public/comparison.html", context)


@login_not_required
@require_GET
@in_region_language(Region, "country", lookup="slug")
def comparison_xlsx(request, slug: str, key: str):
    """The same comparison of published plans as ``comparison``, as an .xlsx download. Public; 404 as ``comparison``."""
    spec = get_spec_or_404(key)
    region = get_object_or_404(Region, slug=slug)
    return comparison_xlsx_response(request, region, region_plans(region, published_only=True), spec)


@login_not_required
@require_GET
@in_region_language(ActionPlan, "municipality__region__country")
def plan_page(request, pk: int):
    """Every worksheet of a public plan, read-only, from the registry (the same rows as its PDF): the plan now, or
    during a revision its published version, marked so. Public; a plan never published is 404."""
    plan = get_published_plan(pk)
    return render(request, "public/plan.html", public_plan_context(plan_in_force(plan)))


@login_not_required
@require_GET
@in_region_language(ActionPlan, "municipality__region__country")
def plan_pdf(request, pk: int):
    """A public plan's PDF: its content now, progress included, or during a revision its published version with the
    revision marked on the cover. Public; a plan never published is 404."""
    plan = get_published_plan(pk)
    return download(plan_in_force(plan).pdf(), plan_filename(plan, "pdf"))


@login_not_required
@require_GET
@in_region_language(ActionPlan, "municipality__region__country")
def plan_xlsx(request, pk: int):
    """A public plan's .xlsx workbook, a sheet per worksheet, of the same content as its PDF. Public; a plan never
    published is 404."""
    plan = get_published_plan(pk)
    return download(plan_in_force(plan).workbook(), plan_filename(plan, "xlsx"))
