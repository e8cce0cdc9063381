"""E-mails about the review: to the coordinator on submission, to the municipality's editors on return,
approval and reopening. Written in the municipality's language (that of the plan), sent after the commit.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipalities.access import member_emails
from municipalities.models import Country, Role

from ..models import PlanStatus, PlanTransition

SUBJECTS = {
    PlanStatus.SUBMITTED: lambda: _("%(plan)s was submitted for review"),
    PlanStatus.RETURNED: lambda: _("%(plan)s was returned for changes"),
    PlanStatus.APPROVED: lambda: _("%(plan)s was approved"),
    PlanStatus.PUBLISHED: lambda: _("%(plan)s was published"),
}


def recipients(record: PlanTransition) -> list[str]:
    """Who is told: the region's coordinators of a submission, the municipality's editors of the rest."""
    municipality = record.plan.municipality
    if record.to_status == PlanStatus.SUBMITTED:
        role, scope_id = Role.COORDINATOR, municipality.region_id
    else:
        role, scope_id = Role.EDITOR, municipality.pk
    return sorted(member_emails(role, [scope_id]).get(scope_id, ()))


def notify_transition(record: PlanTransition) -> int:
    plan = record.plan
    to = recipients(record)
    if not to or record.to_status not in SUBJECTS:
        return 0
    with override(Country(plan.municipality.region.country).language):
        names = {"plan": f"{plan.municipality.name} {plan.period}"}
        subject = SUBJECTS[record.to_status]() % names
        lines = [
            _("%(plan)s: %(before)s → %(after)s.")
            % {
                **names,
                "before": PlanStatus(record.from_status).label,
                "after": PlanStatus(record.to_status).label,
            }
        ]
        if record.comment:
            lines += ["", _("Comment:"), record.comment]
        lines += ["", _("Open the plan: %(url)s") % {"url": settings.SEIMPACT_BASE_URL + plan.get_absolute_url()}]
    return send_mass_mail([(subject, "\n".join(lines), None, to)])
