"""Following the plans being carried out: one plan's overdue and soon-due items, and the region's list."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from municipalities.models import Region

from ..followup.overdue import follow_up, followed_plans
from ..models import ActionPlan
from ..rules import FOLLOW_REGION, VIEW_CURRENT, VIEW_PLAN


def plan_follow_up(request, pk: int):
    """One plan's overdue activities and monitoring activities, and those due within the next month. Read from the
    plan's rows now: while a published plan is being revised, only for who reads its draft (``VIEW_CURRENT``),
    anyone else gets 403."""
    plan = get_object_or_404(ActionPlan.objects.visible_to(request.user).select_related("municipality__region"), pk=pk)
    if not request.user.has_perm(VIEW_PLAN, plan) or not request.user.has_perm(VIEW_CURRENT, plan):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "worksheets/followup/plan.html",
        {"plan": plan, "follow_up": follow_up([plan], today=today), "today": today},
    )


def region_follow_up(request, slug: str):
    """The coordinator's list: what is overdue or due soon in every plan of the region being carried out."""
    region = get_object_or_404(Region, slug=slug)
    if not request.user.has_perm(FOLLOW_REGION, region):
        raise PermissionDenied
    today = timezone.localdate()
    plans = list(followed_plans(ActionPlan.objects.filter(municipality__region=region)))
    return render(
        request,
        "worksheets/followup/region.html",
        {"region": region, "plans": plans, "follow_up": follow_up(plans, today=today), "today": today},
    )
