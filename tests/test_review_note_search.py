"""Leaving text out of the regional review beyond the suggested working notes, on the six seed plans: a plan being
revised is reviewed as its published version and the texts left out stay out of it; the coordinator finds any text in
the region's plans (as a reader of Latvian would: "altum" finds "ALTUM", "visticamak" finds "visticamāk") and leaves
out a whole cell or one of its lines; who may, what bad input gets, and that the page's queries do not grow with the
number of plans."""

import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from municipalities.models import Municipality, Region
from tests.factories import coordinator_of, editor_of
from worksheets.models import Activity, PolicyDocument, ReviewExclusion, Task
from worksheets.regional.comparisons import plan_columns, region_plans
from worksheets.regional.excel import review_workbook
from worksheets.regional.review import regional_review
from worksheets.regional.working_notes import MAX_LEFT_OUT, ReviewCell, find_in_cells, review_cells, without_notes
from worksheets.review.lifecycle import plan_transition
from worksheets.views.exclusions import FOUND_PER_PAGE, MAX_FOUND

pytestmark = pytest.mark.django_db

PAR_CIK = "??? Par cik???"
# The Jēkabpils document whose third line ends in the note "visticamāk?" (worksheet 1, row 11)
SPACE_FOR_ENTERPRISES = "Telpu pieejamība uzņēmējiem"
FREE_USE_LINE = (
    "• pašvaldība var nodot bezatlīdzības lietošanā un/vai īpašumā mantu uzņēmumam ar sociālā uzņēmuma statusu, ņemot "
    "vērā Publiskas personas  finanšu līdzekļu un mantas izšķērdēšanas novēršanas likuma 5. panta otro apakšpunktu- "
    "visticamāk?"
)


@pytest.fixture(autouse=True)
def keep_language():
    """The test client's requests in English leave English active: the tests that follow read the default again."""
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def region(seed_plans):
    return Region.objects.get(slug="zemgale")


@pytest.fixture
def coordinator(client, region):
    user = coordinator_of(region, user__first_name="Ilze", user__last_name="Koordinatore")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


@pytest.fixture
def par_cik(seed_plans):
    """The Jelgavas novads task that ends in the note "??? Par cik???"."""
    return Task.objects.get(text__endswith=PAR_CIK)


def review_texts(region) -> list[str]:
    """Every text of the review's Excel workbook (what its download holds)."""
    review = regional_review(region, region_plans(region, published_only=False))
    buffer = io.BytesIO()
    review_workbook(review).save(buffer)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    return [str(v) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]


def in_review(region, text: str) -> int:
    """In how many texts of the review ``text`` stands."""
    return sum(text in t for t in review_texts(region))


def leave_out(client, region, *, plan, table, row, field, text, **extra):
    data = {"plan": plan, "table": table, "row": row, "field": field, "text": text, **extra}
    return client.post(reverse("worksheets:review_note_leave_out", args=[region.slug]), data)


def notes_url(region, **query) -> str:
    url = reverse("worksheets:review_notes", args=[region.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def reopen(plan, coordinator):
    plan_transition(plan=plan, action="reopen", user=coordinator, comment="Jāprecizē 2027. gada aktivitātes.")
    plan.refresh_from_db()
    return plan


# --- a plan being revised is reviewed as its published version ---------------------------------------------------


def test_a_note_left_out_stays_out_of_the_published_version_while_the_plan_is_revised(
    client, region, coordinator, par_cik
):
    response = leave_out(
        client, region, plan=par_cik.plan_id, table="tasks", row=par_cik.pk, field="text", text=PAR_CIK
    )
    assert response.status_code == 302
    assert in_review(region, "Par cik") == 0

    plan = reopen(par_cik.plan, coordinator)
    Task.objects.filter(pk=par_cik.pk).update(text="Pārskatīts uzdevums")  # the draft: the review does not read it
    assert plan.in_revision
    column = next(c for c in plan_columns(region_plans(region, published_only=False)) if c.plan_id == plan.pk)
    assert column.content is not None  # the review reads the published version
    assert in_review(region, "Pārskatīts uzdevums") == 0
    assert in_review(region, "Par cik") == 0  # ... and leaves the note out of it
    assert in_review(region, "3.1 Realizēt grantu programmu jauniem un esošiem sociālajiem uzņēmumiem") == 1

    exclusion = ReviewExclusion.objects.get()
    put_back = reverse("worksheets:review_note_put_back", args=[region.slug, exclusion.pk])
    assert client.post(put_back).status_code == 302
    assert in_review(region, PAR_CIK) == 1  # from the published version: the draft no longer has it


def test_a_note_only_the_published_version_holds_is_suggested_and_may_be_left_out(client, region, coordinator, par_cik):
    reopen(par_cik.plan, coordinator)
    Task.objects.filter(pk=par_cik.pk).update(text="Pārskatīts uzdevums")
    page = client.get(notes_url(region)).content.decode()
    assert page.count(f'name="text" value="{PAR_CIK}"') == 1  # suggested from the version the review reads
    response = leave_out(
        client, region, plan=par_cik.plan_id, table="tasks", row=par_cik.pk, field="text", text=PAR_CIK
    )
    assert response.status_code == 302
    assert in_review(region, "Par cik") == 0
    # a text of the draft only is not in the review: nothing to leave out
    response = leave_out(
        client, region, plan=par_cik.plan_id, table="tasks", row=par_cik.pk, field="text", text="Pārskatīts"
    )
    assert response.status_code == 400
    assert ReviewExclusion.objects.count() == 1


# --- finding text ------------------------------------------------------------------------------------------------


def test_finding_text_follows_the_latvian_collation(seed_plans):
    columns = plan_columns(seed_plans)
    cells = list(review_cells(columns))
    languages = {c.plan_id: c.language for c in columns}
    slugs = {p.pk: p.municipality.slug for p in seed_plans}

    found = find_in_cells(cells, "visticamak", languages, 10)
    assert [(slugs[f.cell.plan_id], f.cell.table, f.cell.number, f.cell.field) for f in found] == [
        ("jekabpils-novads", "documents", "11", "title")
    ]
    assert [line.text for line in found[0].lines] == [
        SPACE_FOR_ENTERPRISES,
        "• Ikviens uzņēmējs ir tiesīgs izmantot JNP telpas uzņēmējiem (Kopstrādes telpas Jēkabpilī un JNP "
        "pārstāvniecības telpas Rīgā)",
        FREE_USE_LINE,
    ]
    assert [line.has_match for line in found[0].lines] == [False, False, True]
    assert found[0].lines[2].parts[-2:] == (("visticamāk", True), ("?", False))

    found = find_in_cells(cells, "altum", languages, 100)
    assert [(slugs[f.cell.plan_id], f.cell.table, f.cell.number, f.cell.field) for f in found] == [
        ("aizkraukles-novads", "documents", "8", "title"),
        ("bauskas-novads", "documents", "8", "title"),
        ("jelgavas-novads", "documents", "12", "title"),
        ("jelgavas-valstspilseta", "data", "6", "source"),
        ("bauskas-novads", "resources", "9", "description"),
        ("bauskas-novads", "tasks", "1.3", "text"),
        ("bauskas-novads", "activities", "5", "description"),
        ("bauskas-novads", "activities", "5", "involved_parties"),
        ("jekabpils-novads", "activities", "2", "funding_source"),
        ("jekabpils-novads", "activities", "5", "funding_source"),
        ("jekabpils-novads", "activities", "10", "involved_parties"),
        ("jelgavas-novads", "activities", "3", "funding_source"),
    ]
    marked = [text for f in found for line in f.lines for text, is_match in line.parts if is_match]
    assert marked == ["ALTUM"] * 3 + ["Altum"] + ["ALTUM"] * 5 + ["Altum"] * 2 + ["ALTUM"]  # as typed
    assert [text for f in found[9:10] for line in f.lines for text, _m in line.parts] == [
        "Pašvaldības budžets, ES fondu līdzekļi, ZPR, ",
        "Altum",
        "?",
    ]
    assert len(find_in_cells(cells, "altum", languages, 3)) == 3  # at most the limit
    assert (
        len(find_in_cells(cells, "vecaki", languages, 100)) == len(find_in_cells(cells, "Vecāki", languages, 100)) == 6
    )
    # č, ņ are letters of their own in Latvian: "c", "n" do not find them
    assert len(find_in_cells(cells, "KOMPETENČU", languages, 100)) == 31
    assert find_in_cells(cells, "kompetencu", languages, 100) == []
    assert find_in_cells(cells, "uznemeji", languages, 100) == []
    with pytest.raises(ValueError):
        find_in_cells(cells, "", languages, 10)


def test_the_page_lists_the_cells_found_with_the_match_highlighted(client, region, coordinator):
    response = client.get(notes_url(region, q="visticamak"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 cell contains this text." in page
    assert "Worksheet 1, row 11: Document or programme" in page
    assert '<mark class="p-0">visticamāk</mark>?' in page
    # a cell of three lines: the whole cell, or the line found, may be left out
    assert page.count('name="text" value=""') == 1
    assert page.count(f'name="text" value="{FREE_USE_LINE}"') == 1
    assert '<input type="search" name="q" id="id_q" value="visticamak"' in page
    # each button's way back to the search: the 9 suggested notes' and the 2 of the cell found
    assert page.count('<input type="hidden" name="q" value="visticamak">') == 9 + 2


def test_leaving_out_one_line_of_a_cell_found(client, region, coordinator):
    document = PolicyDocument.objects.get(title__startswith=SPACE_FOR_ENTERPRISES)
    assert in_review(region, "bezatlīdzības lietošanā") == 1
    response = leave_out(
        client,
        region,
        plan=document.plan_id,
        table="documents",
        row=document.pk,
        field="title",
        text=FREE_USE_LINE,
        q="visticamak",
        page="1",
    )
    assert response.status_code == 302
    assert response["Location"] == notes_url(region, q="visticamak", page=1) + "#found"
    assert in_review(region, "bezatlīdzības lietošanā") == 0
    assert in_review(region, "Ikviens uzņēmējs ir tiesīgs izmantot JNP telpas") == 1  # the other lines stay
    assert without_notes(document.title, [FREE_USE_LINE]) == (
        f"{SPACE_FOR_ENTERPRISES}\n• Ikviens uzņēmējs ir tiesīgs izmantot JNP telpas uzņēmējiem (Kopstrādes telpas "
        "Jēkabpilī un JNP pārstāvniecības telpas Rīgā)"
    )
    page = client.get(notes_url(region, q="visticamak")).content.decode()
    assert page.count("Left out (Ilze Koordinatore,") == 2  # in the notes left out, and at the line found
    assert f'name="text" value="{FREE_USE_LINE}"' not in page


def test_leaving_out_a_whole_cell_found(client, region, coordinator):
    activity = Activity.objects.get(funding_source="ES fondu projekti, pašvaldība, ALTUM")
    with translation.override("en"):
        review = regional_review(region, region_plans(region, published_only=False))
    funding = next(t for s in review.sections for t in s.tables if t.title == "Funding sources")
    altum = next(row for row in funding.rows if str(row[0]).casefold() == "altum")
    assert "Atvērt mentoringa programmu" in altum[2]  # the activity, as the funding table lists it

    response = leave_out(
        client, region, plan=activity.plan_id, table="activities", row=activity.pk, field="funding_source", text=""
    )
    assert response.status_code == 302
    with translation.override("en"):
        review = regional_review(region, region_plans(region, published_only=False))
    funding = next(t for s in review.sections for t in s.tables if t.title == "Funding sources")
    assert all("Atvērt mentoringa programmu" not in str(row[2]) for row in funding.rows)
    assert review.sections[0].tables[0].note == (
        "1 working note of the officers is left out of this review (marked by the coordinator)."
    )
    page = client.get(notes_url(region, q="ES fondu projekti, pašvaldība")).content.decode()
    assert "Put back into the review" in page
    assert "the whole cell" in page  # listed among the texts left out


def test_results_are_paginated_and_capped(client, region, coordinator):
    response = client.get(notes_url(region, q="un"))  # Latvian "and": in most cells
    page = response.content.decode()
    assert response.status_code == 200
    assert f"More than {MAX_FOUND} cells contain this text: only the first {MAX_FOUND} are listed." in page
    found_rows = re.search(r'id="found-caption".*?</table>', page, re.S).group(0).count('<th scope="row">')
    assert found_rows == FOUND_PER_PAGE
    assert f"Cells found, page 1 of {MAX_FOUND // FOUND_PER_PAGE}" in page
    response = client.get(notes_url(region, q="un", page=MAX_FOUND // FOUND_PER_PAGE))
    assert response.status_code == 200
    assert f"Cells found, page {MAX_FOUND // FOUND_PER_PAGE} of {MAX_FOUND // FOUND_PER_PAGE}" in (
        response.content.decode()
    )
    response = client.get(notes_url(region, q="nekas tāds neatrodas"))
    assert response.status_code == 200
    assert "0 cells contain this text." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"q": "a"}, "Type at least 2 characters to search."),
        ({"q": "  "}, "Type at least 2 characters to search."),
        ({"q": "x" * 101}, "Search for at most 100 characters."),
        ({"q": "un", "page": "11"}, "There is no such page of results."),
        ({"q": "un", "page": "x"}, "There is no such page of results."),
        ({"q": "altum", "page": "0"}, "There is no such page of results."),
    ],
)
def test_bad_searches_are_refused_with_a_message(client, region, coordinator, query, message):
    response = client.get(notes_url(region, **query))
    assert response.status_code == 400
    assert f'<div class="alert alert-danger" role="alert">{message}</div>' in response.content.decode()


def test_bad_texts_to_leave_out_are_refused(client, region, coordinator):
    document = PolicyDocument.objects.get(title__startswith=SPACE_FOR_ENTERPRISES)
    base = {"plan": document.plan_id, "table": "documents", "row": document.pk, "field": "title"}
    assert leave_out(client, region, **base, text="x" * (MAX_LEFT_OUT + 1)).status_code == 400
    assert leave_out(client, region, **base, text="Telpu pieejamība • Ikviens").status_code == 400  # not in the cell
    assert leave_out(client, region, **{**base, "field": "category"}, text="").status_code == 400
    assert leave_out(client, region, **{**base, "row": 999999}, text="").status_code == 404
    assert ReviewExclusion.objects.count() == 0


def test_outsiders_may_not_search(client, region, seed_plans):
    url = notes_url(region, q="altum")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    other_region = Region.objects.exclude(pk=region.pk).first()
    client.force_login(coordinator_of(other_region))
    assert client.get(url).status_code == 404
    client.force_login(editor_of(seed_plans[0].municipality))
    assert client.get(url).status_code == 403


def test_the_page_runs_as_many_queries_for_three_plans_as_for_six(client, region, coordinator, par_cik):
    reopen(par_cik.plan, coordinator)  # one plan read as its published version

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(notes_url(region, q="altum")).status_code == 200
        return len(captured)

    six = queries()
    other_region = Region.objects.exclude(pk=region.pk).first()
    moved = ["aizkraukles-novads", "bauskas-novads", "dobeles-novads"]
    Municipality.objects.filter(slug__in=moved).update(region=other_region)
    assert len(region_plans(region, published_only=False)) == 3
    assert queries() == six


def test_matches_are_placed_right_after_characters_beyond_the_basic_plane():
    cell = ReviewCell(1, "activities", 1, "1", "funding_source", "🙂 Pašvaldības budžets\n🙂🙂 ALTUM, ZPR")
    (found,) = find_in_cells([cell], "altum", {1: "lv"}, 10)
    assert [line.parts for line in found.lines] == [
        (("🙂 Pašvaldības budžets", False),),
        (("🙂🙂 ", False), ("ALTUM", True), (", ZPR", False)),
    ]
    assert [line.text for line in found.lines if line.has_match] == ["🙂🙂 ALTUM, ZPR"]
