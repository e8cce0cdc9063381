"""Uploads waiting between an import's preview and its confirmation: kept in the shared storage, removed on apply
and after a day, never applied by someone else or after they expired."""

import io
import os
from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from worksheets.editing import services
from worksheets.editing.page_data import post_data
from worksheets.exports.pending import MAX_AGE, clear_expired, read_pending, save_pending
from worksheets.models import MonitoringActivity
from worksheets.views.exports import IMPORT_SESSION_KEY

pytestmark = pytest.mark.django_db

EXPIRED = "Importa termiņš ir beidzies. Augšupielādējiet failu vēlreiz."


@pytest.fixture(autouse=True)
def imports(settings, tmp_path):
    """A storage of its own for each test, so what one test leaves does not count in another."""
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "imports")},
        },
    }
    return storages["imports"]


def edited_export(client, plan, responsible="Attīstības nodaļa") -> bytes:
    workbook = load_workbook(io.BytesIO(client.get(reverse("worksheets:plan_xlsx", args=[plan.pk])).content))
    monitoring = workbook[next(n for n in workbook.sheetnames if n.split(" ", 1)[0] == "11")]
    monitoring["C2"] = responsible
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(client, plan, content: bytes):
    file = SimpleUploadedFile("plāns.xlsx", content, content_type="application/octet-stream")
    response = client.post(reverse("worksheets:plan_import", args=[plan.pk]), {"file": file})
    assert response.status_code == 200
    return response.context["token"]


def apply(client, plan, token):
    return client.post(reverse("worksheets:plan_import_apply", args=[plan.pk]), {"token": token}, follow=True)


def first_responsible(plan) -> str:
    return MonitoringActivity.objects.filter(plan=plan).order_by("position")[0].responsible


def test_preview_keeps_the_upload_in_the_imports_storage(client, editor, sound_plan, imports):
    client.force_login(editor)
    content = edited_export(client, sound_plan)
    token = preview(client, sound_plan, content)
    assert imports.listdir("") == ([], [f"{token}.xlsx"])
    with imports.open(f"{token}.xlsx", "rb") as stored:
        assert stored.read() == content
    assert client.session[IMPORT_SESSION_KEY]["token"] == token


def test_apply_imports_and_removes_the_upload(client, editor, sound_plan, imports):
    client.force_login(editor)
    token = preview(client, sound_plan, edited_export(client, sound_plan))
    response = apply(client, sound_plan, token)
    assert "Importēts: mainīta 1 rinda." in response.content.decode()
    assert first_responsible(sound_plan) == "Attīstības nodaļa"
    assert imports.listdir("") == ([], [])
    assert IMPORT_SESSION_KEY not in client.session


def test_apply_refused_as_stale_still_removes_the_upload(client, editor, sound_plan, imports):
    client.force_login(editor)
    token = preview(client, sound_plan, edited_export(client, sound_plan))
    data = post_data(sound_plan, 11)
    data["monitoring-0-responsible"] = "Finanšu nodaļa"
    assert client.post(reverse("worksheets:worksheet", args=[sound_plan.pk, 11]), data).status_code == 302
    response = apply(client, sound_plan, token)
    assert "Pēc priekšskatījuma plāns ir mainīts" in response.content.decode()
    assert first_responsible(sound_plan) == "Finanšu nodaļa"
    assert imports.listdir("") == ([], [])


def test_a_new_preview_drops_the_previous_upload(client, editor, sound_plan, imports):
    client.force_login(editor)
    first = preview(client, sound_plan, edited_export(client, sound_plan))
    second = preview(client, sound_plan, edited_export(client, sound_plan, "Sociālais dienests"))
    assert imports.listdir("") == ([], [f"{second}.xlsx"])
    assert EXPIRED in apply(client, sound_plan, first).content.decode()
    assert first_responsible(sound_plan) == ""


def test_command_removes_uploads_older_than_a_day_and_keeps_newer(imports):
    now = timezone.now().replace(microsecond=0)
    old = save_pending(b"old", now=now - MAX_AGE - timedelta(seconds=1))
    day_old = save_pending(b"day", now=now - MAX_AGE)
    fresh = save_pending(b"fresh", now=now)
    assert clear_expired(now=now) == 1
    assert sorted(imports.listdir("")[1]) == sorted([f"{day_old}.xlsx", f"{fresh}.xlsx"])
    out = io.StringIO()
    call_command("clear_pending_imports", stdout=out)  # the real clock: the day-old one is over a day old by now
    assert out.getvalue() == "1 pending imports removed\n"
    assert imports.listdir("") == ([], [f"{fresh}.xlsx"])
    assert read_pending(old) is None


def test_command_ages_a_file_without_a_time_in_its_name_by_its_modified_time(imports):
    legacy = imports.save("0123456789abcdef0123456789abcdef.xlsx", io.BytesIO(b"legacy"))
    recent = imports.save("notes.txt", io.BytesIO(b"recent"))
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(imports.path(legacy), (two_days_ago, two_days_ago))
    out = io.StringIO()
    call_command("clear_pending_imports", stdout=out)
    assert out.getvalue() == "1 pending imports removed\n"
    assert imports.listdir("") == ([], [recent])


def test_command_with_nothing_ever_uploaded_removes_nothing(imports):
    out = io.StringIO()
    call_command("clear_pending_imports", stdout=out)
    assert out.getvalue() == "0 pending imports removed\n"


def test_apply_after_the_upload_was_cleared_says_expired(client, editor, sound_plan, imports):
    client.force_login(editor)
    token = preview(client, sound_plan, edited_export(client, sound_plan))
    assert clear_expired(now=timezone.now() + MAX_AGE + timedelta(minutes=1)) == 1
    response = apply(client, sound_plan, token)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("worksheets:plan_import", args=[sound_plan.pk]), 302)]
    assert EXPIRED in response.content.decode()
    assert first_responsible(sound_plan) == ""


def test_apply_of_an_upload_over_a_day_old_says_expired_and_removes_it(client, editor, sound_plan, imports):
    client.force_login(editor)
    content = edited_export(client, sound_plan)
    preview(client, sound_plan, content)
    old = save_pending(content, now=timezone.now() - MAX_AGE - timedelta(minutes=1))
    session = client.session
    session[IMPORT_SESSION_KEY] = {**session[IMPORT_SESSION_KEY], "token": old}
    session.save()
    response = apply(client, sound_plan, old)
    assert EXPIRED in response.content.decode()
    assert first_responsible(sound_plan) == ""
    assert not imports.exists(f"{old}.xlsx")  # the apply ran the day's clean-up


@pytest.mark.parametrize("token", ["", "x", "../../etc/passwd", "2026" * 20, "20261399999999" + "a" * 32])
def test_apply_of_a_malformed_token_says_expired(client, editor, sound_plan, token):
    client.force_login(editor)
    session = client.session
    session[IMPORT_SESSION_KEY] = {"plan": sound_plan.pk, "token": token, "revisions": {}}
    session.save()
    response = apply(client, sound_plan, token)
    assert EXPIRED in response.content.decode()


def test_an_outsider_cannot_apply_another_plans_token(client, editor, sound_plan, other_editor, bauska, imports):
    client.force_login(editor)
    token = preview(client, sound_plan, edited_export(client, sound_plan))
    outsider_plan = services.plan_create(
        user=other_editor, municipality=bauska, period_start=2026, period_end=2027, title="Bauskas plāns"
    )
    outsider = client.__class__()
    outsider.force_login(other_editor)
    assert outsider.post(
        reverse("worksheets:plan_import_apply", args=[sound_plan.pk]), {"token": token}
    ).status_code == (404)
    assert EXPIRED in apply(outsider, outsider_plan, token).content.decode()
    assert imports.exists(f"{token}.xlsx")  # the owner's preview stands
    assert first_responsible(sound_plan) == ""
    assert "Importēts: mainīta 1 rinda." in apply(client, sound_plan, token).content.decode()


def test_a_token_is_bound_to_the_plan_it_was_previewed_for(client, editor, sound_plan, aizkraukle, imports):
    client.force_login(editor)
    token = preview(client, sound_plan, edited_export(client, sound_plan))
    other_plan = services.plan_create(
        user=editor, municipality=aizkraukle, period_start=2028, period_end=2029, title="Nākamais plāns"
    )
    assert EXPIRED in apply(client, other_plan, token).content.decode()
    assert imports.exists(f"{token}.xlsx")
