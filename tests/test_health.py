"""The health URL (``/health/``, ``seimpact/health.py``): a load balancer's probe, open to everybody, answering
``200 ok`` or ``503 unavailable`` and nothing else."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_QUEUE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# What a real failure's message holds, none of which may reach the answer.
INTERNAL_DETAIL = (
    'connection to server at "db-7.internal.example.lv" (10.20.30.40), port 5432 failed: '
    'FATAL: password authentication failed for user "seimpact_prod"'
)
SECRETS = ("db-7", "internal", "10.20.30.40", "5432", "seimpact_prod", "FATAL", "OperationalError", "Database")


def unreachable_database(self, sql, params=None):
    raise OperationalError(INTERNAL_DETAIL)


def assert_no_internal_detail(response):
    text = response.content.decode() + " ".join(f"{name}: {value}" for name, value in response.headers.items())
    for secret in SECRETS:
        assert secret not in text


def test_up_answers_ok_to_a_signed_out_visitor():
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_up_for_a_signed_in_user_too(editor):
    client = Client()
    client.force_login(editor)
    response = client.get("/health/")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_never_cached():
    cache_control = {part.strip() for part in Client().get("/health/")["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "max-age=0"} <= cache_control


def test_head_works():
    response = Client().head("/health/")
    assert response.status_code == 200
    assert response.content == b""


def test_down_when_the_database_is_unreachable(monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", unreachable_database)
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert_no_internal_detail(response)


def test_no_internal_detail_whatever_format_is_asked_for(monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", unreachable_database)
    client = Client()
    answers = [
        client.get("/health/", {"format": "json"}),
        client.get("/health/", {"format": "openmetrics"}),
        client.get("/health/", HTTP_ACCEPT="application/json"),
        client.get("/health/", HTTP_ACCEPT="text/html"),
    ]
    for response in answers:
        assert (response.status_code, response.content) == (503, b"unavailable\n")
        assert_no_internal_detail(response)


def test_a_malformed_accept_header_is_no_server_error():
    response = Client().get("/health/", HTTP_ACCEPT="((not a media type;;")
    assert (response.status_code, response.content) == (200, b"ok\n")


@override_settings(TASKS=DATABASE_QUEUE)
def test_up_with_the_database_task_queue():
    assert Client().get("/health/").status_code == 200


@override_settings(TASKS=DATABASE_QUEUE)
def test_down_when_the_task_queue_table_cannot_be_read(monkeypatch):
    monkeypatch.setattr(DBTaskResult._meta, "db_table", "django_tasks_db_missing_table")
    response = Client().get("/health/")
    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert "missing_table" not in response.content.decode()


@override_settings(TASKS=IMMEDIATE_QUEUE)
def test_the_immediate_task_backend_has_no_queue_to_fail(monkeypatch):
    monkeypatch.setattr(DBTaskResult._meta, "db_table", "django_tasks_db_missing_table")
    assert Client().get("/health/").status_code == 200


@override_settings(SECURE_SSL_REDIRECT=True)
def test_answered_over_plain_http_when_everything_else_is_redirected_to_https():
    client = Client()
    assert client.get("/health/").status_code == 200
    login = client.get("/accounts/login/")
    assert login.status_code == 301
    assert login["Location"].startswith("https://")


def test_probes_are_not_counted_as_login_attempts():
    client = Client()
    for _probe in range(10):
        assert client.get("/health/").status_code == 200
    assert (AccessAttempt.objects.count(), AccessLog.objects.count(), AccessFailureLog.objects.count()) == (0, 0, 0)
    assert "sessionid" not in client.cookies
