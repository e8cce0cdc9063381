"""Writes that change plans: keyword-only functions, each in one transaction."""

from django.db import transaction

from municipalities.models import Municipality

from .models import ActionPlan


@transaction.atomic
def plan_create(*, user, municipality: Municipality, period_start: int, period_end: int, title: str) -> ActionPlan:
    """A new draft plan for the municipality, attributed to the user."""
    return ActionPlan.objects.create(
        municipality=municipality,
        period_start=period_start,
        period_end=period_end,
        title=title,
        created_by=user,
        updated_by=user,
    )
