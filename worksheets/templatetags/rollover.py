"""The earlier period beside worksheets 6, 7 and 8 of a plan started as a copy (``editing.rollover``)."""

from django import template

from ..editing.rollover import PreviousPeriod, previous_period, readable_source
from ..models import ActionPlan

register = template.Library()


@register.simple_tag(takes_context=True)
def previous_period_of(context, plan, worksheet) -> PreviousPeriod | None:
    """``rollover.previous_period`` for the page's user: the plan ``plan`` was copied from, with its worksheet-8
    results and recommendations (and on worksheet 7 its activities' statuses); None where there is nothing to
    show or the user may not read that plan."""
    request = context.get("request")
    if request is None:
        return None
    return previous_period(plan, worksheet, request.user)


@register.simple_tag(takes_context=True)
def copied_from_for(context, plan) -> ActionPlan | None:
    """The plan ``plan`` was started from as a copy, if the page's user may read it; else None (and no query for a
    plan that is not a copy)."""
    request = context.get("request")
    if request is None or plan.copied_from_id is None:
        return None
    return readable_source(plan, request.user)
