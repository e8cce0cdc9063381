"""Reminder e-mails to each municipality's editors: their plans' overdue items and those due within a month.

One message per editor (no one sees the others' addresses), in the editor's preferred language
(``municipalities.languages``: by default their region's).
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail

from municipalities.languages import recipients_by_language
from municipalities.models import Role
from seimpact.lib.dates import format_date
from seimpact.lib.emails import render_email

from .overdue import FollowedItem, follow_up, followed_plans

TITLE_LENGTH = 120  # characters of an item's title in a reminder line; longer ones end in "…"


def _line(item: FollowedItem) -> dict:
    """What the reminder's line about ``item`` shows (``emails/progress_reminder_item.txt``)."""
    due = format_date(item.due) if item.due else "—"
    title = " ".join(item.title.split())
    title = title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1] + "…"
    return {
        "worksheet": item.worksheet.number,
        "number": item.number,
        "title": title,
        "due": due,
        "status": item.status_label,
        "url": settings.SEIMPACT_BASE_URL + item.url,
    }


def reminder_messages(*, today: date) -> list[tuple[str, str, None, list[str]]]:
    """``send_mass_mail`` data: for every editor of a municipality with something overdue or due soon.

    The texts are the templates ``emails/progress_reminder_subject.txt`` and ``_body.txt``.
    """
    plans = list(followed_plans())
    result = follow_up(plans, today=today)
    overdue, upcoming = defaultdict(list), defaultdict(list)
    for item in result.overdue:
        overdue[item.plan.municipality_id].append(item)
    for item in result.upcoming:
        upcoming[item.plan.municipality_id].append(item)
    municipalities = {plan.municipality_id: plan.municipality for plan in plans}
    wanted = set(overdue) | set(upcoming)
    editors = recipients_by_language(Role.EDITOR, wanted)
    messages = []
    for municipality_id in sorted(wanted, key=lambda pk: municipalities[pk].name_key()):
        municipality = municipalities[municipality_id]
        if municipality_id not in editors:
            continue
        context = {
            "municipality": municipality.name,
            "today": format_date(today),
            "overdue": [_line(item) for item in overdue[municipality_id]],
            "upcoming": [_line(item) for item in upcoming[municipality_id]],
        }
        texts = {
            language: render_email("progress_reminder", context, language=language)
            for language in editors[municipality_id]
        }
        addressed = sorted(
            (email, language) for language, emails in editors[municipality_id].items() for email in emails
        )
        for email, language in addressed:
            subject, body = texts[language]
            messages.append((subject, body, None, [email]))
    return messages


def send_progress_reminders(*, today: date) -> int:
    """Send ``reminder_messages`` of ``today``; the number of messages sent."""
    messages = reminder_messages(today=today)
    return send_mass_mail(messages) if messages else 0
