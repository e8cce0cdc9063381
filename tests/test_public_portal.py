"""The public portal: published plans only, without login, and nobody's personal data."""

import io
import re
import subprocess

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ActionPlanFactory, ActivityFactory, CommentFactory, TargetGroupNeedFactory
from worksheets.models import PlanStatus, PlanTransition, Risk
from worksheets.regional.comparisons import COMPARISONS
from worksheets.registry import WORKSHEETS
from worksheets.seed.demo import fill_plan

pytestmark = pytest.mark.django_db

PUBLIC_PAGE_BUDGET = 30
PERSONAL = ("Ilze", "Bērziņa", "anna", "zane", "@example.lv", "+371")


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def published(plan, editor, coordinator):
    """Aizkraukle's plan, published, written and reviewed by named people (who must not show)."""
    editor.first_name, editor.last_name = "Ilze", "Bērziņa"
    editor.save()
    plan.status = PlanStatus.PUBLISHED
    plan.support_given = "Telpas biedrībai „Ābele”"
    plan.partners_identified = True
    plan.updated_by = editor
    plan.save()
    ActivityFactory(plan=plan, description="Informatīvs seminārs", responsible_unit="Attīstības nodaļa")
    TargetGroupNeedFactory(plan=plan, target_group="Seniori", unmet_needs="Vientulība")
    Risk.objects.filter(plan=plan, position=1).update(level="medium", preventive_measures="ES fondi")
    PlanTransition.objects.create(plan=plan, from_status="approved", to_status="published", user=coordinator)
    CommentFactory(plan=plan, worksheet=7, author=coordinator, text="Lūdzu precizēt termiņu (tel. +371 2000)")
    return plan


@pytest.fixture
def draft(bauska):
    return ActionPlanFactory(municipality=bauska, title="Bauskas melnraksts")


def plan_urls(plan) -> list[str]:
    return [
        reverse("public:plan", args=[plan.pk]),
        reverse("public:plan_pdf", args=[plan.pk]),
        reverse("public:plan_xlsx", args=[plan.pk]),
    ]


def test_public_pages_open_without_login(client, published, zemgale):
    urls = [reverse("public:regions"), reverse("public:region", args=[zemgale.slug]), *plan_urls(published)]
    urls += [reverse("public:comparison", args=[zemgale.slug, spec.key]) for spec in COMPARISONS]
    urls += [reverse("public:comparison_xlsx", args=[zemgale.slug, spec.key]) for spec in COMPARISONS]
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("status", [s for s in PlanStatus.values if s != PlanStatus.PUBLISHED])
def test_unpublished_plans_are_not_public(client, plan, coordinator, status):
    plan.status = status
    plan.save()
    for user in (None, coordinator):  # not even for the coordinator, on the public pages
        if user:
            client.force_login(user)
        for url in plan_urls(plan):
            assert client.get(url).status_code == 404, (status, url)


def test_unknown_region_or_comparison_is_404(client, zemgale):
    assert client.get(reverse("public:region", args=["nowhere"])).status_code == 404
    assert client.get(reverse("public:comparison", args=[zemgale.slug, "nothing"])).status_code == 404


def test_public_pages_only_read(client, published):
    response = client.post(reverse("public:plan", args=[published.pk]))
    assert response.status_code == 405


def test_region_page_lists_published_plans_only(english, published, draft, zemgale):
    response = english.get(reverse("public:region", args=[zemgale.slug]))
    assert response.context["plans"] == [published]
    html = response.content.decode()
    assert reverse("public:plan_pdf", args=[published.pk]) in html
    assert "Bauskas melnraksts" not in html
    regions = {r.slug: r.published for r in english.get(reverse("public:regions")).context["regions"]}
    assert regions["zemgale"] == 1


def test_plan_page_shows_every_worksheet_read_only(english, published):
    html = english.get(reverse("public:plan", args=[published.pk])).content.decode()
    for worksheet in WORKSHEETS:
        assert f'id="ws-{worksheet.number}"' in html
    for text in ("Informatīvs seminārs", "Attīstības nodaļa", "Vientulība", "Telpas biedrībai „Ābele”", "ES fondi"):
        assert text in html, text
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]
    assert "<textarea" not in html and "<input" not in html.split('id="main"')[1]


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", result.stdout.decode())


def workbook_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def test_no_comments_names_emails_or_phones_anywhere_public(client, published, zemgale):
    pages = [reverse("public:regions"), reverse("public:region", args=[zemgale.slug])]
    pages += [reverse("public:plan", args=[published.pk])]
    pages += [reverse("public:comparison", args=[zemgale.slug, spec.key]) for spec in COMPARISONS]
    texts = [client.get(url).content.decode() for url in pages]
    texts.append(pdf_text(client.get(reverse("public:plan_pdf", args=[published.pk])).content))
    texts.append(workbook_text(client.get(reverse("public:plan_xlsx", args=[published.pk])).content))
    for spec in COMPARISONS:
        texts.append(
            workbook_text(client.get(reverse("public:comparison_xlsx", args=[zemgale.slug, spec.key])).content)
        )
    for text in texts:
        for personal in PERSONAL:
            assert not re.search(rf"\b{re.escape(personal)}", text), personal
        assert "Lūdzu precizēt" not in text
    assert "Informatīvs seminārs" in texts[-len(COMPARISONS) - 2]  # the PDF does hold the plan


def test_public_comparisons_leave_out_unpublished_plans(english, published, draft, zemgale):
    TargetGroupNeedFactory(plan=draft, target_group="Jaunieši", unmet_needs="Slepens")
    response = english.get(reverse("public:comparison", args=[zemgale.slug, "target-groups"]))
    assert [c.municipality for c in response.context["comparison"].columns] == ["Aizkraukles novads"]
    assert "Slepens" not in response.content.decode()
    sheet = load_workbook(
        io.BytesIO(english.get(reverse("public:comparison_xlsx", args=[zemgale.slug, "target-groups"])).content)
    ).active
    assert next(sheet.iter_rows(values_only=True)) == ("Target group", "Named by", "Aizkraukles novads")


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_public_pages_run_a_fixed_number_of_queries(client, published, zemgale, aizkraukle):
    urls = [
        reverse("public:regions"),
        reverse("public:region", args=[zemgale.slug]),
        reverse("public:plan", args=[published.pk]),
    ]
    small = [count_queries(client, url) for url in urls]
    fill_plan(published, rows=100)
    for index in range(30):
        ActionPlanFactory(
            municipality=aizkraukle, period_start=1990 + index, period_end=1990 + index, status=PlanStatus.PUBLISHED
        )
    assert [count_queries(client, url) for url in urls] == small
    assert max(small) <= PUBLIC_PAGE_BUDGET


def test_navigation_links_to_the_public_portal(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("public:regions")}"' in html
