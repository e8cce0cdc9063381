"""Plans: the list, a new plan, and a plan's overview page with its review panel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..completeness import plan_problems, plan_progress
from ..editing import services
from ..editing.forms import ActionPlanCreateForm, municipalities_for_new_plan
from ..models import ActionPlan, PlanTransition, PlanVersion
from ..registry import BY_NUMBER, Table, Worksheet
from ..review.comments import open_comment_counts
from ..review.decisions import approval_check, decision_changes
from ..review.forms import DecisionForm, TransitionForm
from ..review.in_force import plan_in_force
from ..review.lifecycle import allowed_transitions
from ..rules import CHANGE_PLAN, RECORD_DECISION, REVIEW_PLAN, VIEW_CURRENT, VIEW_PLAN, VIEW_REVIEW
from .public import public_plan_context


def get_plan_for(user, pk: int, perm: str = VIEW_PLAN) -> ActionPlan:
    """The plan if the user may read it (else 404), and may do ``perm`` to it (else 403)."""
    plan = get_object_or_404(
        ActionPlan.objects.visible_to(user).select_related("municipality__region", "created_by", "updated_by"),
        pk=pk,
    )
    if not user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


MAX_ID = 2**63 - 1  # the largest key a bigint column holds; anything larger names no row


def form_index(value: str) -> int | None:
    """A request parameter that counts or numbers forms (``0``, ``5``) as an int, or None when it is not a whole
    number from 0 to ``MAX_ID`` (empty, ``abc``, ``-5``, ``1.5``, ``²``, absurdly long)."""
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def id_or_404(value: str) -> int:
    """A request parameter naming a row by its id, as an int; Http404 for anything that cannot be one (``abc``,
    ``-1``, ``""``, larger than a database key), so a bad id is "not found", never a server error."""
    number = form_index(value)
    if not number:
        raise Http404
    return number


def get_worksheet_or_404(number: int) -> Worksheet:
    """Worksheet ``number`` of the registry (1–11), else 404."""
    try:
        return BY_NUMBER[number]
    except KeyError:
        raise Http404 from None


def get_table_or_404(number: int, key: str) -> tuple[Worksheet, Table]:
    """Worksheet ``number`` and its table ``key`` (e.g. 7, "activities"), else 404."""
    worksheet = get_worksheet_or_404(number)
    try:
        return worksheet, worksheet.table(key)
    except StopIteration:
        raise Http404 from None


def plan_list(request):
    """The plans of the user's municipalities and regions, drafts included (every plan for an administrator), by
    region, municipality and newest period, and whether the user may start one."""
    plans = sorted(
        ActionPlan.objects.accessible_to(request.user).select_related("municipality__region"),
        key=lambda p: (p.municipality.region.name_key(), p.municipality.name_key(), -p.period_start),
    )
    can_create = municipalities_for_new_plan(request.user).exists()
    return render(request, "worksheets/plan_list.html", {"plans": plans, "can_create": can_create})


@require_http_methods(["GET", "POST"])
def plan_create(request):
    """Start a draft plan for a municipality the user edits, pre-filled with the template's standard risks and
    monitoring activities (seeds/002, worksheets 10 and 11), or as a copy of one of that municipality's plans for
    the next period (the worksheets ticked; ``services.plan_create``); redirects to it. Municipal editors only:
    anybody else gets 403. A plan to copy that the user may not read or of another municipality, a period the
    municipality has a plan for already (also when a colleague created it a moment ago) and a plan to copy
    deleted meanwhile come back as form errors."""
    municipalities = municipalities_for_new_plan(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = ActionPlanCreateForm(request.POST or None, municipalities=municipalities, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                user=request.user,
                municipality=data["municipality"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                title=data["title"],
                copy_from=data["copy_from"],
                worksheets=data["worksheets"],
            )
        except IntegrityError:
            form.add_error(None, _("This municipality already has a plan for this period."))
        except ActionPlan.DoesNotExist:
            form.add_error("source", _("The plan to copy was deleted meanwhile. Choose another one."))
        else:
            messages.success(request, _("The plan was created."))
            return redirect(plan)
    return render(request, "worksheets/plan_create.html", {"form": form})


def plan_detail(request, pk: int):
    """The plan overview: a tile per worksheet with its rows and completeness, the open problems, the
    review (status buttons, timeline, open comments) and the approved versions. Who may not see the review
    (``VIEW_REVIEW``: anyone outside the municipality and its region) sees no review; while the plan is being
    revised (``VIEW_CURRENT``) they read its published version, as the public does."""
    plan = get_plan_for(request.user, pk)
    if not request.user.has_perm(VIEW_CURRENT, plan):
        return render(request, "public/plan.html", public_plan_context(plan_in_force(plan)))
    return render(request, "worksheets/plan_detail.html", plan_detail_context(request, plan))


def plan_detail_context(request, plan, forms=None) -> dict:
    """The plan overview's context: progress and open comments per worksheet, the open problems, the transitions the
    user may make with their forms (``forms``: ``{action: bound form}`` handed back with errors), the timeline and
    the approved versions; for who may not see the review (``VIEW_REVIEW``) neither timeline, versions nor comments
    (``can_see_review`` False). The caller has checked that the user may read the plan."""
    forms = forms or {}
    can_see_review = request.user.has_perm(VIEW_REVIEW, plan)
    comment_counts = open_comment_counts([plan]) if can_see_review else {}
    progress = plan_progress(plan)
    for item in progress:
        item.open_comments = comment_counts.get((plan.pk, item.worksheet.number), 0)
    problems = plan_problems(plan)
    transitions = [
        (
            t,
            forms.get(t.action)
            or TransitionForm(
                transition=t,
                auto_id=f"id_{t.action}_%s",
                approval=approval_check(plan, problems) if t.freezes_version else None,
            ),
        )
        for t in allowed_transitions(request.user, plan)
    ]
    versions = []
    if can_see_review:
        versions = list(PlanVersion.objects.filter(plan=plan).select_related("approved_by").order_by("-number"))
    return {
        **council_decision_context(request, plan, versions, forms),
        "plan": plan,
        "progress": progress,
        "open_comments": sum(comment_counts.values()),
        "problems": problems,
        "can_edit": request.user.has_perm(CHANGE_PLAN, plan),
        "can_review": request.user.has_perm(REVIEW_PLAN, plan),
        "transitions": transitions,
        "can_see_review": can_see_review,
        "timeline": (
            PlanTransition.objects.filter(plan=plan).select_related("user").order_by("-at", "-id")
            if can_see_review
            else []
        ),
        "versions": versions,
        # during a revision: the version the public and other municipalities read meanwhile
        "published_version": next(
            (v for v in versions if v.pk == plan.published_version_id and plan.in_revision), None
        ),
    }


def council_decision_context(request, plan, versions: list, forms: dict) -> dict:
    """The council decision part of the plan overview: for the region's coordinator a form per approved version
    (``forms["decision:<number>"]`` when handed back with errors); for the municipality's members and the region's
    coordinators the decision's changes after approval (they name people, like the review's timeline)."""
    if not versions:
        return {"decision_forms": [], "decision_changes": []}
    forms_ = []
    if request.user.has_perm(RECORD_DECISION, plan):
        forms_ = [forms.get(f"decision:{v.number}") or DecisionForm(version=v) for v in versions]
    return {
        "decision_forms": forms_,
        "decision_changes": decision_changes(plan) if request.user.has_perm(VIEW_REVIEW, plan) else [],
    }
