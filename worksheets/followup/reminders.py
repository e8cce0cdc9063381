"""Reminder e-mails to each municipality's editors: their plans' overdue items and those due within a month.

Written in the municipality's language, one message per editor (no one sees the others' addresses).
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipalities.access import member_emails
from municipalities.models import Country, Role

from .overdue import FollowedItem, follow_up, followed_plans


def _line(item: FollowedItem) -> str:
    due = item.due.strftime("%d.%m.%Y") if item.due else "—"
    title = " ".join(item.title.split())
    title = title if len(title) <= 120 else title[:119] + "…"
    return _("- Worksheet %(worksheet)s, no. %(number)s: %(title)s (due %(due)s, %(status)s) %(url)s") % {
        "worksheet": item.worksheet.number,
        "number": item.number,
        "title": title,
        "due": due,
        "status": item.status_label,
        "url": settings.SEIMPACT_BASE_URL + item.url,
    }


def reminder_messages(*, today: date) -> list[tuple[str, str, None, list[str]]]:
    """``send_mass_mail`` data: for every editor of a municipality with something overdue or due soon."""
    plans = list(followed_plans())
    result = follow_up(plans, today=today)
    overdue, upcoming = defaultdict(list), defaultdict(list)
    for item in result.overdue:
        overdue[item.plan.municipality_id].append(item)
    for item in result.upcoming:
        upcoming[item.plan.municipality_id].append(item)
    municipalities = {plan.municipality_id: plan.municipality for plan in plans}
    wanted = set(overdue) | set(upcoming)
    editors = defaultdict(set, member_emails(Role.EDITOR, wanted))
    messages = []
    for municipality_id in sorted(wanted, key=lambda pk: municipalities[pk].name):
        municipality = municipalities[municipality_id]
        if not editors[municipality_id]:
            continue
        with override(Country(municipality.region.country).language):
            subject = _("Action plan reminder: %(municipality)s") % {"municipality": municipality.name}
            lines = [
                _("Action plan of %(municipality)s: activities and monitoring activities, as of %(today)s.")
                % {
                    "municipality": municipality.name,
                    "today": today.strftime("%d.%m.%Y"),
                }
            ]
            if overdue[municipality_id]:
                lines += ["", _("Overdue:"), *map(_line, overdue[municipality_id])]
            if upcoming[municipality_id]:
                lines += ["", _("Due within the next month:"), *map(_line, upcoming[municipality_id])]
            lines += [
                "",
                _("Change an item's status (done, late, cancelled) or its due date in the worksheet."),
            ]
            body = "\n".join(lines)
        for email in sorted(editors[municipality_id]):
            messages.append((subject, body, None, [email]))
    return messages


def send_progress_reminders(*, today: date) -> int:
    messages = reminder_messages(today=today)
    return send_mass_mail(messages) if messages else 0
