"""May this user do X to this plan? One place, with ``rules`` predicates.

The matching "which plans may this user do X to?" lives beside it as ``ActionPlan.objects`` methods
(``accessible_to``, ``visible_to``, ``editable_by``) built on the same membership facts
(``municipalities.access``). Views fetch through the queryset (an outsider gets 404) and then check
the action with ``user.has_perm(<name>, plan)`` (403).
"""

import rules

from municipalities.access import access_of

from .models import EDITABLE_STATUSES, PUBLIC_STATUSES


@rules.predicate
def is_published(user, plan) -> bool:
    return plan is not None and plan.status in PUBLIC_STATUSES


@rules.predicate
def reads_as_member(user, plan) -> bool:
    return plan is not None and access_of(user).reads_municipality(plan.municipality)


@rules.predicate
def is_municipal_editor(user, plan) -> bool:
    return plan is not None and access_of(user).edits_municipality(plan.municipality)


@rules.predicate
def is_editable_stage(user, plan) -> bool:
    return plan is not None and plan.status in EDITABLE_STATUSES


@rules.predicate
def is_region_coordinator(user, plan) -> bool:
    return plan is not None and access_of(user).coordinates(plan.municipality.region_id)


@rules.predicate
def edits_municipality(user, municipality) -> bool:
    return municipality is not None and access_of(user).edits_municipality(municipality)


VIEW_PLAN = "worksheets.view_plan"
CHANGE_PLAN = "worksheets.change_plan_content"
CREATE_PLAN = "worksheets.create_plan_for"
REVIEW_PLAN = "worksheets.review_plan"

rules.add_perm(VIEW_PLAN, is_published | reads_as_member)
rules.add_perm(CHANGE_PLAN, is_municipal_editor & is_editable_stage)
rules.add_perm(CREATE_PLAN, edits_municipality)
rules.add_perm(REVIEW_PLAN, is_region_coordinator)
