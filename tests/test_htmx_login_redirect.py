"""An htmx request of an expired session is sent to the login page as a whole page (``HX-Redirect``), with ``next``
the page the officer was on, never the fragment's URL; other requests are redirected as usual."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse


def htmx_get(client, url, current: str | None = None, **headers):
    if current is not None:
        headers["HTTP_HX_CURRENT_URL"] = current
    return client.get(url, HTTP_HX_REQUEST="true", **headers)


def next_of(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == reverse("login")
    return parse_qs(parts.query)["next"][0]


@pytest.fixture
def new_row_url(plan):
    return reverse("worksheets:new_row", args=[plan.pk, 10, "risks"]) + "?risks-TOTAL_FORMS=5"


def test_an_expired_htmx_request_gets_hx_redirect_to_login_with_the_page_as_next(client, plan, new_row_url):
    page = reverse("worksheets:worksheet", args=[plan.pk, 10])
    response = htmx_get(client, new_row_url, current=f"http://testserver{page}?tab=2")
    assert response.status_code == 200
    assert response.content == b""
    assert "Location" not in response
    assert next_of(response["HX-Redirect"]) == f"{page}?tab=2"
    assert "no-store" in response["Cache-Control"]


def test_the_fragments_url_is_never_the_next_page(client, plan, new_row_url):
    response = htmx_get(client, new_row_url)
    assert next_of(response["HX-Redirect"]) == "/"


@pytest.mark.parametrize(
    "current",
    ["https://evil.example/plans/1/", "//evil.example/plans/1/", "javascript:alert(1)", "not a url", ""],
)
def test_a_current_url_of_another_site_falls_back_to_the_referer_or_the_root(client, plan, new_row_url, current):
    assert next_of(htmx_get(client, new_row_url, current=current)["HX-Redirect"]) == "/"
    page = reverse("worksheets:worksheet", args=[plan.pk, 10])
    response = htmx_get(client, new_row_url, current=current, HTTP_REFERER=f"http://testserver{page}")
    assert next_of(response["HX-Redirect"]) == page


def test_an_https_page_is_not_taken_from_a_plain_http_current_url(client, plan, new_row_url):
    page = reverse("worksheets:worksheet", args=[plan.pk, 10])
    response = htmx_get(client, new_row_url, current=f"http://testserver{page}", secure=True)
    assert next_of(response["HX-Redirect"]) == "/"


def test_a_request_that_is_not_htmx_is_redirected_as_usual(client, plan, new_row_url):
    response = client.get(new_row_url)
    assert response.status_code == 302
    assert "HX-Redirect" not in response
    assert next_of(response["Location"]) == new_row_url


def test_a_signed_in_htmx_request_is_answered_as_usual(client, editor, plan, new_row_url):
    client.force_login(editor)
    page = reverse("worksheets:worksheet", args=[plan.pk, 10])
    response = htmx_get(client, new_row_url, current=f"http://testserver{page}")
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert 'name="risks-5-factor"' in response.content.decode()


def test_an_htmx_request_to_a_public_page_is_not_redirected(client, zemgale):
    response = htmx_get(client, reverse("public:region", args=[zemgale.slug]), current="http://testserver/public/")
    assert response.status_code == 200
    assert "HX-Redirect" not in response


def test_an_expired_htmx_post_gets_hx_redirect_too(client, plan):
    page = reverse("worksheets:worksheet", args=[plan.pk, 10])
    response = client.post(
        reverse("worksheets:comment_create", args=[plan.pk, 10]),
        {"text": "x"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )
    assert response.status_code == 200
    assert next_of(response["HX-Redirect"]) == page
