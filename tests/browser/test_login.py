import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_editor_logs_in_and_sees_their_plans(live_server, page):
    call_command("seed_demo", stdout=io.StringIO())
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Pieteikties")).to_be_visible()
    page.get_by_label("Lietotājvārds").fill("redaktors")
    page.get_by_label("Parole").fill("demo-redaktors-2026")
    page.get_by_role("button", name="Pieteikties").click()
    expect(page.get_by_role("heading", name="Mani plāni")).to_be_visible()
    expect(page.get_by_role("cell", name="Aizkraukles novads")).to_be_visible()
    expect(page.get_by_role("link", name="Jauns plāns")).to_be_visible()


def test_language_switch_in_the_browser(live_server, page):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("group", name="Valoda").get_by_role("button", name="English").click()  # one click
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
