"""The session expires while an officer works in a worksheet: the next htmx click takes the whole browser to the
login page (never a login page inside the table), logging in leads back to the worksheet, and what was typed and
not saved is offered back."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from worksheets.models import Risk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "Telpu īre sadārdzinās — meklēt pašvaldības telpas"
TYPED_IN_NEW_ROW = "Partneri atsakās no sadarbības"


def worksheet_path(plan, number: int) -> str:
    return f"/plans/{plan.pk}/worksheets/{number}/"


def factor_cell(page, index: int):
    return page.locator(f'textarea[name="risks-{index}-factor"]')


def expire_session(page):
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)


def log_in_through_the_form(page, user):
    page.get_by_label("Lietotājvārds").fill(user.username)
    page.get_by_label("Parole").fill("parole-123")
    page.get_by_role("button", name="Pieteikties").click()


def test_an_expired_session_leads_to_the_login_page_and_back_with_the_typed_text(live_server, page, editor, plan):
    log_in(page.context, live_server, editor)
    path = worksheet_path(plan, 10)
    page.goto(live_server.url + path)
    saved_rows = Risk.objects.filter(plan=plan).count()
    factor_cell(page, 0).fill(TYPED)
    add = page.locator('[data-add-row="risks"]')
    add.click()  # while signed in: a new row, typed into
    expect(page.locator("#rows-risks > tr")).to_have_count(saved_rows + 1)
    factor_cell(page, saved_rows).fill(TYPED_IN_NEW_ROW)

    expire_session(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    add.click()

    expect(page.get_by_role("heading", name="Pieteikties")).to_be_visible()
    assert dialogs == []  # no "leave the page?" question: the typed text is kept
    assert urlsplit(page.url).path == "/accounts/login/"
    assert parse_qs(urlsplit(page.url).query)["next"] == [path]
    expect(page.locator("form[data-worksheet-form]")).to_have_count(0)  # a page of its own, not inside the grid

    log_in_through_the_form(page, editor)

    expect(page).to_have_url(live_server.url + path)
    expect(factor_cell(page, 0)).not_to_have_value(TYPED)  # nothing was saved
    banner = page.locator("[data-keep-typed-banner]")
    expect(banner).to_be_visible()
    banner.locator("[data-keep-typed-restore]").click()
    expect(factor_cell(page, 0)).to_have_value(TYPED)
    expect(factor_cell(page, saved_rows)).to_have_value(TYPED_IN_NEW_ROW)  # the added row is added again
    expect(banner.locator("[data-keep-typed-missing]")).to_be_hidden()
    assert Risk.objects.filter(plan=plan).count() == saved_rows


def test_a_successful_save_never_brings_old_text_back(live_server, page, editor, plan):
    log_in(page.context, live_server, editor)
    path = worksheet_path(plan, 10)
    page.goto(live_server.url + path)
    factor_cell(page, 0).fill(TYPED)
    page.get_by_role("button", name="Saglabāt darba lapu").click()
    expect(page.get_by_text(re.compile("Saglabāts"))).to_be_visible()
    expect(page.locator("[data-keep-typed-banner]")).to_be_hidden()
    assert Risk.objects.filter(plan=plan).order_by("position").first().factor == TYPED

    Risk.objects.filter(plan=plan, factor=TYPED).update(factor="Kolēģa teksts")  # a colleague's later save
    page.goto(live_server.url + path)
    expect(factor_cell(page, 0)).to_have_value("Kolēģa teksts")
    expect(page.locator("[data-keep-typed-banner]")).to_be_hidden()


def test_discarding_forgets_the_typed_text(live_server, page, editor, plan):
    log_in(page.context, live_server, editor)
    path = worksheet_path(plan, 10)
    page.goto(live_server.url + path)
    factor_cell(page, 0).fill(TYPED)
    expire_session(page)
    page.locator('[data-add-row="risks"]').click()
    expect(page.get_by_role("heading", name="Pieteikties")).to_be_visible()
    log_in_through_the_form(page, editor)
    expect(page).to_have_url(live_server.url + path)
    page.locator("[data-keep-typed-discard]").click()
    expect(page.locator("[data-keep-typed-banner]")).to_be_hidden()
    page.reload()
    expect(page.locator("[data-keep-typed-banner]")).to_be_hidden()
    expect(factor_cell(page, 0)).not_to_have_value(TYPED)


def test_saving_without_restoring_drops_the_offer(live_server, page, editor, plan):
    log_in(page.context, live_server, editor)
    path = worksheet_path(plan, 10)
    page.goto(live_server.url + path)
    factor_cell(page, 0).fill(TYPED)
    expire_session(page)
    page.locator('[data-add-row="risks"]').click()
    expect(page.get_by_role("heading", name="Pieteikties")).to_be_visible()
    log_in_through_the_form(page, editor)
    expect(page.locator("[data-keep-typed-banner]")).to_be_visible()
    factor_cell(page, 1).fill("Cits risks")
    page.get_by_role("button", name="Saglabāt darba lapu").click()
    expect(page.get_by_text(re.compile("Saglabāts"))).to_be_visible()
    expect(page.locator("[data-keep-typed-banner]")).to_be_hidden()
    page.reload()
    expect(page.locator("[data-keep-typed-banner]")).to_be_hidden()
    assert not Risk.objects.filter(plan=plan, factor=TYPED).exists()
