"""The error pages a user meets with DEBUG off (templates/400.html, 403.html, 404.html, 500.html): site-styled, in the user's
interface language, saying what happened and where to go; the CSRF page (403_csrf.html) stays its own."""

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.template import loader
from django.test import Client
from django.urls import path, reverse
from django.utils import translation

from municipalities.languages import store_preferred_language
from seimpact.urls import urlpatterns as site_urlpatterns
from tests.factories import viewer_of
from worksheets.editing.page_data import post_data

HEADER = '<a class="navbar-brand fw-semibold" href="/">seimpact</a>'
NOT_FOUND = {"lv": "Lapa nav atrasta", "lt": "Puslapis nerastas", "en": "Page not found"}
NOT_FOUND_TEXT = {"lv": "Šajā adresē nav lapas.", "lt": "Šiuo adresu puslapio nėra.", "en": "There is no page at this"}
FORBIDDEN_TEXT = {
    "lv": "Jūsu kontam nav atļauts atvērt šo lapu",
    "lt": "Jūsų paskyrai neleidžiama atverti šio puslapio",
    "en": "Your account may not open this page",
}
SERVER_ERROR_TEXT = {
    "lv": "Serveris nevarēja pabeigt pieprasīto darbību.",
    "lt": "Serveris negalėjo užbaigti to, ko prašėte.",
    "en": "The server could not finish what you asked for.",
}
FORBIDDEN = {"lv": "Nav atļauts", "lt": "Neleidžiama", "en": "Not allowed"}
SERVER_ERROR = {"lv": "Radās kļūda", "lt": "Įvyko klaida", "en": "Something went wrong"}
PUBLISHED = {"lv": "Publicētie plāni", "lt": "Paskelbti planai", "en": "Published plans"}
MY_PLANS = {"lv": "Mani plāni", "lt": "Mano planai", "en": "My plans"}
LOG_IN = {"lv": "Pieteikties", "lt": "Prisijungti", "en": "Log in"}
DJANGO_DEFAULTS = ("The requested resource was not found on this server.", "<h1>403 Forbidden</h1>")


@login_not_required
def failing_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("failing/", failing_view), *site_urlpatterns]  # the site's URLs, and one that fails


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def signed_in(user, language: str) -> Client:
    store_preferred_language(user, language)
    client = Client()
    client.force_login(user)
    return client


def anonymous(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_site_page(body: str, language: str, title: str) -> None:
    assert f'<html lang="{language}">' in body
    assert HEADER in body
    assert f'<h1 class="h3">{title}</h1>' in body
    assert [text for text in DJANGO_DEFAULTS if text in body] == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lv", "lt", "en"])
def test_a_missing_plan_is_a_404_page_of_the_site_in_the_users_language(language, viewer, plan):
    response = signed_in(viewer, language).get(reverse("worksheets:plan", args=[plan.pk + 1000]))
    assert response.status_code == 404
    body = response.content.decode()
    assert_site_page(body, language, NOT_FOUND[language])
    assert NOT_FOUND_TEXT[language] in body
    assert f'<a href="{reverse("worksheets:plan_list")}">{MY_PLANS[language]}</a>' in body
    assert LOG_IN[language] not in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lv", "lt", "en"])
def test_an_unknown_address_is_a_404_page_offering_to_log_in(language):
    response = anonymous(language).get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert_site_page(body, language, NOT_FOUND[language])
    assert NOT_FOUND_TEXT[language] in body
    assert f'<a href="{reverse("login")}?next=/no/such/page/">{LOG_IN[language]}</a>' in body
    assert f'<a href="{reverse("public:regions")}">{PUBLISHED[language]}</a>' in body


@pytest.mark.django_db
def test_a_lithuanian_officer_reads_the_404_page_in_lithuanian_without_choosing_it(birzai):
    client = Client()
    client.force_login(viewer_of(birzai))
    body = client.get("/plans/999999/").content.decode()
    assert_site_page(body, "lt", NOT_FOUND["lt"])
    assert NOT_FOUND_TEXT["lt"] in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lv", "lt", "en"])
def test_a_reader_saving_a_worksheet_gets_the_403_page_in_their_language(language, viewer, plan):
    response = signed_in(viewer, language).post(
        reverse("worksheets:worksheet", args=[plan.pk, 10]), post_data(plan, 10)
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert_site_page(body, language, FORBIDDEN[language])
    assert FORBIDDEN_TEXT[language] in body
    assert f'<a href="{reverse("public:regions")}">{PUBLISHED[language]}</a>' in body


@pytest.mark.django_db
def test_the_403_page_links_a_coordinator_to_their_dashboard(coordinator, plan):
    client = signed_in(coordinator, "lv")
    response = client.post(reverse("worksheets:worksheet", args=[plan.pk, 10]), post_data(plan, 10))
    assert response.status_code == 403
    dashboard = reverse("worksheets:dashboard", args=["zemgale"])
    assert f'<a href="{dashboard}">Pārskats: Zemgales plānošanas reģions</a>' in response.content.decode()


@pytest.mark.django_db
def test_a_request_for_a_host_not_served_is_a_400_page_of_the_site():
    # Refused before the interface language is known (CommonMiddleware): in the default language, Latvian.
    response = anonymous("lt").get("/public/", HTTP_HOST="unknown.example")
    assert response.status_code == 400
    body = response.content.decode()
    assert_site_page(body, "lv", "Pieprasījumu nevarēja nolasīt")
    assert "Serveris nesaprata, ko pārlūks nosūtīja" in body
    assert "Bad Request (400)" not in body


@pytest.mark.django_db
def test_an_expired_form_still_gets_the_csrf_page(editor, plan):
    store_preferred_language(editor, "lt")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("worksheets:worksheet", args=[plan.pk, 10]), post_data(plan, 10))
    assert response.status_code == 403
    assert [template.name for template in response.templates][0] == "403_csrf.html"
    assert '<h1 class="h3">Puslapio galiojimas baigėsi</h1>' in response.content.decode()


@pytest.mark.parametrize("language", ["lv", "lt", "en"])
def test_the_500_page_renders_without_a_context_or_the_database(language):
    # No django_db mark: a query would fail the test.
    with translation.override(language):
        body = loader.get_template("500.html").render()
    assert_site_page(body, language, SERVER_ERROR[language])
    assert SERVER_ERROR_TEXT[language] in body
    assert f'<a href="{reverse("public:regions")}">{PUBLISHED[language]}</a>' in body


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", ["lv", "lt", "en"])
def test_a_failing_view_answers_the_500_page_in_the_visitors_language(language):
    client = anonymous(language)
    client.raise_request_exception = False
    response = client.get("/failing/")
    assert response.status_code == 500
    body = response.content.decode()
    assert_site_page(body, language, SERVER_ERROR[language])
    assert SERVER_ERROR_TEXT[language] in body
