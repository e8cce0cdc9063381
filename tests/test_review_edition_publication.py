"""Publishing editions of the regional review: issuing refused while an edition covers a plan that is not adopted
(the public never sees drafts) and choosing its plans again; a corrected re-issue superseding the year's edition on the
public page; an edition's PDF and Excel prepared in the background, and an issued edition's files kept and streamed to
the public."""

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.factories import ActionPlanFactory, TargetGroupNeedFactory, UserFactory
from tests.lithuanian import pdf_text
from worksheets.models import (
    EditionStatus,
    PlanStatus,
    PreparedFile,
    PreparedFileKind,
    RegionalReviewEdition,
    ReviewRecommendation,
)
from worksheets.regional.editions import (
    EditionCoversUnadoptedPlans,
    EditionExists,
    EditionIssued,
    edition_correct,
    edition_create,
    edition_issue,
    edition_set_plans,
    issued_file,
    issued_years,
)
from worksheets.views.editions import edition_changes

pytestmark = pytest.mark.django_db

DATABASE_TASKS = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


@pytest.fixture
def client(client):
    """The test client reading the interface in English (the cookie of the language switch)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def approved(bauska):
    """Bauska's approved plan, with one target group."""
    plan = ActionPlanFactory(municipality=bauska, title="Bauska 2026–2027", status=PlanStatus.APPROVED)
    TargetGroupNeedFactory(plan=plan, target_group="Seniori", unmet_needs="Transports")
    return plan


@pytest.fixture
def mixed(zemgale, plan, approved, coordinator):
    """A draft edition covering Aizkraukle's draft plan and Bauska's approved plan (the plans in force)."""
    return edition_create(region=zemgale, year=2026, title="Reģionālais pārskats 2026", user=coordinator)


@pytest.fixture
def adopted_only(zemgale, approved, coordinator):
    """A draft edition covering Bauska's approved plan only, with a conclusion and a recommendation."""
    edition = edition_create(
        region=zemgale, year=2026, title="Reģionālais pārskats 2026", user=coordinator, plans=[approved]
    )
    edition.conclusions = "Pirmie secinājumi"
    edition.save()
    ReviewRecommendation.objects.create(edition=edition, position=1, text="Izveidot kontaktpunktu")
    return edition


# --- privacy: only adopted plans are issued ---------------------------------------------------------------------


def test_issue_refused_while_the_edition_covers_a_draft_plan(mixed, plan, coordinator):
    assert sorted(mixed.plans.values_list("status", flat=True)) == ["approved", "draft"]
    with pytest.raises(EditionCoversUnadoptedPlans) as refused:
        edition_issue(edition=mixed, user=coordinator)
    assert refused.value.plans == [plan]
    mixed.refresh_from_db()
    assert (mixed.status, mixed.snapshot, mixed.issued_at) == (EditionStatus.DRAFT, None, None)


def test_issue_refused_for_a_submitted_plan(zemgale, approved, bauska, coordinator):
    submitted = ActionPlanFactory(municipality=bauska, period_start=2028, period_end=2029, status="submitted")
    edition = edition_create(region=zemgale, year=2026, title="x", user=coordinator, plans=[approved, submitted])
    with pytest.raises(EditionCoversUnadoptedPlans) as refused:
        edition_issue(edition=edition, user=coordinator)
    assert refused.value.plans == [submitted]


def test_issue_page_names_the_draft_plan_and_offers_choosing_again(client, mixed, coordinator, zemgale):
    client.force_login(coordinator)
    url = reverse("worksheets:edition_issue", args=[zemgale.slug, mixed.pk])
    plans_url = reverse("worksheets:edition_plans", args=[zemgale.slug, mixed.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["unadopted"] == ["Aizkraukles novads 2026–2027 — Draft"]
    assert f'href="{plans_url}?adopted=1"' in page.content.decode()
    assert 'class="btn btn-danger"' not in page.content.decode()  # no issue button
    response = client.post(url)
    assert response.status_code == 400
    assert "Aizkraukles novads 2026–2027 — Draft" in response.content.decode()
    mixed.refresh_from_db()
    assert mixed.status == EditionStatus.DRAFT
    public = client.get(reverse("public:region", args=[zemgale.slug])).content.decode()
    assert mixed.title not in public


def test_choosing_the_plans_again_lets_the_edition_be_issued(client, mixed, approved, coordinator, zemgale):
    client.force_login(coordinator)
    plans_url = reverse("worksheets:edition_plans", args=[zemgale.slug, mixed.pk])
    proposed = client.get(plans_url, {"adopted": "1"})
    assert proposed.context["form"]["plans"].value() == [approved.pk]
    saved = client.post(plans_url, {"plans": [approved.pk]})
    assert saved.status_code == 302
    assert list(mixed.plans.all()) == [approved]
    issued = client.post(reverse("worksheets:edition_issue", args=[zemgale.slug, mixed.pk]))
    assert issued.status_code == 302
    mixed.refresh_from_db()
    assert mixed.status == EditionStatus.ISSUED
    assert [column["municipality"] for column in mixed.snapshot["columns"]] == ["Bauskas novads"]
    with translation.override("en"):
        changes = [c for c in edition_changes(mixed) if c["what"] == "plans reviewed"]
    assert [(c["by"], c["before"], c["after"]) for c in changes] == [
        (
            coordinator,
            "Aizkraukles novads 2026–2027 — Draft\nBauskas novads 2026–2027 — Approved",
            "Bauskas novads 2026–2027 — Approved",
        )
    ]


def test_plans_page_refuses_a_plan_of_another_region_and_an_empty_choice(client, mixed, coordinator, zemgale, birzai):
    foreign = ActionPlanFactory(municipality=birzai, status=PlanStatus.APPROVED)
    client.force_login(coordinator)
    url = reverse("worksheets:edition_plans", args=[zemgale.slug, mixed.pk])
    before = set(mixed.plans.values_list("pk", flat=True))
    assert client.post(url, {"plans": [foreign.pk]}).status_code == 400
    empty = client.post(url, {})
    assert empty.status_code == 400
    assert empty.context["form"].errors["plans"] == ["Choose at least one plan."]
    assert set(mixed.plans.values_list("pk", flat=True)) == before
    with pytest.raises(ValueError):
        edition_set_plans(edition=mixed, plans=[foreign], user=coordinator)


def test_an_issued_editions_plans_are_frozen(client, adopted_only, approved, plan, coordinator, zemgale):
    edition_issue(edition=adopted_only, user=coordinator)
    with pytest.raises(EditionIssued):
        edition_set_plans(edition=adopted_only, plans=[plan], user=coordinator)
    client.force_login(coordinator)
    url = reverse("worksheets:edition_plans", args=[zemgale.slug, adopted_only.pk])
    assert client.post(url, {"plans": [plan.pk]}).status_code == 302
    assert list(adopted_only.plans.all()) == [approved]


# --- corrected re-issue -------------------------------------------------------------------------------------------


def test_a_correction_supersedes_the_issued_edition_on_the_public_page(client, adopted_only, coordinator, zemgale):
    first = edition_issue(edition=adopted_only, user=coordinator)
    client.force_login(coordinator)
    response = client.post(reverse("worksheets:edition_correct", args=[zemgale.slug, first.pk]))
    second = RegionalReviewEdition.objects.get(region=zemgale, year=2026, number=2)
    assert response.url == reverse("worksheets:edition_edit", args=[zemgale.slug, second.pk])
    assert (second.status, second.based_on, second.title, second.conclusions) == (
        EditionStatus.DRAFT,
        first,
        first.title,
        "Pirmie secinājumi",
    )
    assert list(second.recommendations.values_list("text", flat=True)) == ["Izveidot kontaktpunktu"]
    assert list(second.plans.all()) == list(first.plans.all())
    second.conclusions = "Labotie secinājumi"
    second.save()
    edition_issue(edition=second, user=coordinator)

    client.logout()
    years = issued_years(zemgale)
    assert [(y.year, y.current.number, [e.number for e in y.superseded]) for y in years] == [(2026, 2, [1])]
    region_page = client.get(reverse("public:region", args=[zemgale.slug])).content.decode()
    current_url = reverse("public:edition", args=[zemgale.slug, second.pk])
    old_url = reverse("public:edition", args=[zemgale.slug, first.pk])
    assert region_page.index(current_url) < region_page.index(old_url)
    with translation.override("lv"):
        assert translation.gettext("superseded by a corrected edition") in region_page
    old_page = client.get(old_url)
    assert old_page.status_code == 200
    assert old_page.context["superseded_by"] == second
    assert f'href="{current_url}"' in old_page.content.decode()
    assert "Pirmie secinājumi" in old_page.content.decode()
    new_page = client.get(current_url)
    assert new_page.context["superseded_by"] is None
    assert "Labotie secinājumi" in new_page.content.decode()


def test_a_correction_pdf_says_its_edition_number(adopted_only, coordinator, zemgale):
    first = edition_issue(edition=adopted_only, user=coordinator)
    second = edition_issue(edition=edition_correct(edition=first, user=coordinator), user=coordinator)
    with translation.override("en"):
        text = pdf_text(issued_file(second, "pdf").read())
    assert "\nYear 2026\nEdition 2 (corrected)\n" in text
    assert second.pdf_file.name.endswith("/zemgale-regional-review-2026-edition-2.pdf")


def test_only_one_draft_of_a_year_at_a_time(client, adopted_only, coordinator, zemgale):
    first = edition_issue(edition=adopted_only, user=coordinator)
    draft = edition_correct(edition=first, user=coordinator)
    with pytest.raises(EditionExists) as exists:
        edition_correct(edition=first, user=coordinator)
    assert exists.value.existing == draft
    client.force_login(coordinator)
    again = client.post(reverse("worksheets:edition_correct", args=[zemgale.slug, first.pk]))
    assert again.url == reverse("worksheets:edition_edit", args=[zemgale.slug, draft.pk])
    assert RegionalReviewEdition.objects.filter(region=zemgale, year=2026).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionalReviewEdition.objects.create(region=zemgale, year=2026, number=3, title="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionalReviewEdition.objects.create(region=zemgale, year=2026, number=2, title="x", status="issued")


def test_a_draft_is_not_corrected(client, adopted_only, coordinator, zemgale):
    with pytest.raises(ValueError):
        edition_correct(edition=adopted_only, user=coordinator)
    client.force_login(coordinator)
    assert client.post(reverse("worksheets:edition_correct", args=[zemgale.slug, adopted_only.pk])).status_code == 404
    assert RegionalReviewEdition.objects.count() == 1


def test_new_edition_form_for_an_issued_year_points_to_the_correction(client, adopted_only, coordinator, zemgale):
    edition_issue(edition=adopted_only, user=coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("worksheets:edition_list", args=[zemgale.slug]),
        {"year": 2026, "title": "Otrs", "period": "", "based_on": ""},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["year"] == [
        "The region's review for this year is issued. To correct it, open the issued edition and start a corrected "
        "edition."
    ]
    assert RegionalReviewEdition.objects.count() == 1


# --- who may --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["worksheets:edition_plans", "worksheets:edition_correct"])
def test_new_edition_pages_refuse_outsiders_viewers_and_other_regions(
    client, adopted_only, zemgale, viewer, other_coordinator, approved, name
):
    issued = edition_issue(edition=adopted_only, user=adopted_only.created_by)
    draft = edition_correct(edition=issued, user=adopted_only.created_by)
    url = reverse(name, args=[zemgale.slug, issued.pk if name.endswith("correct") else draft.pk])
    for user, status in ((UserFactory(username="svesais"), 404), (other_coordinator, 404), (viewer, 403)):
        client.force_login(user)
        assert (user.username, client.post(url, {"plans": [approved.pk]}).status_code) == (user.username, status)
    assert RegionalReviewEdition.objects.filter(region=zemgale).count() == 2
    assert draft.history.count() == 1


# --- files: prepared in the background, kept once issued --------------------------------------------------------


def test_draft_pdf_is_prepared_as_a_job_for_the_coordinator(client, adopted_only, coordinator, zemgale):
    client.force_login(coordinator)
    response = client.get(reverse("worksheets:edition_pdf", args=[zemgale.slug, adopted_only.pk]))
    prepared = PreparedFile.objects.get()
    assert response.url == reverse("worksheets:prepared_file_download", args=[prepared.pk])
    assert (prepared.kind, prepared.edition, prepared.status) == (PreparedFileKind.EDITION_PDF, adopted_only, "ready")
    assert prepared.filename == "zemgale-regional-review-2026-draft.pdf"
    with translation.override("en"):
        assert prepared.start_url() == reverse("worksheets:edition_pdf", args=[zemgale.slug, adopted_only.pk])
    content = b"".join(client.get(response.url).streaming_content)
    assert pdf_text(content).startswith("DRAFT\n")
    adopted_only.refresh_from_db()
    assert adopted_only.pdf_file.name == ""  # a draft's file is not kept


def test_draft_files_are_refused_to_the_public_and_outsiders(
    client, adopted_only, coordinator, other_coordinator, zemgale
):
    client.force_login(coordinator)
    client.get(reverse("worksheets:edition_xlsx", args=[zemgale.slug, adopted_only.pk]))
    prepared = PreparedFile.objects.get(kind=PreparedFileKind.EDITION_XLSX)
    download = reverse("worksheets:prepared_file_download", args=[prepared.pk])
    client.force_login(other_coordinator)
    assert client.get(download).status_code == 404
    assert client.get(reverse("worksheets:edition_pdf", args=[zemgale.slug, adopted_only.pk])).status_code == 404
    client.logout()
    for url in (
        reverse("public:edition_pdf", args=[zemgale.slug, adopted_only.pk]),
        reverse("public:edition_xlsx", args=[zemgale.slug, adopted_only.pk]),
    ):
        assert client.get(url).status_code == 404
    signed_out = client.get(download)
    assert signed_out.status_code == 302 and "/login/" in signed_out.url
    assert PreparedFile.objects.count() == 1


def test_issued_files_are_kept_when_issued_and_streamed_to_a_signed_out_visitor(
    client, adopted_only, coordinator, zemgale, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("worksheets:edition_issue", args=[zemgale.slug, adopted_only.pk]))
    adopted_only.refresh_from_db()
    kept_pdf = default_storage.open(adopted_only.pdf_file.name).read()
    kept_xlsx = default_storage.open(adopted_only.xlsx_file.name).read()
    assert kept_pdf.startswith(b"%PDF") and kept_xlsx.startswith(b"PK")
    client.logout()
    pdf = client.get(reverse("public:edition_pdf", args=[zemgale.slug, adopted_only.pk]))
    xlsx = client.get(reverse("public:edition_xlsx", args=[zemgale.slug, adopted_only.pk]))
    assert (pdf.status_code, pdf["Content-Type"], b"".join(pdf.streaming_content)) == (
        200,
        "application/pdf",
        kept_pdf,
    )
    assert b"".join(xlsx.streaming_content) == kept_xlsx
    assert xlsx["Content-Disposition"] == 'attachment; filename="zemgale-regional-review-2026.xlsx"'
    client.force_login(coordinator)  # the coordinator's download streams the kept file too: no new job
    own = client.get(reverse("worksheets:edition_pdf", args=[zemgale.slug, adopted_only.pk]))
    assert b"".join(own.streaming_content) == kept_pdf
    assert PreparedFile.objects.count() == 0


def test_a_missing_issued_file_is_made_on_the_first_public_request_and_kept(client, adopted_only, coordinator, zemgale):
    edition_issue(edition=adopted_only, user=coordinator)  # no worker ran: nothing kept yet
    adopted_only.refresh_from_db()
    assert adopted_only.pdf_file.name == ""
    url = reverse("public:edition_pdf", args=[zemgale.slug, adopted_only.pk])
    first = b"".join(client.get(url).streaming_content)
    adopted_only.refresh_from_db()
    kept_name = adopted_only.pdf_file.name
    assert default_storage.open(kept_name).read() == first
    second = b"".join(client.get(url).streaming_content)
    adopted_only.refresh_from_db()
    assert (second, adopted_only.pdf_file.name) == (first, kept_name)


@pytest.mark.django_db(transaction=True)
def test_draft_pdf_with_the_database_backend_shows_being_prepared(client, adopted_only, coordinator, zemgale):
    client.force_login(coordinator)
    url = reverse("worksheets:edition_pdf", args=[zemgale.slug, adopted_only.pk])
    with DATABASE_TASKS:
        first = client.get(url)
        second = client.get(url)  # asked again while it waits: the same job
        prepared = PreparedFile.objects.get()
        assert first.url == second.url == reverse("worksheets:prepared_file", args=[prepared.pk])
        page = client.get(first.url)
        assert (prepared.status, page.status_code) == ("waiting", 200)
        assert reverse("worksheets:edition_detail", args=[zemgale.slug, adopted_only.pk]) in page.content.decode()
        adopted_only.conclusions = "Jauns teksts"
        adopted_only.revision += 1
        adopted_only.save()
        client.get(url)  # the text changed: another job
    assert PreparedFile.objects.count() == 2


# --- rows added in place (htmx) -----------------------------------------------------------------------------------


def test_new_row_is_the_next_form_of_the_list_and_saves(client, adopted_only, coordinator, zemgale):
    client.force_login(coordinator)
    edit_url = reverse("worksheets:edition_edit", args=[zemgale.slug, adopted_only.pk])
    page = client.get(edit_url).content.decode()
    new_row = reverse("worksheets:edition_new_row", args=[zemgale.slug, adopted_only.pk, "recommendations"])
    assert f'hx-get="{new_row}"' in page and 'hx-include="#id_recommendations-TOTAL_FORMS"' in page
    row = client.get(new_row, {"recommendations-TOTAL_FORMS": "3"})
    html = row.content.decode()
    assert row.status_code == 200
    assert html.count('name="recommendations-3-text"') == 1
    assert 'name="recommendations-3-row_id"' in html and 'name="recommendations-3-DELETE"' in html
    assert 'data-form-index="3"' in html and "<form" not in html
    form = client.get(edit_url).context["text_form"]
    data = {name: form[name].value() for name in ("title", "conclusions", "base", "revision")}
    data.update(
        {
            "recommendations-TOTAL_FORMS": 4,
            "recommendations-INITIAL_FORMS": 1,
            "recommendations-0-row_id": adopted_only.recommendations.get().pk,
            "recommendations-0-position": 2,
            "recommendations-0-text": "Izveidot kontaktpunktu",
            "recommendations-3-position": 1,
            "recommendations-3-text": "Mentoru tīkls",
            "recommendations-1-position": 3,  # the page numbers empty rows too: they stay empty
            "findings-TOTAL_FORMS": 2,
            "findings-INITIAL_FORMS": 0,
            **{f"findings-{i}-{n}": v for i in (0, 1) for n, v in (("position", i + 1), ("kind", "strength"))},
            "sources-TOTAL_FORMS": 0,
            "sources-INITIAL_FORMS": 0,
        }
    )
    assert client.post(edit_url, data).status_code == 302
    assert list(adopted_only.recommendations.order_by("position").values_list("position", "text")) == [
        (1, "Mentoru tīkls"),
        (2, "Izveidot kontaktpunktu"),
    ]


def test_new_row_refuses_bad_requests_and_outsiders(client, adopted_only, coordinator, viewer, other_coordinator):
    slug = adopted_only.region.slug
    url = reverse("worksheets:edition_new_row", args=[slug, adopted_only.pk, "recommendations"])
    client.force_login(coordinator)
    assert [client.get(url, {"recommendations-TOTAL_FORMS": value}).status_code for value in ("", "-1", "x")] == [
        400,
        400,
        400,
    ]
    unknown = reverse("worksheets:edition_new_row", args=[slug, adopted_only.pk, "goals"])
    assert client.get(unknown, {"goals-TOTAL_FORMS": "0"}).status_code == 404
    for user, status in ((UserFactory(username="svesais"), 404), (other_coordinator, 404), (viewer, 403)):
        client.force_login(user)
        assert client.get(url, {"recommendations-TOTAL_FORMS": "2"}).status_code == status
    issued = edition_issue(edition=adopted_only, user=coordinator)
    client.force_login(coordinator)
    assert client.get(url, {"recommendations-TOTAL_FORMS": "2"}).status_code == 404
    assert issued.is_issued
