"""The e-mails' exact texts: review notifications and progress reminders, from their templates."""

import datetime

import pytest
from django.core import mail

from seimpact.lib.emails import render_email
from worksheets.followup.reminders import reminder_messages
from worksheets.models import Activity, PlanStatus, PlanTransition
from worksheets.review.notifications import notify_transition

pytestmark = pytest.mark.django_db

COMMENT = 'Precizējiet <b>finansējuma</b> & "avotus"\notrā rinda  '  # markup and line breaks stay as typed


def test_return_notification_tells_the_editors_in_latvian_with_the_comment_as_typed(plan, editor, coordinator):
    record = PlanTransition(plan=plan, from_status=PlanStatus.SUBMITTED, to_status=PlanStatus.RETURNED, comment=COMMENT)

    assert notify_transition(record) == 1

    [message] = mail.outbox
    assert message.to == [editor.email]
    assert message.subject == "Aizkraukles novads 2026–2027 ir atgriezts labošanai"
    assert message.body == (
        "Aizkraukles novads 2026–2027: Iesniegts izvērtēšanai → Atgriezts labošanai.\n"
        "\n"
        "Komentārs:\n"
        f"{COMMENT}\n"
        "\n"
        f"Atvērt plānu: http://127.0.0.1:8000/plans/{plan.pk}/"
    )


def test_submission_notification_without_a_comment_goes_to_the_coordinator(plan, editor, coordinator):
    record = PlanTransition(plan=plan, from_status=PlanStatus.DRAFT, to_status=PlanStatus.SUBMITTED)

    assert notify_transition(record) == 1

    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert message.subject == "Aizkraukles novads 2026–2027 ir iesniegts izvērtēšanai"
    assert message.body == (
        "Aizkraukles novads 2026–2027: Melnraksts → Iesniegts izvērtēšanai.\n"
        "\n"
        f"Atvērt plānu: http://127.0.0.1:8000/plans/{plan.pk}/"
    )


def test_notification_in_english():
    context = {
        "status": PlanStatus.APPROVED,
        "plan": "Aizkraukles novads 2026–2027",
        "before": PlanStatus.SUBMITTED.label,
        "after": PlanStatus.APPROVED.label,
        "comment": "Well done & thanks",
        "url": "http://example.org/plans/1/",
    }

    subject, body = render_email("plan_transition", context, language="en")

    assert subject == "Aizkraukles novads 2026–2027 was approved"
    assert body == (
        "Aizkraukles novads 2026–2027: Submitted for review → Approved.\n"
        "\n"
        "Comment:\n"
        "Well done & thanks\n"
        "\n"
        "Open the plan: http://example.org/plans/1/"
    )


def test_reminder_lists_overdue_then_upcoming_items_in_latvian(plan, editor):
    plan.status = PlanStatus.APPROVED
    plan.save()
    late = Activity.objects.create(
        plan=plan, position=1, description="Seminārs  <b>&</b>\n uzņēmējiem", due_date=datetime.date(2026, 11, 1)
    )
    soon = Activity.objects.create(plan=plan, position=2, description="Konkurss", due_date=datetime.date(2026, 12, 1))

    [(subject, body, sender, to)] = reminder_messages(today=datetime.date(2026, 11, 24))

    worksheet_7 = f"http://127.0.0.1:8000/plans/{plan.pk}/worksheets/7/"
    assert (sender, to) == (None, [editor.email])
    assert subject == "Rīcības plāna atgādinājums: Aizkraukles novads"
    assert body == (
        "Rīcības plāns, Aizkraukles novads: aktivitātes un uzraudzības aktivitātes 24.11.2026.\n"
        "\n"
        "Nokavētas:\n"
        f"- Darba lapa 7, Nr. 1: Seminārs <b>&</b> uzņēmējiem (termiņš 01.11.2026, plānots) "
        f"{worksheet_7}#row-activities-{late.pk}\n"
        "\n"
        "Termiņš tuvāko 30 dienu laikā:\n"
        f"- Darba lapa 7, Nr. 2: Konkurss (termiņš 01.12.2026, plānots) {worksheet_7}#row-activities-{soon.pk}\n"
        "\n"
        "Aktivitātes statusu (izpildīts, kavējas, atcelts) vai izpildes termiņu mainiet darba lapā."
    )


def test_reminder_with_only_upcoming_items_in_english():
    item = {"worksheet": 11, "number": "2", "title": "Review", "due": "20.12.2026", "status": "in progress", "url": "u"}
    context = {"municipality": "Birži", "today": "24.11.2026", "overdue": [], "upcoming": [item]}

    subject, body = render_email("progress_reminder", context, language="en")

    assert subject == "Action plan reminder: Birži"
    assert body == (
        "Action plan of Birži: activities and monitoring activities, as of 24.11.2026.\n"
        "\n"
        "Due within the next month:\n"
        "- Worksheet 11, no. 2: Review (due 20.12.2026, in progress) u\n"
        "\n"
        "Change an item's status (done, late, cancelled) or its due date in the worksheet."
    )
