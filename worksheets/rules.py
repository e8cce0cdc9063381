"""May this user do X to this plan? One place, with ``rules`` predicates.

The matching "which plans may this user do X to?" lives beside it as ``ActionPlan.objects`` methods
(``accessible_to``, ``visible_to``, ``editable_by``) built on the same membership facts
(``municipalities.access``). Views fetch through the queryset (an outsider gets 404) and then check
the action with ``user.has_perm(<name>, plan)`` (403).
"""

import rules

from municipalities.access import access_of
from municipalities.rules import coordinates_region, edits_municipality

from .models import ADOPTED_STATUSES, EDITABLE_STATUSES, PUBLIC_STATUSES, PlanStatus


@rules.predicate
def is_published(user, plan) -> bool:
    """The plan is published."""
    return plan is not None and plan.status in PUBLIC_STATUSES


@rules.predicate
def is_public(user, plan) -> bool:
    """Everybody may read the plan: it is published, or being revised after publication (``ActionPlan.is_public``;
    then read as its published version)."""
    return plan is not None and plan.is_public


@rules.predicate
def reads_as_member(user, plan) -> bool:
    """The user reads the drafts of the plan's municipality: a member (editor or viewer), its region's coordinator or
    an administrator."""
    return plan is not None and access_of(user).reads_municipality(plan.municipality)


@rules.predicate
def is_municipal_editor(user, plan) -> bool:
    """The user is an editor of the plan's municipality (being an administrator does not make one)."""
    return plan is not None and access_of(user).edits_municipality(plan.municipality)


@rules.predicate
def is_editable_stage(user, plan) -> bool:
    """The plan is a draft or returned for changes (``EDITABLE_STATUSES``)."""
    return plan is not None and plan.status in EDITABLE_STATUSES


@rules.predicate
def is_region_coordinator(user, plan) -> bool:
    """The user coordinates the plan's region (being an administrator does not make one a coordinator)."""
    return plan is not None and access_of(user).coordinates(plan.municipality.region_id)


def _status_in(*statuses):
    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def predicate(user, plan) -> bool:
        return plan is not None and plan.status in statuses

    return predicate


is_submitted = _status_in(PlanStatus.SUBMITTED)
is_approved = _status_in(PlanStatus.APPROVED)
is_adopted = _status_in(*ADOPTED_STATUSES)


VIEW_PLAN = "worksheets.view_plan"
CHANGE_PLAN = "worksheets.change_plan_content"
CREATE_PLAN = "worksheets.create_plan_for"
REVIEW_PLAN = "worksheets.review_plan"
RECORD_PROGRESS = "worksheets.record_progress"
SUBMIT_PLAN = "worksheets.submit_plan"
RETURN_PLAN = "worksheets.return_plan"
APPROVE_PLAN = "worksheets.approve_plan"
PUBLISH_PLAN = "worksheets.publish_plan"
REOPEN_PLAN = "worksheets.reopen_plan"
COMMENT_PLAN = "worksheets.comment_plan"
ANSWER_COMMENT = "worksheets.answer_comment"
VIEW_CURRENT = "worksheets.view_current_content"
VIEW_REVIEW = "worksheets.view_review"
COMPARE_REGION = "worksheets.compare_region"
FOLLOW_REGION = "worksheets.follow_region"  # on a region: the overdue list of all its plans

rules.add_perm(VIEW_PLAN, is_public | reads_as_member)
# The plan's rows as they are now: while a published plan is being revised, only its municipality's members and its
# region's coordinators (and administrators) read the draft; anyone else reads the published version, as the public.
rules.add_perm(VIEW_CURRENT, is_published | reads_as_member)
# The review: comments (on rows and general), the comments of status changes, the history and the versions, and
# people's names. The same readers as the drafts; anyone else signed in sees a plan as the public does.
rules.add_perm(VIEW_REVIEW, reads_as_member)
rules.add_perm(CHANGE_PLAN, is_municipal_editor & is_editable_stage)
rules.add_perm(CREATE_PLAN, edits_municipality)
rules.add_perm(REVIEW_PLAN, is_region_coordinator)
# After approval the content is locked; the municipality keeps recording progress (PRODUCT §3).
rules.add_perm(RECORD_PROGRESS, is_municipal_editor & is_adopted)
rules.add_perm(SUBMIT_PLAN, is_municipal_editor & is_editable_stage)
rules.add_perm(RETURN_PLAN, is_region_coordinator & is_submitted)
rules.add_perm(APPROVE_PLAN, is_region_coordinator & is_submitted)
rules.add_perm(PUBLISH_PLAN, is_region_coordinator & is_approved)
rules.add_perm(REOPEN_PLAN, is_region_coordinator & is_adopted)
# Comments: the coordinator opens them; the municipality's members answer; either resolves.
rules.add_perm(COMMENT_PLAN, is_region_coordinator)
rules.add_perm(ANSWER_COMMENT, is_region_coordinator | is_municipal_editor)
# The region's comparisons and regional review, drafts included: its coordinator (and administrators).
rules.add_perm(COMPARE_REGION, coordinates_region)
rules.add_perm(FOLLOW_REGION, coordinates_region)
# The council decision (number, date) of an approved version, recorded or corrected after approval.
RECORD_DECISION = "worksheets.record_decision"
rules.add_perm(RECORD_DECISION, is_region_coordinator)
