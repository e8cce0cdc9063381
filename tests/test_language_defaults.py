"""The language nobody chose: a visitor reads a region's public pages in the region's language unless they chose one
with the switcher; a signed-in user reads their own language, whatever a previous user of the browser chose."""

import io
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override
from openpyxl import load_workbook

from municipalities.models import Profile
from tests.factories import ActionPlanFactory, coordinator_of, editor_of
from tests.lithuanian import pdf_text
from worksheets.models import PlanStatus
from worksheets.regional.comparisons import COMPARISONS

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r'<html lang="([a-z]+)">')
PASSWORD = "parole-123"  # tests.factories.UserFactory's


@pytest.fixture
def birzai_published(birzai):
    return ActionPlanFactory(
        municipality=birzai, title="Socialinio verslo plėtros veiksmų planas", status=PlanStatus.PUBLISHED
    )


@pytest.fixture
def aizkraukle_published(aizkraukle):
    return ActionPlanFactory(municipality=aizkraukle, title="Rīcības plāns", status=PlanStatus.PUBLISHED)


def page_language(client: Client, url: str) -> str:
    """The language a page is in: its ``<html lang>``, which must be what ``Content-Language`` says."""
    response = client.get(url)
    assert response.status_code == 200, url
    language = HTML_LANG.search(response.content.decode())[1]
    assert response["Content-Language"] == language, url
    return language


def visitor(language: str | None = None) -> Client:
    """A browser nobody is signed in on, with ``language`` chosen with the switcher (its cookie), or none."""
    client = Client()
    if language is not None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def in_language(language: str, text: str) -> str:
    with override(language):
        return gettext(text)


def region_urls(slug: str) -> list[str]:
    return [reverse("public:region", args=[slug])] + [
        reverse("public:comparison", args=[slug, spec.key]) for spec in COMPARISONS
    ]


def workbook_labels(content: bytes) -> list[list[str]]:
    """The sheet titles and the header row of each sheet of an .xlsx: the interface's words, not the plan's."""
    workbook = load_workbook(io.BytesIO(content))
    return [[sheet.title, *[str(cell.value) for cell in next(sheet.iter_rows(max_row=1))]] for sheet in workbook]


# --- a visitor who chose no language -----------------------------------------------------------------------------


def test_a_lithuanian_regions_public_pages_are_lithuanian_by_default(birzai_published, panevezys):
    urls = region_urls(panevezys.slug) + [reverse("public:plan", args=[birzai_published.pk])]
    assert {url: page_language(visitor(), url) for url in urls} == dict.fromkeys(urls, "lt")


def test_a_latvian_regions_public_pages_stay_latvian(aizkraukle_published, zemgale, panevezys):
    urls = region_urls(zemgale.slug) + [reverse("public:plan", args=[aizkraukle_published.pk])]
    assert {url: page_language(visitor(), url) for url in urls} == dict.fromkeys(urls, "lv")
    assert page_language(visitor(), reverse("public:regions")) == "lv"  # no region's page: the default
    assert page_language(visitor(), reverse("login")) == "lv"


def test_a_lithuanian_plans_pdf_is_lithuanian_by_default(birzai_published):
    response = visitor().get(reverse("public:plan_pdf", args=[birzai_published.pk]))
    assert response.status_code == 200
    assert response["Content-Language"] == "lt"
    text = pdf_text(response.content)
    for label in ("Planning period", "Status"):
        assert in_language("lt", label) in text
        assert in_language("lv", label) not in text


def test_a_lithuanian_plans_workbook_is_lithuanian_by_default(birzai_published):
    url = reverse("public:plan_xlsx", args=[birzai_published.pk])
    response = visitor().get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "lt"
    labels = workbook_labels(response.content)
    assert labels == workbook_labels(visitor("lt").get(url).content)
    assert labels != workbook_labels(visitor("lv").get(url).content)
    cover = load_workbook(io.BytesIO(response.content)).active
    assert cover.title == in_language("lt", "Plan")
    assert in_language("lt", "Planning period") in [cell.value for cell in cover["A"]]


def test_a_lithuanian_regions_comparison_workbook_is_lithuanian_by_default(birzai_published, panevezys):
    url = reverse("public:comparison_xlsx", args=[panevezys.slug, COMPARISONS[0].key])
    response = visitor().get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "lt"
    labels = workbook_labels(response.content)
    assert labels == workbook_labels(visitor("lt").get(url).content)
    assert labels != workbook_labels(visitor("lv").get(url).content)


def test_a_lithuanian_regions_indicator_pages_are_lithuanian_by_default(birzai, panevezys):
    urls = [
        reverse("indicators:region", args=[panevezys.slug]),
        reverse("indicators:core_list", args=[panevezys.slug]),
        reverse("indicators:municipality", args=[birzai.slug]),
    ]
    assert {url: page_language(visitor(), url) for url in urls} == dict.fromkeys(urls, "lt")
    for url in (
        reverse("indicators:region_download", args=[panevezys.slug, "csv"]),
        reverse("indicators:municipality_download", args=[birzai.slug, "csv"]),
    ):
        response = visitor().get(url)
        assert response["Content-Language"] == "lt", url
        assert response.content == visitor("lt").get(url).content, url
        assert response.content != visitor("lv").get(url).content, url


def test_the_switchers_choice_wins_over_the_regions_language(birzai_published, panevezys):
    urls = region_urls(panevezys.slug) + [reverse("public:plan", args=[birzai_published.pk])]
    for language in ("lv", "en"):
        assert {url: page_language(visitor(language), url) for url in urls} == dict.fromkeys(urls, language)
    browser = visitor()
    browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert page_language(browser, reverse("public:region", args=[panevezys.slug])) == "en"
    response = browser.get(reverse("public:plan_pdf", args=[birzai_published.pk]))
    assert response["Content-Language"] == "en"
    assert "Planning period" in pdf_text(response.content)


def test_a_signed_in_user_reads_a_regions_public_pages_in_their_own_language(client, editor, birzai_published):
    client.force_login(editor)  # Aizkraukle's editor: Latvian
    assert page_language(client, reverse("public:plan", args=[birzai_published.pk])) == "lv"


def test_an_unknown_region_or_plan_is_still_404(panevezys):
    assert visitor().get(reverse("public:region", args=["nowhere"])).status_code == 404
    assert visitor().get(reverse("public:plan_pdf", args=[999999])).status_code == 404
    assert visitor().get(reverse("indicators:municipality", args=["nowhere"])).status_code == 404


# --- the next user on the same browser ---------------------------------------------------------------------------


def test_a_language_chosen_by_one_user_does_not_carry_over_to_the_next(aizkraukle, zemgale):
    editor = editor_of(aizkraukle, user__username="redaktorius")
    coordinator = coordinator_of(zemgale, user__username="koordinators")
    Profile.objects.create(user=coordinator, language="lv")
    browser = Client()
    browser.post(reverse("login"), {"username": "redaktorius", "password": PASSWORD})
    browser.post(reverse("set_language"), {"language": "lt", "next": "/"})
    assert page_language(browser, reverse("worksheets:plan_list")) == "lt"
    browser.post(reverse("logout"))
    assert page_language(browser, reverse("login")) == "lt"  # the last user's language until somebody signs in

    response = browser.post(reverse("login"), {"username": "koordinators", "password": PASSWORD})
    assert response.status_code == 302
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "lv"  # the browser now speaks the new user's
    assert page_language(browser, reverse("worksheets:plan_list")) == "lv"
    assert Profile.objects.get(user=editor).language == "lt"
    assert Profile.objects.get(user=coordinator).language == "lv"

    browser.post(reverse("logout"))
    assert page_language(browser, reverse("login")) == "lv"


def test_a_choice_made_before_signing_in_does_not_override_the_stored_preference(birzai):
    editor = editor_of(birzai, user__username="ausra")
    Profile.objects.create(user=editor, language="lt")
    browser = Client()
    browser.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    browser.post(reverse("login"), {"username": "ausra", "password": PASSWORD})
    assert page_language(browser, reverse("worksheets:plan_list")) == "lt"
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "lt"
    assert Profile.objects.get(user=editor).language == "lt"  # chosen while signed out: not stored


def test_a_cookie_left_behind_does_not_override_the_regions_language_of_a_user_without_a_preference(birzai):
    editor_of(birzai, user__username="ausra")
    browser = visitor("lv")
    browser.post(reverse("login"), {"username": "ausra", "password": PASSWORD})
    assert page_language(browser, reverse("worksheets:plan_list")) == "lt"


def test_the_switcher_still_changes_a_signed_in_users_language_on_the_spot(birzai):
    editor = editor_of(birzai, user__username="ausra")
    browser = Client()
    browser.force_login(editor)
    assert page_language(browser, reverse("worksheets:plan_list")) == "lt"
    browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert page_language(browser, reverse("worksheets:plan_list")) == "en"
    assert Profile.objects.get(user=editor).language == "en"
