"""The plan in force stays visible: while a published plan is revised, the public portal, the comparisons and other
municipalities read its published version, marked "a revision is in preparation"; publishing the revision replaces
it; a plan never published stays unknown to them."""

import importlib
import io
import re
import subprocess

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import override
from openpyxl import load_workbook

from tests.factories import ActionPlanFactory, TargetGroupNeedFactory
from worksheets.models import (
    ActionPlan,
    Activity,
    PlanStatus,
    PlanTransition,
    PlanVersion,
    TargetGroupNeed,
    plans_in_force,
)
from worksheets.review.lifecycle import plan_transition
from worksheets.seed.demo import fill_plan

pytestmark = pytest.mark.django_db

PUBLISHED_TEXT = "Grantu konkursa „Sociālā uzņēmējdarbība” nolikums"
REVISED_TEXT = "Pārskatīts: mentoru tīkls jaunajiem uzņēmējiem"
MARKER = "A revision is in preparation"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def publish(plan, editor, coordinator, **approval):
    plan_transition(plan=plan, action="submit", user=editor, comment="Iesniedzam.")
    plan_transition(plan=plan, action="approve", user=coordinator, **approval)
    plan_transition(plan=plan, action="publish", user=coordinator)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def revised(sound_plan, editor, coordinator):
    """Aizkraukle's plan published as version 1 (a target group "Seniori"), then reopened by the coordinator and
    changed by its editor: the draft says ``REVISED_TEXT`` and names parents of pre-school children instead."""
    TargetGroupNeedFactory(plan=sound_plan, target_group="Seniori", unmet_needs="Vientulība")
    publish(sound_plan, editor, coordinator, decision_number="12/7")
    plan_transition(plan=sound_plan, action="reopen", user=coordinator, comment="Jāpievieno 2027. gada aktivitātes.")
    Activity.objects.filter(plan=sound_plan).update(description=REVISED_TEXT)
    TargetGroupNeed.objects.filter(plan=sound_plan).update(
        target_group="Pirmsskolas bērnu vecāki", unmet_needs="Darba pieredze"
    )
    sound_plan.refresh_from_db()
    return sound_plan


def reopened_on(plan, date_format="d.m.Y") -> str:
    """The date the plan was reopened, as the pages write it (``SHORT_DATE_FORMAT``) or the workbook (dd.mm.yyyy)."""
    at = PlanTransition.objects.get(plan=plan, from_status=PlanStatus.PUBLISHED).at
    with override("en"):
        return formats.date_format(timezone.localtime(at), date_format)


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    return re.sub(r"\s+", " ", result.stdout.decode())


def workbook_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def test_publishing_keeps_the_version_in_force_and_reopening_keeps_it(revised):
    version = PlanVersion.objects.get(plan=revised, number=1)
    assert revised.status == PlanStatus.RETURNED
    assert revised.published_version == version
    assert revised.in_revision and revised.is_public
    assert list(ActionPlan.objects.public()) == [revised]


def test_public_page_shows_the_published_version_with_the_marker(english, revised):
    response = english.get(reverse("public:plan", args=[revised.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert PUBLISHED_TEXT in html and "Seniori" in html
    assert REVISED_TEXT not in html and "Pirmsskolas bērnu" not in html
    assert f"{MARKER} (reopened {reopened_on(revised, 'SHORT_DATE_FORMAT')})" in html
    assert "published version 1" in html
    assert "Returned for changes" not in html  # the public is not told the draft's stage


def test_public_pdf_and_excel_are_the_published_version_with_the_marker(english, revised):
    text = pdf_text(english.get(reverse("public:plan_pdf", args=[revised.pk])).content)
    assert "Sociālā uzņēmējdarbība" in text and "Seniori" in text
    assert "mentoru tīkls" not in text and "Pirmsskolas bērnu" not in text
    assert f"{MARKER} (reopened" in text
    assert "DRAFT" not in text
    workbook = english.get(reverse("public:plan_xlsx", args=[revised.pk])).content
    text = workbook_text(workbook)
    assert PUBLISHED_TEXT in text and "Seniori" in text
    assert REVISED_TEXT not in text and "Pirmsskolas bērnu" not in text
    cover = {row[0]: row[1] for row in load_workbook(io.BytesIO(workbook))["Plan"].iter_rows(values_only=True)}
    assert cover["Status"].startswith("Published.")
    assert f"{MARKER} (reopened {reopened_on(revised)})" in cover["Status"]


def test_region_pages_keep_the_plan_marked(english, revised, zemgale):
    response = english.get(reverse("public:region", args=[zemgale.slug]))
    assert response.context["plans"] == [revised]
    assert f"{MARKER} (reopened {reopened_on(revised, 'SHORT_DATE_FORMAT')})" in response.content.decode()
    regions = {r.slug: r.published for r in english.get(reverse("public:regions")).context["regions"]}
    assert regions["zemgale"] == 1


def test_public_and_regional_comparisons_count_the_published_version(english, revised, zemgale, coordinator):
    public = english.get(reverse("public:comparison", args=[zemgale.slug, "target-groups"]))
    comparison = public.context["comparison"]
    assert [c.municipality for c in comparison.columns] == ["Aizkraukles novads"]
    named = {row.label for row in comparison.rows if row.named_by}
    assert "Seniors" in named or any("Senior" in label for label in named)
    html = public.content.decode()
    assert "Vientulība" in html and "Darba pieredze" not in html
    activities = english.get(reverse("public:comparison", args=[zemgale.slug, "activities"])).content.decode()
    assert "Sociālā uzņēmējdarbība" in activities and REVISED_TEXT not in activities
    sheet = load_workbook(
        io.BytesIO(english.get(reverse("public:comparison_xlsx", args=[zemgale.slug, "target-groups"])).content)
    ).active
    assert "Vientulība" in "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    english.force_login(coordinator)  # the coordinator's comparisons: the plan in force too
    regional = english.get(reverse("worksheets:region_comparison", args=[zemgale.slug, "risks"]))
    columns = regional.context["comparison"].columns
    assert [(c.plan_id, c.status) for c in columns] == [(revised.pk, PlanStatus.PUBLISHED)]
    page = english.get(reverse("worksheets:region_comparison", args=[zemgale.slug, "target-groups"]))
    assert "Vientulība" in page.content.decode() and "Darba pieredze" not in page.content.decode()


def test_the_plan_in_force_is_the_revised_plans_version_not_an_older_period(revised, aizkraukle):
    older = ActionPlanFactory(municipality=aizkraukle, period_start=2023, period_end=2025, status=PlanStatus.PUBLISHED)
    assert plans_in_force([older, revised])[aizkraukle.pk] == revised


def test_other_municipalities_read_the_published_version(english, revised, other_editor, other_coordinator):
    for user in (other_editor, other_coordinator):
        english.force_login(user)
        response = english.get(reverse("worksheets:plan", args=[revised.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert PUBLISHED_TEXT in html and REVISED_TEXT not in html
        assert MARKER in html
        page = english.get(reverse("worksheets:worksheet", args=[revised.pk, 7]))
        assert page.status_code == 302
        assert page.url == reverse("worksheets:plan", args=[revised.pk]) + "#ws-7"
        pdf = pdf_text(english.get(reverse("worksheets:plan_pdf", args=[revised.pk])).content)
        assert "Sociālā uzņēmējdarbība" in pdf and "mentoru tīkls" not in pdf
        xlsx = workbook_text(english.get(reverse("worksheets:plan_xlsx", args=[revised.pk])).content)
        assert PUBLISHED_TEXT in xlsx and REVISED_TEXT not in xlsx
        region = workbook_text(
            english.get(
                reverse("worksheets:region_xlsx", args=[revised.municipality.region.slug]), follow=True
            ).getvalue()
        )
        assert PUBLISHED_TEXT in region and REVISED_TEXT not in region
        assert english.get(reverse("followup:plan", args=[revised.pk])).status_code == 403


def test_members_and_the_coordinator_work_on_the_draft(english, revised, editor, viewer, coordinator):
    for user in (editor, viewer, coordinator):
        english.force_login(user)
        html = english.get(reverse("worksheets:plan", args=[revised.pk])).content.decode()
        assert "the public, the comparisons and other municipalities read the published version 1" in html
        page = english.get(reverse("worksheets:worksheet", args=[revised.pk, 7])).content.decode()
        assert REVISED_TEXT in page
        xlsx = workbook_text(english.get(reverse("worksheets:plan_xlsx", args=[revised.pk])).content)
        assert REVISED_TEXT in xlsx


def test_an_approved_revision_waits_for_publishing(english, revised, editor, coordinator):
    plan_transition(plan=revised, action="submit", user=editor)
    plan_transition(plan=revised, action="approve", user=coordinator)
    revised.refresh_from_db()
    assert revised.status == PlanStatus.APPROVED
    assert revised.published_version.number == 1
    html = english.get(reverse("public:plan", args=[revised.pk])).content.decode()
    assert PUBLISHED_TEXT in html and REVISED_TEXT not in html and MARKER in html


def test_publishing_the_revision_replaces_it(english, revised, editor, coordinator, zemgale):
    publish(revised, editor, coordinator)
    assert revised.published_version.number == 2
    assert not revised.in_revision
    html = english.get(reverse("public:plan", args=[revised.pk])).content.decode()
    assert REVISED_TEXT in html and PUBLISHED_TEXT not in html
    assert MARKER not in html
    text = pdf_text(english.get(reverse("public:plan_pdf", args=[revised.pk])).content)
    assert "mentoru tīkls" in text and MARKER not in text
    comparison = english.get(reverse("public:comparison", args=[zemgale.slug, "target-groups"])).content.decode()
    assert "Darba pieredze" in comparison and "Vientulība" not in comparison


def test_a_plan_never_published_stays_unknown(client, sound_plan, editor, coordinator, other_editor, zemgale):
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator)
    plan_transition(plan=sound_plan, action="reopen", user=coordinator, comment="Vēl jāstrādā.")
    sound_plan.refresh_from_db()
    assert sound_plan.published_version is None and not sound_plan.is_public
    urls = [reverse(f"public:{name}", args=[sound_plan.pk]) for name in ("plan", "plan_pdf", "plan_xlsx")]
    for url in urls:
        assert client.get(url).status_code == 404, url
    comparison = client.get(reverse("public:comparison", args=[zemgale.slug, "target-groups"]))
    assert comparison.context["comparison"].columns == []
    client.force_login(other_editor)
    assert client.get(reverse("worksheets:plan", args=[sound_plan.pk])).status_code == 404


def test_the_migration_fills_the_published_version(sound_plan, editor, coordinator, birzai):
    migration = importlib.import_module("worksheets.migrations.0008_plan_in_force")
    publish(sound_plan, editor, coordinator)
    plan_transition(plan=sound_plan, action="reopen", user=coordinator, comment="Pārskatīšana.")
    plan_transition(plan=sound_plan, action="submit", user=editor)
    plan_transition(plan=sound_plan, action="approve", user=coordinator)  # version 2: approved, not published
    seeded = ActionPlanFactory(municipality=birzai, status=PlanStatus.PUBLISHED)  # published without transitions
    PlanVersion.objects.create(plan=seeded, number=1, content={"worksheets": []})
    never = ActionPlanFactory(municipality=birzai, period_start=2030, period_end=2031, status=PlanStatus.APPROVED)
    PlanVersion.objects.create(plan=never, number=1, content={"worksheets": []})
    ActionPlan.objects.update(published_version=None)
    migration.fill_published_versions(apps, None)
    versions = dict(ActionPlan.objects.values_list("pk", "published_version__number"))
    assert versions == {sound_plan.pk: 1, seeded.pk: 1, never.pk: None}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_pages_of_a_plan_in_revision_run_a_fixed_number_of_queries(
    client, revised, other_editor, coordinator, zemgale, bauska, other_coordinator
):
    urls = [
        reverse("public:regions"),
        reverse("public:region", args=[zemgale.slug]),
        reverse("public:plan", args=[revised.pk]),
        reverse("public:comparison", args=[zemgale.slug, "activities"]),
    ]
    small = [count_queries(client, url) for url in urls]
    client.force_login(other_coordinator)
    small_outsider = count_queries(client, reverse("worksheets:plan", args=[revised.pk]))
    client.logout()
    large = ActionPlanFactory(municipality=bauska, title="Bauskas plāns")
    fill_plan(large, rows=100)
    publish(large, other_editor, coordinator)
    plan_transition(plan=large, action="reopen", user=coordinator, comment="Pārskatīšana.")
    assert ActionPlan.objects.get(pk=large.pk).in_revision
    urls[2] = reverse("public:plan", args=[large.pk])
    assert [count_queries(client, url) for url in urls] == small
    client.force_login(other_coordinator)
    assert count_queries(client, reverse("worksheets:plan", args=[large.pk])) == small_outsider
