"""The review: status changes, approved versions (PDF, comparison) and the coordinator's dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipalities.models import Region
from seimpact.lib.downloads import download

from ..exports.data import export_of, plan_export
from ..exports.pdf import plan_filename
from ..exports.pdf import version_pdf as render_version
from ..models import PlanStatus, PlanVersion
from ..registry import WORKSHEETS
from ..review.dashboard import region_dashboard
from ..review.forms import TransitionForm
from ..review.lifecycle import BY_ACTION, TransitionRefused
from ..review.lifecycle import plan_transition as transition_service
from ..review.versions import compare
from .plans import get_plan_for, plan_detail_context


@require_POST
def plan_transition(request, pk: int, action: str):
    """Submit, return, approve, publish or reopen the plan (the buttons on the plan page)."""
    plan = get_plan_for(request.user, pk)
    transition = BY_ACTION.get(action)
    if transition is None:
        raise Http404
    if not request.user.has_perm(transition.perm, plan):
        raise PermissionDenied
    form = TransitionForm(request.POST, transition=transition)
    if form.is_valid():
        try:
            transition_service(plan=plan, action=action, user=request.user, **form.cleaned_data)
        except TransitionRefused as refused:
            form.add_error("comment", str(refused))
        else:
            messages.success(
                request, _("The plan is now: %(status)s.") % {"status": PlanStatus(transition.to_status).label}
            )
            return redirect(plan)
    messages.error(request, _("The status was not changed: see the message at the form."))
    return render(
        request, "worksheets/plan_detail.html", plan_detail_context(request, plan, {action: form}), status=400
    )


def version_pdf(request, pk: int, number: int):
    """The PDF of approved version N, as the council saw it."""
    plan = get_plan_for(request.user, pk)
    version = get_object_or_404(PlanVersion, plan=plan, number=number)
    return download(render_version(version), plan_filename(plan, f"v{number}.pdf"))


def version_compare(request, pk: int):
    """What changed between two versions of the plan, or between a version and the plan as it is now."""
    plan = get_plan_for(request.user, pk)
    versions = list(PlanVersion.objects.filter(plan=plan).select_related("approved_by").order_by("number"))
    if not versions:
        raise Http404

    def side(value, default):
        if value == "current":
            return "current"
        try:
            return next(v for v in versions if v.number == int(value))
        except (TypeError, ValueError, StopIteration):
            return default

    after = side(request.GET.get("b"), "current")
    before = side(request.GET.get("a"), versions[-2] if after == "current" and len(versions) > 1 else versions[0])
    if after != "current" and before != "current" and before.number == after.number and len(versions) > 1:
        before = versions[0] if after.number != versions[0].number else versions[1]

    def content(choice):
        return plan_export(plan) if choice == "current" else export_of(choice.content)

    diffs = compare(content(before), content(after))
    context = {
        "plan": plan,
        "versions": versions,
        "before": before,
        "after": after,
        "diffs": diffs,
        "unchanged": all(d.is_empty for d in diffs),
    }
    return render(request, "worksheets/version_compare.html", context)


DASHBOARD_VISITS = "seimpact_dashboard_visits"


def coordinator_dashboard(request, slug: str):
    """Every municipality of the region × the 11 worksheets: completeness, status, open comments, last change."""

    region = get_object_or_404(Region.objects.coordinated_by(request.user), slug=slug)
    rows = region_dashboard(region)
    # What changed since this user's last look at the dashboard (kept in the session).
    visits = request.session.get(DASHBOARD_VISITS, {})
    last_visit = parse_datetime(visits.get(region.slug, ""))
    for row in rows:
        row.changed_since_visit = bool(last_visit and row.plan and row.plan.updated_at > last_visit)
    request.session[DASHBOARD_VISITS] = {**visits, region.slug: timezone.now().isoformat()}
    context = {
        "region": region,
        "rows": rows,
        "worksheets": WORKSHEETS,
        "last_visit": last_visit,
        "changed": sum(row.changed_since_visit for row in rows),
    }
    return render(request, "worksheets/dashboard.html", context)
