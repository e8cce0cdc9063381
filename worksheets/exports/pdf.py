"""The council-ready PDF of a plan (WeasyPrint), in the interface language, with the app's own fonts
(``seimpact.lib.pdf``; the plan's own rules in ``templates/worksheets/pdf/plan.html``)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from seimpact.lib.pdf import document_html, render_pdf, watermark_image

from ..models import ADOPTED_STATUSES, PlanStatus
from .data import export_of, plan_export


def plan_pdf_html(plan, *, version=None, revision_opened_at=None) -> str:
    """The plan as it is now, or (``version``) the content approved as that version; ``revision_opened_at``: the
    version is the published plan in force while a revision reopened then is being prepared (marked on the cover)."""
    adopted = plan.status in ADOPTED_STATUSES
    if version is not None:
        worksheets, adopted = export_of(version.content), True
        status = version_status(plan, version)
    else:
        worksheets = plan_export(plan)
        version = plan.versions.order_by("-number").first() if adopted else None  # the live content is that version's
        status = PlanStatus(plan.status)
    context = {
        "plan": plan,
        "worksheets": worksheets,
        "version": version,
        "status_label": status.label,
        "watermark": None if adopted else watermark_image(_("DRAFT")),
        "generated_at": timezone.localtime(),
        "revision_opened_at": revision_opened_at,
    }
    return document_html("worksheets/pdf/plan.html", context)


def version_status(plan, version) -> PlanStatus:
    """The status a PDF of approved ``version`` of ``plan`` names: published when it is the plan's published version
    (``ActionPlan.published_version``), or the latest version of a published plan; else approved. One query at most."""
    if version.pk == plan.published_version_id:
        return PlanStatus.PUBLISHED
    if plan.status == PlanStatus.PUBLISHED and not plan.versions.filter(number__gt=version.number).exists():
        return PlanStatus.PUBLISHED
    return PlanStatus.APPROVED


def plan_pdf(plan) -> bytes:
    """The plan as it is now, as PDF bytes: marked as a draft until approved, an adopted plan naming its latest
    version."""
    return render_pdf(plan_pdf_html(plan))


def version_pdf(version, *, revision_opened_at=None) -> bytes:
    """The content approved as ``version`` (a ``PlanVersion``), as PDF bytes, whatever the plan holds now;
    ``revision_opened_at`` as ``plan_pdf_html``."""
    return render_pdf(plan_pdf_html(version.plan, version=version, revision_opened_at=revision_opened_at))


def plan_filename(plan, extension: str) -> str:
    """A download's name: ``<municipality slug>-<period start>-<period end>.<extension>``, e.g.
    ``bauskas-novads-2025-2027.pdf``."""
    return f"{plan.municipality.slug}-{plan.period_start}-{plan.period_end}.{extension}"
