from .plan import EDITABLE_STATUSES, PUBLIC_STATUSES, ActionPlan, ActionPlanQuerySet, PlanStatus

__all__ = ["EDITABLE_STATUSES", "PUBLIC_STATUSES", "ActionPlan", "ActionPlanQuerySet", "PlanStatus"]
