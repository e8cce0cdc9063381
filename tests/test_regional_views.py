"""The coordinator's comparison pages and the regional review: who may open them, and what they hold."""

import io
import re
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ActionPlanFactory, ActivityFactory, RiskFactory, TargetGroupNeedFactory, UserFactory
from worksheets.models import ActionGroup, PlanStatus, Risk
from worksheets.regional.comparisons import COMPARISONS, region_plans
from worksheets.regional.review import regional_review

pytestmark = pytest.mark.django_db


def region_urls(slug: str) -> list[str]:
    urls = [reverse("worksheets:region_comparisons", args=[slug])]
    for spec in COMPARISONS:
        urls.append(reverse("worksheets:region_comparison", args=[slug, spec.key]))
        urls.append(reverse("worksheets:region_comparison_xlsx", args=[slug, spec.key]))
    urls.append(reverse("worksheets:region_review_pdf", args=[slug]))
    urls.append(reverse("worksheets:region_review_xlsx", args=[slug]))
    return urls


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def compared(plan, bauska):
    """A draft of Aizkraukle (with the standard risks) and a submitted plan of Bauska."""
    Risk.objects.filter(plan=plan, position=1).update(level="high", preventive_measures="Piesaistīt ES fondus")
    TargetGroupNeedFactory(plan=plan, target_group="Seniori", unmet_needs="Vientulība")
    ActivityFactory(plan=plan, description="Organizēt seminārus", funding_source="ES fondi")
    other = ActionPlanFactory(municipality=bauska, status=PlanStatus.SUBMITTED)
    TargetGroupNeedFactory(plan=other, target_group="Seniori (65+)", unmet_needs="Transports")
    RiskFactory(plan=other, factor="Finansējuma trūkums vai nestabilitāte", level="low")
    return plan, other


def test_anonymous_is_sent_to_login(client, zemgale):
    for url in [reverse("worksheets:comparisons_home"), *region_urls(zemgale.slug)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_other_region_coordinator_gets_404(client, compared, zemgale, other_coordinator):
    client.force_login(other_coordinator)
    for url in region_urls(zemgale.slug):
        assert client.get(url).status_code == 404, url


def test_municipal_members_are_refused_the_comparisons(client, compared, zemgale, editor, viewer):
    for user in (editor, viewer):
        client.force_login(user)
        for url in region_urls(zemgale.slug):
            assert client.get(url).status_code == 403, url
        assert client.get(reverse("worksheets:comparisons_home")).status_code == 403


def test_unknown_comparison_or_region_is_404(client, compared, zemgale, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("worksheets:region_comparison", args=[zemgale.slug, "nothing"])).status_code == 404
    assert client.get(reverse("worksheets:region_comparison", args=["nowhere", "risks"])).status_code == 404


def test_coordinator_and_administrator_open_every_page(client, compared, zemgale, coordinator):
    admin = UserFactory(username="admins", is_superuser=True, is_staff=True)
    for user in (coordinator, admin):
        client.force_login(user)
        for url in region_urls(zemgale.slug):  # a regional review leads to its prepared file
            assert client.get(url, follow=True).status_code == 200, url


def test_coordinator_home_leads_to_their_region(client, coordinator, zemgale):
    client.force_login(coordinator)
    response = client.get(reverse("worksheets:comparisons_home"))
    assert response.status_code == 302
    assert response.url == reverse("worksheets:region_comparisons", args=[zemgale.slug])


def test_coordinator_compares_plans_at_every_stage(english, compared, zemgale, coordinator):
    english.force_login(coordinator)
    response = english.get(reverse("worksheets:region_comparison", args=[zemgale.slug, "target-groups"]))
    comparison = response.context["comparison"]
    assert [c.municipality for c in comparison.columns] == ["Aizkraukles novads", "Bauskas novads"]
    seniors = comparison.rows[0]
    assert seniors.label == "Seniors"
    assert [[(i.text, i.detail) for i in cell.items] for cell in seniors.cells] == [
        [("Seniori", "Vientulība")],
        [("Seniori (65+)", "Transports")],
    ]
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "Vientulība" in html


def test_heat_map_cells_show_the_level_as_text_and_colour(english, compared, zemgale, coordinator):
    english.force_login(coordinator)
    response = english.get(reverse("worksheets:region_comparison", args=[zemgale.slug, "risks"]))
    html = response.content.decode()
    assert re.search(r'class="risk-cell risk-high">\s*<span class="risk-level">high</span>', html)
    assert re.search(r'class="risk-cell risk-low">\s*<span class="risk-level">low</span>', html)
    assert "<details>" in html and "Piesaistīt ES fondus" in html
    assert "style=" not in html and "<script>" not in html


def test_filters_narrow_the_municipalities_and_rows(english, compared, zemgale, coordinator):
    english.force_login(coordinator)
    url = reverse("worksheets:region_comparison", args=[zemgale.slug, "target-groups"])
    response = english.get(url, {"m": "bauskas-novads"})
    assert [c.municipality for c in response.context["comparison"].columns] == ["Bauskas novads"]
    response = english.get(url, {"q": "transports"})
    rows = response.context["comparison"].rows
    assert [row.label for row in rows] == ["Seniors"]


def test_comparison_excel_has_a_column_per_plan(english, compared, zemgale, coordinator):
    english.force_login(coordinator)
    response = english.get(reverse("worksheets:region_comparison_xlsx", args=[zemgale.slug, "risks"]))
    assert response["Content-Disposition"] == 'attachment; filename="zemgale-risks.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Risk factor", "Named by", "Aizkraukles novads", "Bauskas novads")
    assert rows[1][0] == "Lack or instability of funding"
    assert rows[1][1] == 2
    assert rows[1][2] == "high\nPiesaistīt ES fondus"
    assert rows[1][3] == "low"


def test_activities_excel_marks_suggested_groups(english, compared, zemgale, coordinator):
    plan, _other = compared
    ActivityFactory(plan=plan, description="Kampaņa", action_group=ActionGroup.COOPERATION)
    english.force_login(coordinator)
    response = english.get(reverse("worksheets:region_comparison_xlsx", args=[zemgale.slug, "activities"]))
    rows = {r[0]: r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)}
    assert rows["Capacity building"][2] == "Organizēt seminārus (suggested)"
    assert rows["Cooperation"][2] == "Kampaņa"


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", result.stdout.decode())


def test_review_pdf_has_every_section_with_a_place_for_conclusions(english, compared, zemgale, coordinator):
    english.force_login(coordinator)
    response = english.get(reverse("worksheets:region_review_pdf", args=[zemgale.slug]), follow=True)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.getvalue())
    sections = [
        "1. Introduction",
        "2. Policy framework and cooperation models",
        "3. Needs and resources",
        "4. Strategy and action plan",
        "5. Evaluation and risks",
        "6. Partnerships and public engagement",
    ]
    positions = [text.rindex(title) for title in sections]
    assert positions == sorted(positions)
    assert text.count("To be written by the coordinator.") == 6
    for expected in ("Aizkraukles novads", "Bauskas novads", "Vientulība", "Piesaistīt ES fondus", "Transports"):
        assert expected in text, expected
    assert "not approved yet" in text


def test_review_excel_has_a_sheet_per_section_with_conclusions(english, compared, zemgale, coordinator):
    english.force_login(coordinator)
    response = english.get(reverse("worksheets:region_review_xlsx", args=[zemgale.slug]), follow=True)
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames[0] == "Review"
    assert [name.split(" ")[0] for name in workbook.sheetnames[1:]] == ["1", "2", "3", "4", "5", "6"]
    for sheet in workbook.worksheets[1:]:
        values = [row[0] for row in sheet.iter_rows(values_only=True)]
        assert "Conclusions (written by the coordinator)" in values, sheet.title
        assert sheet.merged_cells.ranges, sheet.title
    risks = [row for row in workbook.worksheets[5].iter_rows(values_only=True) if row[0]]
    frequent = next(r for r in risks if r[0] == "Lack or instability of funding")
    assert frequent[1] == 2
    assert frequent[2] == "Aizkraukles novads: high\nBauskas novads: low"
    figures = list(workbook.worksheets[1].iter_rows(values_only=True))
    header = next(r for r in figures if r[0] == "Municipality")
    aizkraukle = next(r for r in figures if r[0] == "Aizkraukles novads")
    assert aizkraukle[header.index("Risks")] == 5
    assert aizkraukle[header.index("Target group needs")] == 1


def test_review_is_in_latvian_by_default(client, compared, zemgale, coordinator):
    """Needs the Latvian translations of /tmp/lv-regional.po merged into locale/."""
    client.force_login(coordinator)
    response = client.get(reverse("worksheets:region_review_xlsx", args=[zemgale.slug]), follow=True)
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames[0] == "Pārskats"
    values = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert "Secinājumi (raksta koordinators)" in values


def test_review_of_a_region_without_plans_is_404(client, zemgale, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("worksheets:region_review_pdf", args=[zemgale.slug])).status_code == 404


def test_action_group_is_a_column_of_worksheet_7(client, editor, plan):
    client.force_login(editor)
    response = client.get(reverse("worksheets:worksheet", args=[plan.pk, 7]))
    assert 'name="activities-0-action_group"' not in response.content.decode()  # no rows yet
    ActivityFactory(plan=plan, description="Organizēt seminārus")
    html = client.get(reverse("worksheets:worksheet", args=[plan.pk, 7])).content.decode()
    assert 'name="activities-0-action_group"' in html


def test_review_checklist_answers_yes_or_no_per_plan_in_the_interface_language(seed_plans, zemgale):
    review = regional_review(zemgale, region_plans(zemgale, published_only=False))
    checklist = next(t for s in review.sections for t in s.tables if t.title == "Partnerību kontrolsaraksts")
    # The ticks of worksheet 9's checklist in fixtures/plans/*.yaml (seeds/001), in the region's order.
    assert checklist.rows == [
        ["Aizkraukles novads", "jā", "jā", "nē"],
        ["Bauskas novads", "jā", "nē", "nē"],
        ["Dobeles novads", "nē", "nē", "nē"],
        ["Jēkabpils novads", "nē", "nē", "nē"],
        ["Jelgavas novads", "jā", "jā", "jā"],
        ["Jelgavas valstspilsēta", "jā", "jā", "nē"],
    ]
