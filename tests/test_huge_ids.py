"""Ids and numbers beyond what the database holds (above 2⁶³−1, or a position above a positive integer column's
2³¹−1) posted to the coordinator's pages are the user's error (400 or 404), never a server error, on SQLite and
PostgreSQL alike."""

import pytest
from django.urls import reverse

from tests.factories import CoreIndicatorFactory, IndicatorFactory
from tests.test_review_editions import edit_post
from worksheets.models import PlanStatus
from worksheets.regional.editions import edition_create

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # above 2**64
BEYOND_BIGINT = str(2**63)  # one above the largest id


@pytest.mark.parametrize("number", [HUGE, BEYOND_BIGINT])
@pytest.mark.parametrize("name", ["confirm", "reject"])
@pytest.mark.parametrize("side", ["row", "core"])
def test_a_link_with_an_id_beyond_the_database_is_400(client, coordinator, plan, zemgale, number, name, side):
    row = IndicatorFactory(plan=plan, indicator="Sociālo uzņēmumu skaits")
    core = CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits")
    value = f"{number}:{core.pk}" if side == "row" else f"{row.pk}:{number}"
    client.force_login(coordinator)
    response = client.post(reverse("indicators:plan_links", args=[plan.pk]), {name: value})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.core_indicator is None


@pytest.mark.parametrize("number", [HUGE, BEYOND_BIGINT])
@pytest.mark.parametrize("action", ["confirm", "reject"])
def test_a_bulk_link_with_an_id_beyond_the_database_is_400(client, coordinator, zemgale, number, action):
    client.force_login(coordinator)
    response = client.post(
        reverse("indicators:region_links", args=[zemgale.slug]), {"action": action, "link": f"{number}:1"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("number", [HUGE, BEYOND_BIGINT])
@pytest.mark.parametrize("name", ["plan", "row"])
def test_leaving_out_a_note_of_an_id_beyond_the_database_is_400_or_404(
    client, coordinator, plan, zemgale, number, name
):
    data = {"plan": str(plan.pk), "row": "1", "table": "goals", "field": "text", "text": "", name: number}
    client.force_login(coordinator)
    response = client.post(reverse("worksheets:review_note_leave_out", args=[zemgale.slug]), data)
    assert response.status_code in (400, 404)


@pytest.fixture
def edition(zemgale, sound_plan, coordinator):
    sound_plan.status = PlanStatus.APPROVED
    sound_plan.save(update_fields=["status"])
    return edition_create(region=zemgale, year=2026, title="Reģionālais pārskats 2026", user=coordinator)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("row_id", HUGE),
        ("row_id", BEYOND_BIGINT),
        ("position", HUGE),
        ("position", BEYOND_BIGINT),
        ("position", "2147483648"),
    ],
)
def test_an_edition_row_with_a_number_beyond_the_database_is_400(client, edition, coordinator, zemgale, name, number):
    data = edit_post(edition)
    data.update({"findings-TOTAL_FORMS": 1, "findings-0-kind": "challenge", "findings-0-text": "Zema informētība"})
    data[f"findings-0-{name}"] = number
    client.force_login(coordinator)
    response = client.post(reverse("worksheets:edition_edit", args=[zemgale.slug, edition.pk]), data)
    assert response.status_code == 400
    assert not edition.findings.exists()
