"""The review: status changes, approved versions (PDF, comparison) and the coordinator's dashboard."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipalities.models import Region
from seimpact.lib.downloads import download

from ..exports.data import export_of, plan_export
from ..exports.pdf import plan_filename
from ..exports.pdf import version_pdf as render_version
from ..models import PlanStatus, PlanTransition, PlanVersion
from ..registry import WORKSHEETS
from ..review.dashboard import dashboard_visit, region_dashboard
from ..review.decisions import DecisionConflict, DecisionRefused, approval_check, decision_record
from ..review.forms import DecisionForm, TransitionForm
from ..review.lifecycle import BY_ACTION, ApprovalUnconfirmed, TransitionRefused
from ..review.lifecycle import plan_transition as transition_service
from ..review.versions import compare
from ..rules import RECORD_DECISION, VIEW_REVIEW
from .plans import form_index, get_plan_for, plan_detail_context


@require_POST
def plan_transition(request, pk: int, action: str):
    """Submit, return, approve, publish or reopen the plan (the buttons on the plan page). Approving with open quality
    problems or open comments needs the "approve anyway" tick; without a council decision it warns that the decision
    is still to be recorded. A change the plan's status no longer allows (posted twice, or a colleague was faster)
    goes back to the plan page saying its status now (``status_moved_on``); 403 only for who may never make it."""
    plan = get_plan_for(request.user, pk)
    transition = BY_ACTION.get(action)
    if transition is None:
        raise Http404
    if not request.user.has_perm(transition.perm, plan):
        if may_in_another_status(request.user, transition, plan):
            return status_moved_on(request, plan)
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
            plan.refresh_from_db()
            if not request.user.has_perm(transition.perm, plan):  # a colleague was faster, under the plan's lock
                return status_moved_on(request, plan)
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


def may_in_another_status(user, transition, plan) -> bool:
    """Whether ``user`` may make ``transition`` on ``plan`` in some status of the plan (``PlanStatus``): refused now,
    such a user meets a status that has moved on (a double click, a second tab, a colleague was faster), not a lack of
    rights. No query: the permission reads the user's memberships and the plan's status."""
    for status in PlanStatus.values:
        probe = copy.copy(plan)
        probe.status = status
        if user.has_perm(transition.perm, probe):
            return True
    return False


def status_moved_on(request, plan):
    """The answer to a status change the plan's status no longer allows: back to the plan page with a message naming
    its status now, and who changed it when if the latest recorded change led there (names for who sees the review,
    ``VIEW_REVIEW``)."""
    status = PlanStatus(plan.status).label
    last = PlanTransition.objects.filter(plan=plan).select_related("user").order_by("-at", "-id").first()
    if last is None or last.to_status != plan.status:
        message = _("The status was not changed: the plan is now in status “%(status)s”.") % {"status": status}
    else:
        at = date_format(timezone.localtime(last.at), "SHORT_DATETIME_FORMAT")
        if last.user is not None and request.user.has_perm(VIEW_REVIEW, plan):
            message = _(
                "The status was not changed: the plan is now in status “%(status)s” (changed by %(user)s, %(at)s)."
            ) % {"status": status, "user": last.user.get_full_name() or last.user.get_username(), "at": at}
        else:
            message = _("The status was not changed: the plan is now in status “%(status)s” (changed %(at)s).") % {
                "status": status,
                "at": at,
            }
    messages.warning(request, message)
    return redirect(plan)


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
    """What changed between two versions of the plan (``a`` before, ``b`` after: a version number or ``current``, the
    plan as it is now), exactly the pair asked for: the same twice is "no differences"; a value naming no version of the
    plan is 400 with a message, never another pair. Without ``b`` the plan now; without ``a`` the version before ``b``
    (before the latest version when ``b`` is now). Part of the review (``VIEW_REVIEW``), as ``version_pdf``."""
    plan = get_plan_for(request.user, pk, VIEW_REVIEW)
    versions = list(PlanVersion.objects.filter(plan=plan).select_related("approved_by").order_by("number"))
    if not versions:
        raise Http404
    by_number = {v.number: v for v in versions}
    unknown = []

    def side(name):
        value = request.GET.get(name, "").strip()
        if not value:
            return None
        if value == "current":
            return "current"
        number = form_index(value)
        if number in by_number:
            return by_number[number]
        unknown.append(value)
        return None

    after, before = side("b"), side("a")
    if unknown:
        for value in unknown:
            messages.error(
                request,
                _("“%(value)s” names no version of this plan: choose the versions to compare from the lists.")
                % {"value": Truncator(value).chars(20)},
            )
        context = {
            "plan": plan,
            "versions": versions,
            "before": before,
            "after": after,
            "diffs": [],
            "unchanged": False,
        }
        return render(request, "worksheets/version_compare.html", context, status=400)
    after = after or "current"
    if before is None:
        index = len(versions) - 1 if after == "current" else versions.index(after)
        before = versions[max(index - 1, 0)]

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
    """Every municipality of the region with the plans its coordinator should see (``region_dashboard``: the latest,
    and every one in review, approved and unpublished, or in revision) × the 11 worksheets: completeness, status, open
    comments, last change, and which plans changed since this user's last visit (``DashboardVisit``, kept across
    logins). The region's coordinators (and administrators); anybody else gets 404."""

    region = get_object_or_404(Region.objects.coordinated_by(request.user), slug=slug)
    rows = region_dashboard(region)
    last_visit = dashboard_visit(request.user, region)
    shown = [item for row in rows for item in row.plans]
    for item in shown:
        item.changed_since_visit = bool(last_visit and item.plan.updated_at > last_visit)
    context = {
        "region": region,
        "rows": rows,
        "worksheets": WORKSHEETS,
        "last_visit": last_visit,
        "changed": sum(item.changed_since_visit for item in shown),
    }
    return render(request, "worksheets/dashboard.html", context)
