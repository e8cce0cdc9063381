"""The regional review edition in a real Chromium: the coordinator writes a conclusion, is refused issuing while the
edition covers a draft plan, chooses the adopted plans again and issues the edition, and the public reads it on the
region's public page; axe-core finds nothing serious on any of these pages."""

import pytest
from playwright.sync_api import expect

from municipalities.models import Region
from tests.browser.conftest import log_in, restore_rows, serious_violations
from tests.factories import coordinator_of
from worksheets.models import ActionPlan, EditionStatus, PlanStatus, RegionalReviewEdition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONCLUSION = "Zemgalē ir stabils pamats sociālās uzņēmējdarbības attīstībai."


@pytest.fixture
def seeded(transactional_db, seed_plan_rows):
    restore_rows(seed_plan_rows)
    region = Region.objects.get(slug="zemgale")
    ActionPlan.objects.filter(municipality__region=region).update(status=PlanStatus.APPROVED)
    return region


def test_coordinator_writes_issues_and_the_public_reads_the_edition(live_server, page, seeded):
    region = seeded
    coordinator = coordinator_of(region, user__username="koordinatore")
    log_in(page.context, live_server, coordinator)

    page.goto(f"{live_server.url}/plans/regions/{region.slug}/reviews/")
    assert serious_violations(page) == []
    page.fill("#id_year", "2026")
    page.fill("#id_title", "Reģionālais pārskats 2026")
    page.locator("#main form button.btn-primary").click()
    edition = RegionalReviewEdition.objects.get(region=region, year=2026)
    expect(page).to_have_url(f"{live_server.url}/plans/regions/{region.slug}/reviews/{edition.pk}/edit/")
    assert serious_violations(page) == []

    page.fill("#id_conclusions", CONCLUSION)
    page.fill("#id_recommendations-0-text", "Izveidot vienotu reģionālo kontaktpunktu")
    page.locator("#list-recommendations button[hx-get]").click()  # a third row, added in place (htmx)
    expect(page.locator("#id_recommendations-2-text")).to_be_focused()
    expect(page.locator("#id_recommendations-TOTAL_FORMS")).to_have_value("3")
    page.fill("#id_recommendations-2-text", "Mentoru tīkls")
    page.locator(".si-save-bar button[type=submit]").click()
    expect(page.locator("#id_conclusions")).to_have_value(CONCLUSION)

    draft = edition.plans.order_by("pk").first()  # one plan goes back to its officers meanwhile
    ActionPlan.objects.filter(pk=draft.pk).update(status=PlanStatus.DRAFT)
    page.goto(f"{live_server.url}/plans/regions/{region.slug}/reviews/{edition.pk}/issue/")
    expect(page.locator("#unadopted li")).to_have_count(1)
    expect(page.locator("#unadopted li")).to_contain_text(draft.municipality.name)
    assert serious_violations(page) == []
    page.locator("#main a.btn-primary").click()  # choose the plans again: the adopted plans in force are proposed
    expect(page).to_have_url(f"{live_server.url}/plans/regions/{region.slug}/reviews/{edition.pk}/plans/?adopted=1")
    assert serious_violations(page) == []
    page.locator("#main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/plans/regions/{region.slug}/reviews/{edition.pk}/edit/")
    assert set(edition.plans.values_list("status", flat=True)) == {PlanStatus.APPROVED}
    assert draft not in edition.plans.all()

    page.goto(f"{live_server.url}/plans/regions/{region.slug}/reviews/{edition.pk}/issue/")
    page.locator("#main form button.btn-danger").click()
    expect(page).to_have_url(f"{live_server.url}/plans/regions/{region.slug}/reviews/{edition.pk}/")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.ISSUED
    assert serious_violations(page) == []

    page.context.clear_cookies()  # the public: signed out
    page.goto(f"{live_server.url}/public/{region.slug}/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Reģionālais pārskats 2026", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/public/{region.slug}/reviews/{edition.pk}/")
    expect(page.locator("#conclusions")).to_contain_text(CONCLUSION)
    expect(page.locator("#conclusions ol li")).to_have_text(
        ["Izveidot vienotu reģionālo kontaktpunktu", "Mentoru tīkls"]
    )
    expect(page.locator("body")).not_to_contain_text("koordinatore")
    assert serious_violations(page) == []
