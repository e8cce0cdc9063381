"""The review: status changes, approved versions (PDF, comparison) and the coordinator's dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipalities.models import Region
from seimpact.lib.downloads import download

from ..exports.data import export_of, plan_export
from ..exports.pdf import plan_filename
from ..exports.pdf import version_pdf as render_version
from ..models import PlanStatus, PlanVersion
from ..registry import WORKSHEETS
from ..review.dashboard import dashboard_visit, region_dashboard
from ..review.decisions import DecisionConflict, DecisionRefused, approval_check, decision_record
from ..review.forms import DecisionForm, TransitionForm
from ..review.lifecycle import BY_ACTION, ApprovalUnconfirmed, TransitionRefused
from ..review.lifecycle import plan_transition as transition_service
from ..review.versions import compare
from ..rules import RECORD_DECISION, VIEW_REVIEW
from .plans import get_plan_for, plan_detail_context


@require_POST
def plan_transition(request, pk: int, action: str):
    """Submit, return, approve, publish or reopen the plan (the buttons on the plan page). Approving with open quality
    problems or open comments needs the "approve anyway" tick; without a council decision it warns that the decision
    is still to be recorded."""
    plan = get_plan_for(request.user, pk)
    transition = BY_ACTION.get(action)
    if transition is None:
        raise Http404
    if not request.user.has_perm(transition.perm, plan):
        raise PermissionDenied
    approval = approval_check(plan) if transition.freezes_version else None
    form = TransitionForm(request.POST, transition=transition, approval=approval)
    if form.is_valid():
        data = {"confirmed": False, **form.cleaned_data}
        try:
            transition_service(plan=plan, action=action, user=request.user, **data)
        except ApprovalUnconfirmed as refused:  # something was opened since the page was loaded: list it now
            form = TransitionForm(request.POST, transition=transition, approval=approval_check(plan))
            if form.is_valid() or "confirmed" not in form.errors:
                form.add_error("confirmed" if "confirmed" in form.fields else "comment", str(refused))
        except TransitionRefused as refused:
            form.add_error("comment", str(refused))
        else:
            messages.success(
                request, _("The plan is now: %(status)s.") % {"status": PlanStatus(transition.to_status).label}
            )
            if transition.freezes_version and not (data.get("decision_number") or data.get("decision_date")):
                messages.warning(
                    request,
                    _(
                        "No council decision is recorded for this version yet: record it on this page once the council "
                        "has decided."
                    ),
                )
            return redirect(plan)
    messages.error(request, _("The status was not changed: see the message at the form."))
    return render(
        request, "worksheets/plan_detail.html", plan_detail_context(request, plan, {action: form}), status=400
    )


@require_POST
def version_decision(request, pk: int, number: int):
    """POST: record or correct the council decision (number, date) of approved version ``number``: the region's
    coordinator (an outsider gets 404, other readers 403, an unknown version 404). A form with errors, or loaded
    before a colleague changed the decision (nothing is overwritten: 409), comes back on the plan page."""
    plan = get_plan_for(request.user, pk, RECORD_DECISION)
    version = get_object_or_404(PlanVersion, plan=plan, number=number)
    form = DecisionForm(request.POST, version=version)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = decision_record(
                version=version,
                user=request.user,
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                loaded_number=data["loaded_number"],
                loaded_date=data["loaded_date"],
            )
        except DecisionConflict as conflict:
            form = DecisionForm(version=conflict.version)  # the values as they are now, to correct again
            form.conflict = str(conflict)
            status = 409
        except DecisionRefused as refused:
            form.add_error(None, str(refused))
        else:
            if changed:
                messages.success(
                    request, _("The council decision of version %(number)s is saved.") % {"number": version.number}
                )
            else:
                messages.info(request, _("The council decision was already so: nothing changed."))
            return redirect(plan.get_absolute_url() + f"#decision-{version.number}")
    messages.error(request, _("The council decision was not saved: see the message at its form."))
    context = plan_detail_context(request, plan, {f"decision:{version.number}": form})
    return render(request, "worksheets/plan_detail.html", context, status=status)


def version_pdf(request, pk: int, number: int):
    """The PDF of approved version N, as the council saw it. Part of the review (``VIEW_REVIEW``): anyone else who may
    read the plan gets 403, an outsider 404."""
    plan = get_plan_for(request.user, pk, VIEW_REVIEW)
    version = get_object_or_404(PlanVersion, plan=plan, number=number)
    return download(render_version(version), plan_filename(plan, f"v{number}.pdf"))


def version_compare(request, pk: int):
    """What changed between two versions of the plan, or between a version and the plan as it is now. Part of the
    review (``VIEW_REVIEW``), as ``version_pdf``."""
    plan = get_plan_for(request.user, pk, VIEW_REVIEW)
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


def coordinator_dashboard(request, slug: str):
    """Every municipality of the region × the 11 worksheets: completeness, status, open comments, last change, and
    which plans changed since this user's last visit (``DashboardVisit``, kept across logins). The region's
    coordinators (and administrators); anybody else gets 404."""

    region = get_object_or_404(Region.objects.coordinated_by(request.user), slug=slug)
    rows = region_dashboard(region)
    last_visit = dashboard_visit(request.user, region)
    for row in rows:
        row.changed_since_visit = bool(last_visit and row.plan and row.plan.updated_at > last_visit)
    context = {
        "region": region,
        "rows": rows,
        "worksheets": WORKSHEETS,
        "last_visit": last_visit,
        "changed": sum(row.changed_since_visit for row in rows),
    }
    return render(request, "worksheets/dashboard.html", context)
