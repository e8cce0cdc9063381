"""E-mails about the review: to the coordinator on submission, to the municipality's editors on return
(reopening included), approval and publication. Each recipient reads it in their preferred language
(``municipalities.languages``: by default their region's): one message per language. Sent after the commit, by
the background task ``worksheets.tasks.send_transition_notice``.

The texts are the templates ``emails/plan_transition_subject.txt`` and ``emails/plan_transition_body.txt``.
"""

from django.conf import settings
from django.core.mail import send_mass_mail

from municipalities.languages import recipients_by_language
from municipalities.models import Role
from seimpact.lib.emails import render_email

from ..models import PlanStatus, PlanTransition

NOTIFIED_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.APPROVED, PlanStatus.PUBLISHED)


def recipients(record: PlanTransition) -> dict[str, list[str]]:
    """Who is told, by preferred language (``{language: addresses}``): the region's coordinators of a submission, the
    municipality's editors of the rest."""
    municipality = record.plan.municipality
    if record.to_status == PlanStatus.SUBMITTED:
        role, scope_id = Role.COORDINATOR, municipality.region_id
    else:
        role, scope_id = Role.EDITOR, municipality.pk
    return recipients_by_language(role, [scope_id]).get(scope_id, {})


def notify_transition(record: PlanTransition) -> int:
    """E-mail the people ``record`` concerns (see ``recipients``); the number of messages sent: one per language of
    the recipients (one message to all of them when they share it).

    Nothing is sent when nobody is to be told or the new status is not one of ``NOTIFIED_STATUSES``.
    """
    plan = record.plan
    by_language = recipients(record)
    if not by_language or record.to_status not in NOTIFIED_STATUSES:
        return 0
    context = {
        "status": record.to_status,
        "plan": f"{plan.municipality.name} {plan.period}",
        "before": PlanStatus(record.from_status).label,
        "after": PlanStatus(record.to_status).label,
        "comment": record.comment,
        "url": settings.SEIMPACT_BASE_URL + plan.get_absolute_url(),
    }
    messages = []
    for language, to in by_language.items():
        subject, body = render_email("plan_transition", context, language=language)
        messages.append((subject, body, None, to))
    return send_mass_mail(messages)
