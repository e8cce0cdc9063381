import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client


def log_in(context, live_server, user):
    """Give a browser context the session of ``user`` (the login form itself is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


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
