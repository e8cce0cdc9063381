"""E-mails about the review: to the coordinator on submission, to the municipality's editors on return
(reopening included), approval and publication. Written in the municipality's language (that of the plan), sent after the commit.

The texts are the templates ``emails/plan_transition_subject.txt`` and ``emails/plan_transition_body.txt``.
"""

from django.conf import settings
from django.core.mail import send_mass_mail

from municipalities.models import Membership, Role
from seimpact.lib.emails import render_email

from ..models import PlanStatus, PlanTransition

NOTIFIED_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.APPROVED, PlanStatus.PUBLISHED)


def recipients(record: PlanTransition) -> list[str]:
    """Who is told: the region's coordinators of a submission, the municipality's editors of the rest."""
    municipality = record.plan.municipality
    if record.to_status == PlanStatus.SUBMITTED:
        role, scope_id = Role.COORDINATOR, municipality.region_id
    else:
        role, scope_id = Role.EDITOR, municipality.pk
    return sorted(Membership.objects.emails_by_scope(role, [scope_id]).get(scope_id, ()))


def notify_transition(record: PlanTransition) -> int:
    """E-mail the people ``record`` concerns (see ``recipients``); the number of messages sent (0 or 1).

    Nothing is sent when nobody is to be told or the new status is not one of ``NOTIFIED_STATUSES``.
    """
    plan = record.plan
    to = recipients(record)
    if not to or record.to_status not in NOTIFIED_STATUSES:
        return 0
    context = {
        "status": record.to_status,
        "plan": f"{plan.municipality.name} {plan.period}",
        "before": PlanStatus(record.from_status).label,
        "after": PlanStatus(record.to_status).label,
        "comment": record.comment,
        "url": settings.SEIMPACT_BASE_URL + plan.get_absolute_url(),
    }
    subject, body = render_email("plan_transition", context, language=plan.municipality.language)
    return send_mass_mail([(subject, body, None, to)])
