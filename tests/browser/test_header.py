"""The page header in a real Chromium: one line at 1366 × 768 for every role, in every interface language; a
collapsed menu on a phone; the coordinator's region menu by keyboard; the language switch in one click."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import log_in, serious_violations
from tests.conftest import database_independent

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    database_independent("the header's layout and links in the browser"),
]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# The boxes of the header's parts: brand, every top-level link or menu, the language switcher, the user menu.
HEADER_BOXES = """() => [...document.querySelectorAll(
  '.si-navbar .navbar-brand, #si-navbar-menu .navbar-nav > .nav-item, .si-navbar .language-switcher, .si-user-menu'
)].map(e => { const r = e.getBoundingClientRect(); return {text: e.innerText.trim(), top: r.top, bottom: r.bottom}; })"""
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def people(zemgale, aizkraukle, editor, viewer, coordinator):
    """Who reads the header: ``{role: user}``, the anonymous reader as ``None``."""
    admin = get_user_model().objects.create_superuser(
        "administrators", "admin@example.lv", "parole-123", first_name="Administratore", last_name="Kalniņa-Bērziņa"
    )
    return {"anonymous": None, "editor": editor, "viewer": viewer, "coordinator": coordinator, "admin": admin}


def open_as(browser, browser_context_args, live_server, user, viewport, language: str = "lv"):
    context = browser.new_context(**browser_context_args, viewport=viewport)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    if user is not None:
        log_in(context, live_server, user)
    return context.new_page()


@pytest.mark.parametrize("language", ["lv", "lt", "en"])
def test_the_header_is_one_line_at_1366_for_every_role(live_server, browser, browser_context_args, people, language):
    wrapped = {}
    for role, user in people.items():
        page = open_as(browser, browser_context_args, live_server, user, LAPTOP, language)
        page.goto(live_server.url + ("/public/" if user is None else "/plans/"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator(".si-navbar .navbar-toggler")).to_be_hidden()  # the menu is open on a laptop
        boxes = page.evaluate(HEADER_BOXES)
        assert len(boxes) >= 4, role  # brand, two links at least, the switcher
        if max(b["top"] for b in boxes) >= min(b["bottom"] for b in boxes) or page.evaluate(SIDEWAYS) > 0:
            wrapped[role] = boxes
        page.context.close()
    assert wrapped == {}


def test_the_coordinators_region_menu_opens_by_keyboard(live_server, browser, browser_context_args, people):
    page = open_as(browser, browser_context_args, live_server, people["coordinator"], LAPTOP, "en")
    page.goto(live_server.url + "/plans/")
    menu = page.get_by_role("button", name="Region", exact=True)
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("link", name="Comparisons", exact=True)).to_be_focused()
    assert serious_violations(page) == []  # the open menu too
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    page.get_by_role("link", name="Regional vocabularies").click()
    expect(page).to_have_url(f"{live_server.url}/plans/regions/zemgale/vocabulary/")
    # The dashboard's link says its region to a screen reader.
    expect(page.get_by_role("link", name="Dashboard: Zemgales plānošanas reģions")).to_have_text("Dashboard")


def test_on_a_phone_the_menu_is_collapsed_behind_a_button(live_server, browser, browser_context_args, people):
    page = open_as(browser, browser_context_args, live_server, people["coordinator"], PHONE, "en")
    page.goto(live_server.url + "/plans/")
    my_plans = page.get_by_role("link", name="My plans")
    expect(my_plans).to_be_hidden()
    assert page.evaluate(SIDEWAYS) == 0
    toggler = page.get_by_role("button", name="Menu")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(my_plans).to_be_visible()
    expect(page.get_by_role("button", name="Latviešu")).to_be_visible()
    page.locator(".si-user-menu").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert serious_violations(page) == []  # the open menu and the user menu too
    assert page.evaluate(SIDEWAYS) == 0
    my_plans.click()
    expect(page).to_have_url(f"{live_server.url}/plans/")


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_the_language_changes_in_one_click_on_the_same_page(live_server, browser, browser_context_args, people, role):
    page = open_as(browser, browser_context_args, live_server, people[role], LAPTOP, "lv")
    path = "/accounts/login/?next=/plans/" if role == "anonymous" else "/plans/?x=1"
    page.goto(live_server.url + path)
    switcher = page.locator("form.language-switcher")
    expect(switcher.locator("[aria-current=true]")).to_have_text("Latviešu")
    expect(switcher.locator("[aria-current=true]")).to_have_attribute("lang", "lv")
    expect(switcher.get_by_role("button")).to_have_text(["Lietuvių", "English"])
    switcher.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + path)
    expect(switcher.locator("[aria-current=true]")).to_have_text("English")
    page.locator("form.language-switcher").get_by_role("button", name="Lietuvių").click()
    expect(page.locator("html")).to_have_attribute("lang", "lt")
    expect(switcher.get_by_role("button")).to_have_text(["Latviešu", "English"])
    expect(switcher.get_by_role("button", name="Latviešu")).to_have_attribute("lang", "lv")
