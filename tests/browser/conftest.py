import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client

from tests.conftest import SEED_PLANS_DIR
from worksheets.seed.plans import load_seed_plans

# Whatever the seed plans write: users, regions and municipalities, plans, rows, versions, histories.
SEEDED_APPS = ("municipalities", "worksheets", "indicators")


def log_in(context, live_server, user):
    """Give a browser context the session of ``user`` (the login form itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def seeded_models() -> list:
    models = [get_user_model()]
    for app in SEEDED_APPS:
        models += apps.get_app_config(app).get_models(include_auto_created=True)
    return models


@pytest.fixture(scope="module")
def seed_plan_rows(django_db_setup, django_db_blocker) -> dict:
    """The rows that loading the regions and the six real Zemgale plans writes, ``{model: [row, …]}``: loaded
    once per module, kept in memory, and the database emptied again.

    Browser tests run against ``live_server``, so each test commits and the database is emptied after it;
    ``restore_rows`` puts these rows back for a test far faster than loading the plans again.
    """
    with django_db_blocker.unblock():
        call_command("loaddata", str(SEED_PLANS_DIR.parent / "regions.json"), verbosity=0)
        load_seed_plans(SEED_PLANS_DIR)
        rows = {model: list(model._base_manager.order_by("pk")) for model in seeded_models()}
        call_command("flush", interactive=False, verbosity=0)
    return rows


def restore_rows(rows: dict) -> None:
    """Insert ``rows`` (from ``seed_plan_rows``) as they were, keys included, in one transaction (foreign keys
    are checked at its end, on SQLite and PostgreSQL alike), then move the key sequences past them
    (PostgreSQL), so rows a test adds get new keys."""
    with transaction.atomic():
        for model, objects in rows.items():
            model._base_manager.bulk_create(objects)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(sql)


@pytest.fixture
def editor_page(page, live_server, editor):
    log_in(page.context, live_server, editor)
    return page


SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
