"""Progress of the plans: overdue and upcoming items under a frozen clock, and the reminder e-mails."""

import datetime
import io
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory, UserFactory, editor_of
from worksheets.editing import services
from worksheets.followup.overdue import follow_up
from worksheets.models import Activity, MonitoringActivity, PlanStatus, ProgressStatus

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def frozen_clock(monkeypatch):
    """Today is 24 November 2026, noon in Riga, for the views and the command alike."""
    moment = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("Europe/Riga"))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return TODAY


@pytest.fixture
def running_plan(plan):
    """The Aizkraukle plan, approved; its six standard monitoring activities have no deadline yet."""
    plan.status = PlanStatus.APPROVED
    plan.save()
    add = partial(ActivityFactory, plan=plan)  # activities 1–8, in this order
    add(description="Seminārs (datums iestatīts, nokavēts)", due_date=datetime.date(2026, 11, 1))
    add(description="Buklets (no laika grafika, nokavēts)", timeline="2026. gada pirmā puse")
    add(description="Konkurss (drīz)", timeline="2026. gada decembris")
    add(description="Pabeigts agrāk", due_date=datetime.date(2026, 1, 1), status=ProgressStatus.DONE)
    add(description="Atcelts", timeline="2026. gada marts", status=ProgressStatus.CANCELLED)
    add(description="Ik gadu", timeline="Katru gadu - pavasaris")
    add(description="Tālu nākotnē", timeline="2027. gada septembris")
    add(description="Atzīmēts kā kavēts", status=ProgressStatus.LATE)
    monitoring = MonitoringActivity.objects.filter(plan=plan).order_by("position")
    monitoring.filter(pk=monitoring[0].pk).update(deadline="2026. gada 2. ceturksnis")
    monitoring.filter(pk=monitoring[1].pk).update(due_date=datetime.date(2026, 12, 20), status="in_progress")
    return plan


def titles(items):
    return [item.title for item in items]


def test_overdue_and_upcoming_items_of_a_plan(running_plan):
    result = follow_up([running_plan], today=TODAY)
    assert titles(result.overdue) == [
        "Mērķu saskaņošana ar ieinteresētajām pusēm",  # ws 11, 30.06.2026 read from "2026. gada 2. ceturksnis"
        "Buklets (no laika grafika, nokavēts)",  # 30.06.2026 read from "2026. gada pirmā puse"
        "Seminārs (datums iestatīts, nokavēts)",  # 01.11.2026 set by the officer
        "Atzīmēts kā kavēts",  # no date, marked late
    ]
    assert [(i.worksheet.number, i.number, i.due, i.due_read_from_text) for i in result.overdue[:3]] == [
        (11, "1", datetime.date(2026, 6, 30), True),
        (7, "2", datetime.date(2026, 6, 30), True),
        (7, "1", datetime.date(2026, 11, 1), False),
    ]
    # 20.12.2026 is within 30 days; "2026. gada decembris" (31.12.2026) is not yet
    assert titles(result.upcoming) == [
        "Iesaistītie izpildītāji ir izpratuši rīcības plānā ietvertos uzdevumus un aktivitātes"
    ]


def test_the_next_month_is_thirty_days(running_plan):
    later = follow_up([running_plan], today=datetime.date(2026, 12, 2))
    # 31.12.2026 ("2026. gada decembris") is now within 30 days; September 2027 is not
    assert titles(later.upcoming) == [
        "Iesaistītie izpildītāji ir izpratuši rīcības plānā ietvertos uzdevumus un aktivitātes",  # 20.12.2026
        "Konkurss (drīz)",
    ]
    assert titles(later.overdue) == [
        "Mērķu saskaņošana ar ieinteresētajām pusēm",
        "Buklets (no laika grafika, nokavēts)",
        "Seminārs (datums iestatīts, nokavēts)",
        "Atzīmēts kā kavēts",
    ]


def test_an_item_is_not_overdue_on_its_due_day(running_plan):
    result = follow_up([running_plan], today=datetime.date(2026, 11, 1))
    assert titles(result.overdue) == [
        "Mērķu saskaņošana ar ieinteresētajām pusēm",
        "Buklets (no laika grafika, nokavēts)",
        "Atzīmēts kā kavēts",
    ]
    assert titles(result.upcoming) == ["Seminārs (datums iestatīts, nokavēts)"]


def test_plan_page_lists_the_overdue_items_as_of_today(client, editor, running_plan, frozen_clock):
    client.force_login(editor)
    response = client.get(reverse("followup:plan", args=[running_plan.pk]))
    assert response.status_code == 200
    assert titles(response.context["follow_up"].overdue)[0] == "Mērķu saskaņošana ar ieinteresētajām pusēm"
    body = response.content.decode()
    assert "30.06.2026" in body
    assert f"/plans/{running_plan.pk}/worksheets/7/#row-activities-" in body


def test_coordinator_sees_the_overdue_items_of_the_regions_running_plans(
    client, coordinator, running_plan, bauska, zemgale, frozen_clock
):
    draft = services.plan_create(
        user=editor_of(bauska), municipality=bauska, period_start=2026, period_end=2027, title="Bauska"
    )
    ActivityFactory(plan=draft, description="Melnraksta aktivitāte", due_date=datetime.date(2026, 1, 1))
    client.force_login(coordinator)
    response = client.get(reverse("followup:region", args=[zemgale.slug]))
    overdue = titles(response.context["follow_up"].overdue)
    assert "Seminārs (datums iestatīts, nokavēts)" in overdue
    assert "Melnraksta aktivitāte" not in overdue  # drafts are not being carried out yet
    assert "Aizkraukles novads 2026–2027" in response.content.decode()


def test_follow_up_pages_refuse_outsiders(client, running_plan, zemgale, editor, other_editor, other_coordinator):
    plan_url = reverse("followup:plan", args=[running_plan.pk])
    region_url = reverse("followup:region", args=[zemgale.slug])
    assert client.get(plan_url)["Location"].startswith(reverse("login"))
    assert client.get(region_url)["Location"].startswith(reverse("login"))
    client.force_login(other_editor)
    assert client.get(plan_url).status_code == 404
    assert client.get(region_url).status_code == 403
    client.force_login(editor)
    assert client.get(region_url).status_code == 403
    client.force_login(other_coordinator)
    assert client.get(region_url).status_code == 403


# --- the reminder command ------------------------------------------------------------------------------


def test_reminders_go_to_each_municipalitys_editors_with_their_own_items(
    running_plan, aizkraukle, bauska, editor, viewer, coordinator, frozen_clock
):
    second_editor = editor_of(aizkraukle, user__username="liga", user__email="liga@aizkraukle.lv")
    editor_of(aizkraukle, user=UserFactory(username="bez.epasta", email=""))
    editor_of(aizkraukle, user=UserFactory(username="neaktivs", email="neaktivs@aizkraukle.lv", is_active=False))
    bauska_editor = editor_of(bauska, user__username="peteris")
    bauska_plan = services.plan_create(
        user=bauska_editor, municipality=bauska, period_start=2026, period_end=2027, title="Bauska"
    )
    bauska_plan.status = PlanStatus.PUBLISHED
    bauska_plan.save()
    ActivityFactory(plan=bauska_plan, description="Bauskas tirdziņš", due_date=datetime.date(2026, 12, 10))

    call_command("send_progress_reminders", stdout=io.StringIO())

    # one message per editor with an address and an active account; not the viewer, not the coordinator
    recipients = sorted(message.to for message in mail.outbox)
    assert recipients == sorted([[editor.email], [second_editor.email], [bauska_editor.email]])
    by_recipient = {message.to[0]: message for message in mail.outbox}
    aizkraukle_mail = by_recipient[editor.email]
    body = aizkraukle_mail.body
    assert "Seminārs (datums iestatīts, nokavēts)" in body
    assert "Mērķu saskaņošana ar ieinteresētajām pusēm" in body
    assert "Konkurss (drīz)" not in body  # 31.12.2026 is more than 30 days away
    assert "Pabeigts agrāk" not in body
    assert "Atcelts" not in body
    assert "Bauskas tirdziņš" not in body
    assert body.index("Seminārs") < body.index("Iesaistītie izpildītāji")  # overdue first, then upcoming
    assert f"/plans/{running_plan.pk}/worksheets/7/#row-activities-" in body
    bauska_body = by_recipient[bauska_editor.email].body
    assert "Bauskas tirdziņš" in bauska_body
    assert "Seminārs" not in bauska_body
    assert aizkraukle_mail.subject == "Rīcības plāna atgādinājums: Aizkraukles novads"  # the municipality's language


def test_reminder_command_takes_a_date_and_sends_nothing_when_nothing_is_due(running_plan, editor):
    call_command("send_progress_reminders", "--date", "2025-01-01", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[editor.email]]  # only the item marked late
    assert "Atzīmēts kā kavēts" in mail.outbox[0].body
    Activity.objects.filter(plan=running_plan, status=ProgressStatus.LATE).update(status=ProgressStatus.DONE)
    mail.outbox.clear()
    call_command("send_progress_reminders", "--date", "2025-01-01", stdout=io.StringIO())
    assert mail.outbox == []


def test_drafts_get_no_reminders(plan, editor):
    ActivityFactory(plan=plan, description="Melnraksts", due_date=datetime.date(2026, 1, 1))
    call_command("send_progress_reminders", "--date", "2026-11-24", stdout=io.StringIO())
    assert mail.outbox == []
