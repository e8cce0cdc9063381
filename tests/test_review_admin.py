"""The admin of the regional review's records: an edition's numbered rows inline and on their own, frozen once the
edition is issued; the vocabularies' decisions keep the variant they were found by."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from worksheets.models import RegionalReviewEdition, ReviewRecommendation, VariantMapping, VocabularyEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def _edition(region, status):
    edition = RegionalReviewEdition.objects.create(region=region, year=2026, title="Zemgales pārskats", status=status)
    recommendation = ReviewRecommendation.objects.create(
        edition=edition, position=1, text="Izveidot SU atbalsta punktu"
    )
    return edition, recommendation


def test_a_drafts_recommendation_is_changed_in_the_admin_with_history(root, zemgale):
    edition, recommendation = _edition(zemgale, "draft")
    url = reverse("admin:worksheets_reviewrecommendation_change", args=[recommendation.pk])

    response = root.post(url, {"edition": edition.pk, "position": 1, "text": "Izveidot SU konsultāciju punktu"})

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "Izveidot SU konsultāciju punktu"
    assert recommendation.history.count() == 2
    edition_page = root.get(reverse("admin:worksheets_regionalreviewedition_change", args=[edition.pk]))
    assert b'name="recommendations-0-text"' in edition_page.content


def test_an_issued_editions_rows_are_read_only_in_the_admin(root, zemgale):
    edition, recommendation = _edition(zemgale, "issued")
    url = reverse("admin:worksheets_reviewrecommendation_change", args=[recommendation.pk])

    page = root.get(url)
    posted = root.post(url, {"edition": edition.pk, "position": 1, "text": "Cits teksts"})

    assert page.status_code == 200
    assert b'name="text"' not in page.content
    assert posted.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.text == "Izveidot SU atbalsta punktu"
    delete = root.post(
        reverse("admin:worksheets_reviewrecommendation_delete", args=[recommendation.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    edition_page = root.get(reverse("admin:worksheets_regionalreviewedition_change", args=[edition.pk]))
    assert b'name="recommendations-0-text"' not in edition_page.content
    assert "Izveidot SU atbalsta punktu" in edition_page.content.decode()


def test_a_variant_decision_keeps_its_variant_in_the_admin(root, zemgale):
    entry = VocabularyEntry.objects.create(region=zemgale, field="funding_sources", text="Pašvaldības budžets")
    mapping = VariantMapping.objects.create(
        region=zemgale, field="funding_sources", key="pasvaldibas budzets", text="pašvaldības budžets", entry=entry
    )
    page = root.get(reverse("admin:worksheets_variantmapping_change", args=[mapping.pk]))
    assert page.status_code == 200
    assert b'name="key"' not in page.content
    assert b'name="text"' in page.content
    assert b'name="key"' in root.get(reverse("admin:worksheets_variantmapping_add")).content
