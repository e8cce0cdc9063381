"""Nothing a signed-in user sees is kept in a browser or proxy cache: ``Cache-Control: private, no-store`` on every
response to a signed-in user (pages, fragments, a draft's PDF and Excel, indicator CSV) and on the login page; the
public pages of published plans, read anonymously, keep normal caching."""

import pytest
from django.urls import reverse

from tests.factories import CoreIndicatorFactory
from worksheets.review.lifecycle import plan_transition


def directives(response) -> set[str]:
    """The ``Cache-Control`` directives of ``response``, lower case, without values (``{"private", "no-store"}``)."""
    return {part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def is_private_no_store(response) -> bool:
    return {"private", "no-store"} <= directives(response)


@pytest.fixture
def published(sound_plan, editor, coordinator):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator, decision_number="12/7")
    plan_transition(plan=sound_plan, action="publish", user=coordinator)
    return sound_plan


@pytest.mark.parametrize("name", ["plan_pdf", "plan_xlsx"])
def test_a_drafts_download_by_an_editor_is_private_and_not_stored(client, editor, plan, name):
    client.force_login(editor)
    response = client.get(reverse(f"worksheets:{name}", args=[plan.pk]))
    assert response.status_code == 200
    assert is_private_no_store(response)


@pytest.mark.parametrize(
    "url",
    [
        lambda plan: reverse("worksheets:plan_list"),
        lambda plan: reverse("worksheets:plan", args=[plan.pk]),
        lambda plan: reverse("worksheets:worksheet", args=[plan.pk, 10]),
        lambda plan: reverse("worksheets:history", args=[plan.pk, 10]),
        lambda plan: reverse("worksheets:new_row", args=[plan.pk, 10, "risks"]) + "?risks-TOTAL_FORMS=5",
        lambda plan: reverse("indicators:municipality_download", args=[plan.municipality.slug, "csv"]),
    ],
    ids=["plan-list", "plan", "worksheet", "history", "new-row-fragment", "indicator-csv"],
)
def test_every_page_and_download_of_a_signed_in_user_is_private_and_not_stored(client, editor, plan, url):
    client.force_login(editor)
    response = client.get(url(plan))
    assert response.status_code == 200
    assert is_private_no_store(response)


def test_a_signed_in_users_error_and_redirect_answers_are_not_stored_either(client, editor, plan):
    client.force_login(editor)
    assert is_private_no_store(client.get(reverse("worksheets:plan", args=[plan.pk + 1000])))  # 404
    assert is_private_no_store(client.get(reverse("home")))  # 302


def test_a_public_page_read_by_a_signed_in_user_is_not_stored(client, viewer, published):
    client.force_login(viewer)
    response = client.get(reverse("public:plan", args=[published.pk]))
    assert is_private_no_store(response)


def test_the_login_page_is_private_and_not_stored(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert is_private_no_store(response)


def test_the_answer_to_a_successful_login_is_not_stored(client, editor):
    response = client.post(reverse("login"), {"username": editor.username, "password": "parole-123"})
    assert response.status_code == 302
    assert is_private_no_store(response)


@pytest.mark.parametrize("name", ["public:plan", "public:plan_pdf", "public:plan_xlsx"])
def test_public_pages_of_a_published_plan_keep_normal_caching(client, published, name):
    response = client.get(reverse(name, args=[published.pk]))
    assert response.status_code == 200
    assert "no-store" not in directives(response)
    assert "private" not in directives(response)


def test_public_region_and_indicator_pages_keep_normal_caching(client, published, zemgale):
    CoreIndicatorFactory(region=zemgale)
    for url in (reverse("public:region", args=[zemgale.slug]), reverse("indicators:region", args=[zemgale.slug])):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in directives(response)


def test_static_files_keep_their_own_caching(client, editor):
    client.force_login(editor)
    response = client.get("/static/js/keep-typed.js")
    response.close()  # a file response: its file is closed with it
    assert response.status_code == 200
    assert "no-store" not in directives(response)
