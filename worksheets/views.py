from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ActionPlanCreateForm, municipalities_for_new_plan
from .models import ActionPlan
from .permissions import CHANGE_PLAN, REVIEW_PLAN, VIEW_PLAN


def get_plan_for(user, pk: int, perm: str = VIEW_PLAN) -> ActionPlan:
    """The plan if the user may read it (else 404), and may do ``perm`` to it (else 403)."""
    plan = get_object_or_404(
        ActionPlan.objects.visible_to(user).select_related("municipality__region", "created_by", "updated_by"),
        pk=pk,
    )
    if not user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


def plan_list(request):
    plans = (
        ActionPlan.objects.accessible_to(request.user)
        .select_related("municipality__region")
        .order_by("municipality__region__name", "municipality__name", "-period_start")
    )
    can_create = municipalities_for_new_plan(request.user).exists()
    return render(request, "worksheets/plan_list.html", {"plans": plans, "can_create": can_create})


@require_http_methods(["GET", "POST"])
def plan_create(request):
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
    plan = get_plan_for(request.user, pk)
    context = {
        "plan": plan,
        "can_edit": request.user.has_perm(CHANGE_PLAN, plan),
        "can_review": request.user.has_perm(REVIEW_PLAN, plan),
    }
    return render(request, "worksheets/plan_detail.html", context)
