"""Plans: the list, a new plan, and a plan's overview page with its review panel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
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
from ..review.forms import TransitionForm
from ..review.lifecycle import allowed_transitions
from ..rules import CHANGE_PLAN, REVIEW_PLAN, VIEW_PLAN


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
    monitoring activities (seeds/002, worksheets 10 and 11); redirects to it. Municipal editors only: anybody else
    gets 403."""
    municipalities = municipalities_for_new_plan(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = ActionPlanCreateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("The plan was created."))
        return redirect(plan)
    return render(request, "worksheets/plan_create.html", {"form": form})


def plan_detail(request, pk: int):
    """The plan overview: a tile per worksheet with its rows and completeness, the open problems, the
    review (status buttons, timeline, open comments) and the approved versions."""
    plan = get_plan_for(request.user, pk)
    return render(request, "worksheets/plan_detail.html", plan_detail_context(request, plan))


def plan_detail_context(request, plan, forms=None) -> dict:
    """The plan overview's context: progress and open comments per worksheet, the open problems, the transitions the
    user may make with their forms (``forms``: ``{action: bound form}`` handed back with errors), the timeline and
    the approved versions. The caller has checked that the user may read the plan."""
    forms = forms or {}
    comment_counts = open_comment_counts([plan])
    progress = plan_progress(plan)
    for item in progress:
        item.open_comments = comment_counts.get((plan.pk, item.worksheet.number), 0)
    transitions = [
        (t, forms.get(t.action) or TransitionForm(transition=t, auto_id=f"id_{t.action}_%s"))
        for t in allowed_transitions(request.user, plan)
    ]
    return {
        "plan": plan,
        "progress": progress,
        "open_comments": sum(comment_counts.values()),
        "problems": plan_problems(plan),
        "can_edit": request.user.has_perm(CHANGE_PLAN, plan),
        "can_review": request.user.has_perm(REVIEW_PLAN, plan),
        "transitions": transitions,
        "timeline": PlanTransition.objects.filter(plan=plan).select_related("user").order_by("-at", "-id"),
        "versions": PlanVersion.objects.filter(plan=plan).select_related("approved_by").order_by("-number"),
    }
