"""The working notes page explains itself with examples of notes in the page's language: a Lithuanian coordinator
is not shown the Latvian "visticamāk?", a Latvian one is."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def notes_page(client, user, region, language: str) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("worksheets:review_notes", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_lithuanian_notes_page_gives_lithuanian_examples(client, other_coordinator, panevezys):
    page = notes_page(client, other_coordinator, panevezys, "lt")
    assert "Darbuotojai kartais plane palieka pastabų sau („INVEGA?“, „tikriausiai?“, „(?)“)." in page
    assert "visticamāk" not in page and "Altum" not in page


def test_latvian_notes_page_gives_latvian_examples(client, coordinator, zemgale):
    page = notes_page(client, coordinator, zemgale, "lv")
    assert "Darbinieki plānā reizēm atstāj piezīmes sev (“Altum?”, “visticamāk?”, “(?)”)." in page


def test_notes_page_is_refused_to_another_regions_coordinator(client, other_coordinator, zemgale):
    client.force_login(other_coordinator)
    assert client.get(reverse("worksheets:review_notes", args=[zemgale.slug])).status_code == 404
