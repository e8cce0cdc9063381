"""The review of a plan: which status changes exist, who may make them, and what each one does.

``draft → submitted → (returned → submitted …) → approved → published``; an approved or published plan
can be reopened by the coordinator for a revision (→ returned), whose approval becomes the next version.
Every change is a ``PlanTransition`` (who, when, comment); approval freezes the content as a ``PlanVersion``;
publishing makes that version the plan in force (``ActionPlan.published_version``), which stays public while a
revision is drafted, until the revision is published.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..completeness import plan_problems
from ..models import ActionPlan, PlanStatus, PlanTransition
from ..rules import APPROVE_PLAN, PUBLISH_PLAN, REOPEN_PLAN, RETURN_PLAN, SUBMIT_PLAN
from ..tasks import notify_transition_on_commit
from .decisions import approval_check
from .versions import freeze_version


@dataclass(frozen=True)
class Transition:
    """A status change the review allows, as a button on the plan page.

    ``checks_problems``: with open plan quality problems it needs a comment explaining them (PRODUCT §2);
    ``freezes_version``: it keeps the content as a new ``PlanVersion``, with the council decision if given.
    """

    action: str
    label: str
    perm: str
    to_status: str
    comment_required: bool = False
    checks_problems: bool = False
    freezes_version: bool = False
    button: str = "btn-primary"
    help_text: str = ""


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit",
        _("Submit for review"),
        SUBMIT_PLAN,
        PlanStatus.SUBMITTED,
        checks_problems=True,
        help_text=_("The coordinator is notified. The content cannot be changed while the plan is in review."),
    ),
    Transition(
        "return",
        _("Return for changes"),
        RETURN_PLAN,
        PlanStatus.RETURNED,
        comment_required=True,
        button="btn-outline-danger",
        help_text=_("Say what needs changing; the municipality's editors are notified."),
    ),
    Transition(
        "approve",
        _("Approve"),
        APPROVE_PLAN,
        PlanStatus.APPROVED,
        freezes_version=True,
        button="btn-success",
        help_text=_("The approved content is kept as a new version; the municipality's editors are notified."),
    ),
    Transition(
        "publish",
        _("Publish"),
        PUBLISH_PLAN,
        PlanStatus.PUBLISHED,
        help_text=_("Everybody can then read the plan and download it without logging in."),
    ),
    Transition(
        "reopen",
        _("Reopen for a revision"),
        REOPEN_PLAN,
        PlanStatus.RETURNED,
        comment_required=True,
        button="btn-outline-secondary",
        help_text=_("The municipality can then change the content; its next approval becomes the next version."),
    ),
)

BY_ACTION = {t.action: t for t in TRANSITIONS}


def allowed_transitions(user, plan: ActionPlan) -> list[Transition]:
    """The transitions ``user`` may make on ``plan`` now, in the order of ``TRANSITIONS``."""
    return [t for t in TRANSITIONS if user.has_perm(t.perm, plan)]


class TransitionRefused(Exception):
    """The transition is not allowed now, or lacks what it needs; the message says why."""


class ApprovalUnconfirmed(TransitionRefused):
    """Approving would leave quality problems or review comments open, and that was not confirmed."""


@transaction.atomic
def plan_transition(
    *,
    plan: ActionPlan,
    action: str,
    user,
    comment: str = "",
    decision_number: str = "",
    decision_date=None,
    confirmed: bool = True,
) -> PlanTransition:
    """Move the plan along the review, record it, freeze a version on approval, and notify.

    ``action`` is a ``Transition.action``; ``TransitionRefused`` when it is unknown, not allowed to ``user``
    now, or lacks its comment. ``confirmed``: whether the person has confirmed approving with open quality problems
    or open comments (the page's "approve anyway"); with ``confirmed=False`` such an approval is refused
    (``ApprovalUnconfirmed``, checked under the plan's lock). Returns the recorded ``PlanTransition``; the e-mails go
    after the commit.
    """
    transition = BY_ACTION.get(action)
    plan = ActionPlan.objects.select_for_update().select_related("municipality__region").get(pk=plan.pk)
    if transition is None or not user.has_perm(transition.perm, plan):
        raise TransitionRefused(_("This change of status is not allowed for this plan now."))
    comment = comment.strip()
    if transition.comment_required and not comment:
        raise TransitionRefused(_("Please write a comment: the municipality needs to know what to change."))
    if transition.checks_problems and not comment and plan_problems(plan):
        raise TransitionRefused(
            _("The plan has open problems (see the plan quality checks): explain them in the comment to submit.")
        )
    if transition.freezes_version and not confirmed and approval_check(plan).needs_confirmation:
        raise ApprovalUnconfirmed(
            _("The plan has open problems or open comments: tick “Approve anyway” to approve it as it is.")
        )
    record = PlanTransition.objects.create(
        plan=plan, from_status=plan.status, to_status=transition.to_status, user=user, comment=comment
    )
    plan.status = transition.to_status
    plan.updated_by = user
    plan._history_user = user
    fields = ["status", "updated_by", "updated_at"]
    if PlanStatus.PUBLISHED in (record.from_status, record.to_status):
        keep_published_version(plan)
        fields.append("published_version")
    plan.save(update_fields=fields)
    if transition.freezes_version:
        freeze_version(plan=plan, user=user, decision_number=decision_number, decision_date=decision_date)
    notify_transition_on_commit(record)  # e-mailed by a background task once committed
    return record


def keep_published_version(plan: ActionPlan) -> None:
    """On publishing, and on leaving the published status (a reopening): the plan's latest version becomes its
    ``published_version``, the plan in force that the public, the comparisons and other municipalities read until
    the next publication. A plan without any version (published before versions were kept) keeps what it had."""
    latest = plan.versions.order_by("-number").first()
    if latest is not None:
        plan.published_version = latest
