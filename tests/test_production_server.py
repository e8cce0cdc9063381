"""The production run really serves: gunicorn (``seimpact/gunicorn.conf.py``) on the production settings (DEBUG off,
WhiteNoise's hashed and compressed static files collected beforehand) and the test database, as ``make serve`` starts
it. Its health URL answers ``ok``, the login page comes with a hashed stylesheet URL, and that stylesheet is served.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),  # committed tables, which the server's connections see
    # The production run is gunicorn on PostgreSQL (README "Production"); the suite's PostgreSQL run covers it, and
    # its collectstatic (compressing every static file) is the slowest step of the suite.
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the production run is on PostgreSQL (run with DATABASE_URL=postgres://…)",
    ),
]

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
CONFIG = str(Path(settings.BASE_DIR) / "seimpact" / "gunicorn.conf.py")
HASHED_STYLESHEET = re.compile(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"')
SOCKET_TIMEOUT = 120  # seconds without a byte before a request counts as unanswered (no speed is asserted)
READY_ATTEMPTS = 600  # polls of the health URL, 0.2 s apart, while the server process is alive


def database_url() -> str:
    """The test database as a ``DATABASE_URL`` (SQLite: the test run's file; PostgreSQL: test_<name>)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'], safe='')}:{quote(db['PASSWORD'], safe='')}@" if db["USER"] else ""
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, method: str = "GET"):
    """``(status, headers, body)`` of a request to the server; an error status is an answer too."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=SOCKET_TIMEOUT) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def production_env(tmp_path):
    """The environment ``make serve`` runs with: production settings, DEBUG off, the test database, a static root
    of this test's own, the database task queue, and no https redirect (the test speaks plain HTTP)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SEIMPACT_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="seimpact.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="production-server-test-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=database_url(),
        SEIMPACT_SSL_REDIRECT="false",
        SEIMPACT_IMPORT_DIR=str(tmp_path / "imports"),
        SEIMPACT_MEDIA_DIR=str(tmp_path / "media"),
        SEIMPACT_TASK_BACKEND="database",
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def server(production_env, tmp_path):
    """gunicorn serving on a free port once its health URL answers: its base URL. Stopped afterwards."""
    subprocess.run(
        [sys.executable, MANAGE, "collectstatic", "--noinput", "-v0"], env=production_env, check=True, cwd=tmp_path
    )
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [GUNICORN, "-c", CONFIG, "seimpact.wsgi"],
            env={**production_env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            cwd=settings.BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(READY_ATTEMPTS):
            if process.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=SOCKET_TIMEOUT).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        assert process.poll() is None, f"gunicorn stopped:\n{log.read_text(errors='replace')}"
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_gunicorn_serves_health_the_login_page_and_its_hashed_static_files(server):
    status, headers, body = get(f"{server}/health/")
    assert (status, body) == (200, b"ok\n")
    assert "no-store" in headers["Cache-Control"]
    assert get(f"{server}/health/", method="HEAD")[0] == 200

    status, headers, body = get(f"{server}/accounts/login/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Frame-Options"] == "DENY"
    stylesheets = HASHED_STYLESHEET.findall(body.decode())
    assert stylesheets, "the login page links no hashed stylesheet"

    status, headers, body = get(f"{server}{stylesheets[0]}")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers["Cache-Control"] == "max-age=315360000, public, immutable"  # WhiteNoise's for hashed names
    assert len(body) > 100

    status, _headers, body = get(f"{server}/no-such-page/")
    assert status == 404
    assert b"URLconf" not in body and b"Traceback" not in body  # DEBUG is off: no technical page
