"""Editions of the regional review: creating, saving with the merge (two coordinators), conflicts, history, safe
text, issuing (frozen figures), who may see and change them, and the public copy."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from seimpact.lib.merge import decode_base, encode_base, stored_values
from tests.factories import PolicyDocumentFactory, UserFactory, coordinator_of
from tests.lithuanian import pdf_text
from worksheets.models import (
    EditionStatus,
    FindingKind,
    PlanStatus,
    RegionalReviewEdition,
    ReviewFinding,
    ReviewRecommendation,
    StrategicGoal,
)
from worksheets.regional.editions import (
    EDITED_FIELDS,
    EditionConflict,
    EditionExists,
    EditionIssued,
    RowEdit,
    edition_create,
    edition_document,
    edition_issue,
    edition_pdf,
    edition_save,
    edition_workbook,
    render_text,
)
from worksheets.views.editions import edition_changes

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Secinājums <script>alert('x')</script> un <img src=x onerror=alert(1)> "
    "[saite](javascript:alert(2)) un [īsta saite](https://zemgale.lv/)"
)


@pytest.fixture
def edition(zemgale, sound_plan, coordinator):
    """A draft edition of Zemgale's 2026 review covering one approved plan (only adopted plans can be issued)."""
    sound_plan.status = PlanStatus.APPROVED
    sound_plan.save(update_fields=["status"])
    return edition_create(region=zemgale, year=2026, title="Reģionālais pārskats 2026", user=coordinator)


def page_state(edition) -> dict:
    """What an edit page loaded now carries: the texts' digests and the revision."""
    return {"base": {}, "revision": edition.revision, "texts": stored_values(edition, EDITED_FIELDS)}


def save(edition, user, state, lists=None, **texts):
    values = {**state["texts"], **texts}
    return edition_save(
        edition=edition,
        texts=values,
        base=decode_base(encode_base(state["texts"])),
        revision=state["revision"],
        lists=lists or {},
        user=user,
    )


def workbook_cells(content) -> list[list]:
    book = load_workbook(io.BytesIO(content.getvalue() if hasattr(content, "getvalue") else content))
    return [[cell for row in sheet.iter_rows(values_only=True) for cell in row] for sheet in book.worksheets]


def workbook_values(workbook) -> list:
    return [[cell.value for row in sheet.iter_rows() for cell in row] for sheet in workbook.worksheets]


# --- creating ----------------------------------------------------------------------------------------------------


def test_edition_create_reviews_the_plans_in_force(edition, sound_plan):
    assert list(edition.plans.all()) == [sound_plan]
    assert edition.status == EditionStatus.DRAFT
    assert edition.history.count() == 1


def test_edition_create_refused_when_the_year_has_one(edition, zemgale, coordinator):
    with pytest.raises(EditionExists):
        edition_create(region=zemgale, year=2026, title="Cits", user=coordinator)


def test_edition_create_page_refuses_a_second_edition_of_a_year_politely(client, edition, coordinator, zemgale):
    client.force_login(coordinator)
    url = reverse("worksheets:edition_list", args=[zemgale.slug])
    response = client.post(url, {"year": 2026, "title": "Otrs", "period": "", "based_on": ""})
    assert response.status_code == 400
    with translation.override("lv"):
        expected = translation.gettext("The region already has an edition of its review for this year.")
    assert response.context["form"].errors["year"] == [expected]
    assert expected.startswith("Reģionam jau ir")
    assert RegionalReviewEdition.objects.count() == 1


def test_edition_create_page_starts_from_an_earlier_edition(client, edition, coordinator, zemgale):
    edition.conclusions = "Iepriekšējie secinājumi"
    edition.save()
    ReviewRecommendation.objects.create(edition=edition, position=1, text="Izveidot kontaktpunktu")
    client.force_login(coordinator)
    url = reverse("worksheets:edition_list", args=[zemgale.slug])
    response = client.post(url, {"year": 2027, "title": "2027", "period": "", "based_on": edition.pk})
    new = RegionalReviewEdition.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"] == reverse("worksheets:edition_edit", args=[zemgale.slug, new.pk])
    assert new.conclusions == "Iepriekšējie secinājumi"
    assert list(new.recommendations.values_list("text", flat=True)) == ["Izveidot kontaktpunktu"]
    assert new.based_on == edition


# --- saving and merging ------------------------------------------------------------------------------------------


def test_two_coordinators_editing_different_sections_both_keep_their_text(edition, coordinator, zemgale):
    colleague = coordinator_of(zemgale, user__username="ilze")
    loaded = page_state(edition)  # both load the page
    first = save(edition, coordinator, loaded, introduction="Ievads par reģionu")
    second = save(edition, colleague, loaded, conclusions="Galvenie secinājumi")
    edition.refresh_from_db()
    assert (edition.introduction, edition.conclusions) == ("Ievads par reģionu", "Galvenie secinājumi")
    assert (first.revision, second.revision, second.kept) == (1, 2, 1)


def test_the_same_section_changed_by_both_is_a_conflict_and_nothing_is_saved(edition, coordinator, zemgale):
    colleague = coordinator_of(zemgale, user__username="ilze")
    loaded = page_state(edition)
    save(edition, coordinator, loaded, strategy="Pirmā versija")
    with pytest.raises(EditionConflict) as raised:
        save(edition, colleague, loaded, strategy="Otrā versija", conclusions="Arī secinājumi")
    edition.refresh_from_db()
    assert (edition.strategy, edition.conclusions) == ("Pirmā versija", "")
    assert [(c.name, c.theirs, c.by) for c in raised.value.cells] == [("strategy", "Pirmā versija", coordinator)]


def test_a_save_that_changes_nothing_writes_nothing(edition, coordinator):
    result = save(edition, coordinator, page_state(edition))
    edition.refresh_from_db()
    assert (result.wrote, edition.revision, edition.history.count()) == (False, 0, 1)


def test_rows_merge_a_colleagues_new_row_and_an_edited_row(edition, coordinator, zemgale):
    colleague = coordinator_of(zemgale, user__username="ilze")
    row = ReviewRecommendation.objects.create(edition=edition, position=1, text="Mentoru programma")
    loaded = page_state(edition)
    row_base = decode_base(encode_base({"position": 1, "text": "Mentoru programma"}))
    save(
        edition,
        coordinator,
        loaded,
        lists={"recommendations": [RowEdit(None, {"position": 2, "text": "Kontaktpunkts"})]},
    )
    save(
        edition,
        colleague,
        loaded,
        lists={"recommendations": [RowEdit(row.pk, {"position": 1, "text": "Reģionāla mentoru programma"}, row_base)]},
    )
    assert list(edition.recommendations.values_list("position", "text")) == [
        (1, "Reģionāla mentoru programma"),
        (2, "Kontaktpunkts"),
    ]


def test_deleting_a_row_a_colleague_changed_is_a_conflict(edition, coordinator, zemgale):
    colleague = coordinator_of(zemgale, user__username="ilze")
    row = ReviewRecommendation.objects.create(edition=edition, position=1, text="Mentoru programma")
    loaded = page_state(edition)
    row_base = decode_base(encode_base({"position": 1, "text": "Mentoru programma"}))
    save(
        edition,
        coordinator,
        loaded,
        lists={"recommendations": [RowEdit(row.pk, {"position": 1, "text": "Jauns"}, row_base)]},
    )
    with pytest.raises(EditionConflict) as raised:
        save(
            edition,
            colleague,
            loaded,
            lists={"recommendations": [RowEdit(row.pk, {"position": 1, "text": "Mentoru programma"}, row_base, True)]},
        )
    assert [(r.list_name, r.changed_by_colleague) for r in raised.value.rows] == [("recommendations", True)]
    assert list(edition.recommendations.values_list("text", flat=True)) == ["Jauns"]


def edit_post(edition, **changes) -> dict:
    """The edit page's form as a browser posts it, loaded now, with ``changes``."""
    data = {
        **{name: getattr(edition, name) for name in EDITED_FIELDS},
        "base": encode_base(stored_values(edition, EDITED_FIELDS)),
        "revision": edition.revision,
    }
    for name in ("recommendations", "findings", "sources"):
        data.update({f"{name}-TOTAL_FORMS": 0, f"{name}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_edit_page_saves_and_the_history_says_who(client, edition, coordinator, zemgale):
    client.force_login(coordinator)
    url = reverse("worksheets:edition_edit", args=[zemgale.slug, edition.pk])
    data = edit_post(edition, conclusions="Secinājumi\r\n\r\n- viens\r\n- divi")
    data.update({"findings-TOTAL_FORMS": 1, "findings-0-kind": "challenge", "findings-0-text": "Zema informētība"})
    response = client.post(url, data)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.conclusions == "Secinājumi\n\n- viens\n- divi"
    assert list(edition.findings.values_list("kind", "text", "position")) == [("challenge", "Zema informētība", 1)]
    history = client.get(reverse("worksheets:edition_history", args=[zemgale.slug, edition.pk]))
    assert history.status_code == 200
    with translation.override("en"):
        changes = edition_changes(edition)
    assert sorted((str(c["what"]), c["by"], c.get("after")) for c in changes) == [
        ("Conclusions", coordinator, "Secinājumi\n\n- viens\n- divi"),
        ("Edition created", coordinator, None),
        ("Strengths and challenges: added", coordinator, "Zema informētība"),
    ]


def test_edit_page_conflict_is_409_with_the_colleagues_text(client, edition, coordinator, zemgale):
    colleague = coordinator_of(zemgale, user__username="ilze")
    stale = edit_post(edition, needs_and_resources="Mans teksts")
    save(edition, colleague, page_state(edition), needs_and_resources="Kolēģes teksts")
    client.force_login(coordinator)
    url = reverse("worksheets:edition_edit", args=[zemgale.slug, edition.pk])
    response = client.post(url, stale)
    assert response.status_code == 409
    edition.refresh_from_db()
    assert edition.needs_and_resources == "Kolēģes teksts"
    assert response.context["text_form"]["needs_and_resources"].value() == "Mans teksts"
    assert "Kolēģes teksts" in response.content.decode()
    again = client.post(url, {**stale, "base": response.context["text_form"]["base"].value(), "revision": 1})
    assert again.status_code == 302
    edition.refresh_from_db()
    assert edition.needs_and_resources == "Mans teksts"


# --- safe text ---------------------------------------------------------------------------------------------------


def test_render_text_keeps_paragraphs_lists_and_links_and_drops_scripts():
    html = render_text("Pirmais *svarīgi*\n\n- a\n- b\n\n" + HOSTILE)
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert "<em>svarīgi</em>" in html
    assert "<ul>\n<li>a</li>\n<li>b</li>\n</ul>" in html
    assert '<a href="https://zemgale.lv/" rel="noopener noreferrer">īsta saite</a>' in html


def test_hostile_text_never_reaches_the_page_or_the_pdf(client, edition, coordinator, zemgale):
    edition.conclusions = HOSTILE
    edition.introduction = HOSTILE
    edition.save()
    client.force_login(coordinator)
    page = client.get(reverse("worksheets:edition_detail", args=[zemgale.slug, edition.pk])).content.decode()
    assert "<script>alert" not in page and "onerror=alert" not in page and 'href="javascript:' not in page
    assert '<a href="https://zemgale.lv/" rel="noopener noreferrer">īsta saite</a>' in page
    text = pdf_text(edition_pdf(edition))
    assert "alert(" not in text.replace("<script>alert('x')</script>", "")  # the script's text is escaped, not run
    pdf = edition_pdf(edition)
    assert b"/JavaScript" not in pdf and b"/JS " not in pdf


# --- issuing -----------------------------------------------------------------------------------------------------


def test_issued_edition_is_unchanged_after_a_plan_changes(edition, coordinator, sound_plan):
    edition.introduction = "Ievads"
    edition.save()
    issued = edition_issue(edition=edition, user=coordinator)
    pdf_before = pdf_text(edition_pdf(issued))
    cells_before = workbook_values(edition_workbook(issued))
    goal = StrategicGoal.objects.get(plan=sound_plan)
    goal.text = "Pilnīgi cits mērķis pēc izdošanas"
    goal.save()
    PolicyDocumentFactory(plan=sound_plan, title="Jauns likums pēc izdošanas")
    issued.refresh_from_db()
    pdf_after = pdf_text(edition_pdf(issued))
    cells_after = workbook_values(edition_workbook(issued))
    assert "Līdz 2027. gadam divi jauni sociālie uzņēmumi" in pdf_before
    assert pdf_after == pdf_before
    assert cells_after == cells_before
    assert "Pilnīgi cits mērķis" not in pdf_after


def test_issued_edition_is_read_only(client, edition, coordinator, zemgale):
    issued = edition_issue(edition=edition, user=coordinator)
    with pytest.raises(EditionIssued):
        save(issued, coordinator, page_state(issued), conclusions="Vēlāk")
    with pytest.raises(EditionIssued):
        edition_issue(edition=issued, user=coordinator)
    client.force_login(coordinator)
    url = reverse("worksheets:edition_edit", args=[zemgale.slug, issued.pk])
    response = client.post(url, edit_post(issued, conclusions="Vēlāk"))
    assert response.status_code == 302
    issued.refresh_from_db()
    assert (issued.conclusions, issued.issuer, issued.issued_by) == (
        "",
        zemgale.coordinator_body or zemgale.name,
        coordinator,
    )


def test_issue_page_confirms_then_issues(client, edition, coordinator, zemgale):
    client.force_login(coordinator)
    url = reverse("worksheets:edition_issue", args=[zemgale.slug, edition.pk])
    assert client.get(url).status_code == 200
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT
    assert client.post(url).status_code == 302
    edition.refresh_from_db()
    assert edition.status == EditionStatus.ISSUED
    assert edition.snapshot["sections"][0]["number"] == 1


def test_draft_pdf_is_marked_draft_and_issued_names_the_institution(edition, coordinator, zemgale):
    with translation.override("en"):
        draft_text = pdf_text(edition_pdf(edition))
        issued = edition_issue(edition=edition, user=coordinator)
        text = pdf_text(edition_pdf(issued))
    assert draft_text.startswith("DRAFT\n") and "\nDraft\n" in draft_text
    assert text.startswith("Zemgales plānošanas reģions\n")  # no DRAFT mark
    with translation.override("en"):
        issued_on = date_format(timezone.localtime(issued.issued_at), "SHORT_DATE_FORMAT")
    assert f"\nIssued {issued_on}\nYear 2026\nIssued by {zemgale.coordinator_body or zemgale.name}\n" in text
    assert coordinator.username not in text


# --- who may ---------------------------------------------------------------------------------------------------

COORDINATOR_URLS = [
    "worksheets:edition_detail",
    "worksheets:edition_edit",
    "worksheets:edition_issue",
    "worksheets:edition_history",
    "worksheets:edition_pdf",
    "worksheets:edition_xlsx",
]


@pytest.mark.parametrize("name", COORDINATOR_URLS)
def test_edition_pages_refuse_outsiders_viewers_and_other_regions(
    client, edition, zemgale, viewer, other_coordinator, name
):
    url = reverse(name, args=[zemgale.slug, edition.pk])
    outsider = UserFactory(username="svesais")
    for user, status in ((outsider, 404), (other_coordinator, 404), (viewer, 403)):
        client.force_login(user)
        assert (user.username, client.get(url).status_code) == (user.username, status)
        assert client.post(url, {}).status_code in (status, 405)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT


def test_edition_list_refuses_outsiders_and_viewers(client, zemgale, viewer, other_coordinator):
    url = reverse("worksheets:edition_list", args=[zemgale.slug])
    for user, status in ((UserFactory(username="svesais"), 404), (other_coordinator, 404), (viewer, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.post(url, {"year": 2030, "title": "x"}).status_code == status
    assert RegionalReviewEdition.objects.count() == 0


def test_public_sees_issued_editions_only(client, edition, coordinator, zemgale):
    draft_page = reverse("public:edition", args=[zemgale.slug, edition.pk])
    draft_pdf = reverse("public:edition_pdf", args=[zemgale.slug, edition.pk])
    assert (client.get(draft_page).status_code, client.get(draft_pdf).status_code) == (404, 404)
    assert edition.title not in client.get(reverse("public:region", args=[zemgale.slug])).content.decode()
    edition.conclusions = "Publiskie secinājumi"
    edition.save()
    edition_issue(edition=edition, user=coordinator)
    region_page = client.get(reverse("public:region", args=[zemgale.slug])).content.decode()
    assert draft_page in region_page and draft_pdf in region_page
    page = client.get(draft_page)
    assert page.status_code == 200
    assert "Publiskie secinājumi" in page.content.decode()
    assert coordinator.username not in page.content.decode()
    assert client.get(draft_pdf)["Content-Type"] == "application/pdf"


def test_findings_pair_as_two_columns(edition):
    ReviewFinding.objects.create(edition=edition, kind=FindingKind.STRENGTH, position=1, text="Aktīvs SU sektors")
    ReviewFinding.objects.create(edition=edition, kind=FindingKind.CHALLENGE, position=2, text="Zema informētība")
    ReviewFinding.objects.create(
        edition=edition, kind=FindingKind.CHALLENGE, position=3, text="Normatīvie ierobežojumi"
    )
    document = edition_document(edition)
    assert [(str(a), str(b)) for a, b in document.findings] == [
        ("<p>Aktīvs SU sektors</p>", "<p>Zema informētība</p>"),
        ("", "<p>Normatīvie ierobežojumi</p>"),
    ]
