"""The regional review's evidence tables on the six seed plans (worksheet-1 references, goals with their tasks, the
risk summary) and the coordinator's leaving working notes out of the review: what is suggested, what the review then
prints, who may do it and what a bad request gets."""

import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from municipalities.models import Region
from tests.factories import coordinator_of, editor_of
from worksheets.models import ActionPlan, Activity, ReviewExclusion, Task
from worksheets.regional import evidence
from worksheets.regional.comparisons import plan_columns, region_plans
from worksheets.regional.excel import review_workbook
from worksheets.regional.review import regional_review, review_pdf
from worksheets.regional.working_notes import notes_in, review_cells, suggested_notes, without_notes

pytestmark = pytest.mark.django_db


def save_workbook(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def region(seed_plans):
    return Region.objects.get(slug="zemgale")


@pytest.fixture
def reviewed(region):
    """The review's plans and their columns, as ``regional_review`` sees them."""
    plans = region_plans(region, published_only=False)
    return plan_columns(plans), plans


def rows_of(table, municipality: str) -> list[list]:
    return [row for row in table.rows if row[0] == municipality]


# --- evidence tables ----------------------------------------------------------------------------------------------


def test_policy_references_list_the_sections_the_plans_refer_to(reviewed):
    table = evidence.policy_references(*reviewed)
    assert rows_of(table, "Jelgavas novads") == [
        [
            "Jelgavas novads",
            '2022. gada 26. janvāra Jelgavas novada pašvaldības saistošie noteikumi Nr. 4 " Par nekustamā īpašuma '
            'nodokļa atvieglojumiem Jelgavas novadā "',
            "18. punkts.",
        ],
        [
            "Jelgavas novads",
            '2022. gada 28. septembra Jelgavas novada pašvaldības saistošie noteikumi Nr. 31 "Par pašvaldības nodevām '
            'Jelgavas novadā"',
            "11.3. un 11.3 3. punkti.",
        ],
    ]
    counts = {name: len(rows_of(table, name)) for name, *_rest in table.rows}
    assert counts == {"Aizkraukles novads": 2, "Bauskas novads": 1, "Jelgavas novads": 2, "Jelgavas valstspilsēta": 3}
    assert table.rows[0][2].startswith("R 2.1.3. Veicināt sociālo pakalpojumu sinerģiju ar citiem pakalpojumiem")


def test_goals_and_tasks_number_the_tasks_under_their_goals(reviewed):
    table = evidence.goals_and_tasks(*reviewed)
    jelgava = rows_of(table, "Jelgavas novads")
    assert len(jelgava) == 9
    assert jelgava[1] == [
        "Jelgavas novads",
        "2. Attīstīt infrastruktūru atbilstoši uzņēmējdarbības vajadzībām",
        "2.1 Attīstīt jaunas un pilnveidot jau esošās uzņēmējdarbības teritorijas, nodrošinot tās ar uzņēmējiem "
        "nepieciešamo infrastruktūru",
    ]
    assert jelgava[6] == [
        "Jelgavas novads",
        "7. Stiprināt sabiedrības izpratni par sociālo uzņēmējdarbību Jelgavas novadā līdz 2027. gadam",
        "7.1 Līdz 2026. gada beigām izveidot informatīvu sadaļu pašvaldības mājaslapā par sociālo uzņēmējdarbību, "
        "iespēju finansējumam un piemēriem no novada.\n7.2 Rīkot ikgadēju sociālās inovācijas dienu vai konkursu "
        "skolās un kopienās.",
    ]
    per_plan = {name: len(rows_of(table, name)) for name, *_rest in table.rows}
    assert per_plan == {
        "Aizkraukles novads": 2,
        "Bauskas novads": 5,
        "Dobeles novads": 5,
        "Jēkabpils novads": 3,
        "Jelgavas novads": 9,
        "Jelgavas valstspilsēta": 1,
    }
    tasks = sum(len(row[2].splitlines()) for row in table.rows)
    assert tasks == 67  # every task of the six plans, under its goal (ws 6: 67 tasks, "The plans in figures")


def test_risk_summary_counts_the_plans_per_level(reviewed):
    table = evidence.risk_summary(*reviewed)
    counts = [row[:6] for row in table.rows]
    assert counts == [
        ["Finansējuma trūkums vai nestabilitāte", 6, 3, 2, 1, 0],
        ["Ierobežota sadarbība ar vietējiem uzņēmējiem un NVO", 6, 0, 5, 1, 0],
        ["Normatīvo aktu ierobežojumi", 6, 1, 4, 1, 0],
        ["Sabiedrības nepietiekama informētība un iesaiste", 6, 3, 3, 0, 0],
        ["Trūkst kapacitātes un ekspertīzes vietējā līmenī", 6, 2, 3, 1, 0],
    ]
    assert table.classes[0] == ["", "", "risk-high", "risk-medium", "risk-low"]
    assert table.classes[1] == ["", "", "", "risk-medium", "risk-low"]  # no plan rates it high: no colour
    with translation.override("lv"):
        table = evidence.risk_summary(*reviewed)
    assert table.rows[0][6] == (
        "augsts: Bauskas novads, Jēkabpils novads, Jelgavas novads\n"
        "vidējs: Dobeles novads, Jelgavas valstspilsēta\n"
        "zems: Aizkraukles novads"
    )


def test_review_holds_the_evidence_tables_in_their_sections(region):
    with translation.override("en"):
        review = regional_review(region, region_plans(region, published_only=False))
    titles = {section.number: [table.title for table in section.tables] for section in review.sections}
    assert "Sections of development documents the plans refer to" in titles[2]
    assert titles[4][0] == "Strategic goals"
    assert "Risk levels in the plans" in titles[5]
    headers = [table.header for section in review.sections for table in section.tables]
    assert not any("Named by" in header for header in headers)  # read as "Min" (minimum) in Latvian


# --- working notes ------------------------------------------------------------------------------------------------


def test_notes_in_finds_the_officers_notes_and_not_quoted_questions():
    assert notes_in("Pašvaldības budžets, ES fondu līdzekļi, ZPR, Altum?") == ["Altum?"]
    assert notes_in("Attīstības nodaļa (?)") == ["(?)"]
    assert notes_in("?") == ["?"]
    assert notes_in("palielināt sociālo uzņēmumu skaitu pašvaldībā ??? Par cik???") == ["??? Par cik???"]
    assert notes_in("5. panta otro apakšpunktu- visticamāk?") == ["visticamāk?"]
    assert notes_in("radošās darbnīcas “Kā attīstīt sociālo ideju?”") == []
    assert notes_in("Seminārs “Ķas ir sociālā inovācija?”") == []


def test_without_notes_leaves_no_separator_behind():
    assert without_notes("Pašvaldības budžets, ES fondu līdzekļi, ZPR, Altum?", ["Altum?"]) == (
        "Pašvaldības budžets, ES fondu līdzekļi, ZPR"
    )
    assert without_notes("Attīstības nodaļa (?)", ["(?)"]) == "Attīstības nodaļa"
    assert without_notes("LPS dokumentos? Nolikums par atbalstu", ["LPS dokumentos?"]) == "Nolikums par atbalstu"
    assert without_notes("• apakšpunktu- visticamāk?\n• otrs", ["visticamāk?"]) == "• apakšpunktu\n• otrs"
    assert without_notes("Altum, ZPR", [""]) == ""


def test_suggested_notes_on_the_seed_plans(seed_plans):
    slugs = {p.pk: p.municipality.slug for p in seed_plans}
    found = [
        (slugs[n.plan_id], n.table, n.field, n.text) for n in suggested_notes(review_cells(plan_columns(seed_plans)))
    ]
    assert found == [
        ("jekabpils-novads", "documents", "title", "LPS dokumentos?"),
        ("jekabpils-novads", "documents", "title", "visticamāk?"),
        ("jekabpils-novads", "data", "update_frequency", "??"),
        ("jelgavas-novads", "data", "source", "(?)"),
        ("jelgavas-novads", "data", "source", "(?)"),
        ("jelgavas-novads", "data", "source", "?"),
        ("jelgavas-novads", "data", "update_frequency", "?"),
        ("jelgavas-novads", "tasks", "text", "??? Par cik???"),
        ("jekabpils-novads", "activities", "funding_source", "Altum?"),
    ]


@pytest.fixture
def altum(seed_plans):
    """The Jēkabpils activity whose funding sources end in the note "Altum?"."""
    return Activity.objects.get(funding_source="Pašvaldības budžets, ES fondu līdzekļi, ZPR, Altum?")


@pytest.fixture
def par_cik(seed_plans):
    """The Jelgavas novads task that ends in the note "??? Par cik???"."""
    return Task.objects.get(text__endswith="??? Par cik???")


def leave_out(client, region, row, field="funding_source", text="Altum?", table="activities", **extra):
    data = {"plan": row.plan_id, "table": table, "row": row.pk, "field": field, "text": text}
    return client.post(reverse("worksheets:review_note_leave_out", args=[region.slug]), data, **extra)


def the_review(region):
    return regional_review(region, region_plans(region, published_only=False))


def review_texts(region) -> list[str]:
    """Every text of the review's Excel workbook (``review_workbook``, what its download holds)."""
    workbook = load_workbook(io.BytesIO(save_workbook(review_workbook(the_review(region)))))
    return [str(v) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]


def altum_activities(region) -> str:
    """The activities funded by ALTUM, in the review's funding table (however its rows spell it)."""
    with translation.override("en"):
        review = the_review(region)
    table = next(t for s in review.sections for t in s.tables if t.title == "Funding sources")
    return next(row[2] for row in table.rows if "altum" in str(row[0]).casefold())


def test_leaving_a_note_out_removes_it_from_the_review_and_putting_it_back_restores_it(client, region, par_cik):
    coordinator = coordinator_of(region)
    client.force_login(coordinator)
    assert sum("??? Par cik???" in text for text in review_texts(region)) == 1

    response = leave_out(client, region, par_cik, table="tasks", field="text", text="??? Par cik???")
    assert response.status_code == 302
    exclusion = ReviewExclusion.objects.get()
    assert (exclusion.table, exclusion.row_id, exclusion.field, exclusion.text) == (
        "tasks",
        par_cik.pk,
        "text",
        "??? Par cik???",
    )
    assert exclusion.created_by == coordinator
    assert exclusion.history.get().history_user == coordinator
    texts = review_texts(region)
    assert not any("Par cik" in text for text in texts)
    assert any(
        "3.1 Realizēt grantu programmu jauniem un esošiem sociālajiem uzņēmumiem 1x gadā, palielināt sociālo "
        "uzņēmumu skaitu pašvaldībā\n" in text + "\n"
        for text in texts
    )  # the rest of the task is printed
    with translation.override("en"):
        review = the_review(region)
    assert review.sections[0].tables[0].note == (
        "1 working note of the officers is left out of this review (marked by the coordinator)."
    )
    par_cik.refresh_from_db()
    assert par_cik.text.endswith("??? Par cik???")  # the plan keeps it as typed

    response = leave_out(client, region, par_cik, table="tasks", field="text", text="??? Par cik???")
    assert response.status_code == 302  # marking it again changes nothing
    assert ReviewExclusion.objects.count() == 1

    put_back = reverse("worksheets:review_note_put_back", args=[region.slug, exclusion.pk])
    assert client.post(put_back).status_code == 302
    assert ReviewExclusion.objects.count() == 0
    assert sum("??? Par cik???" in text for text in review_texts(region)) == 1


def test_leaving_altum_out_takes_the_activity_off_the_funding_source(client, region, altum):
    # Jēkabpils names ALTUM for two activities: "ALTUM" for one, the note "Altum?" for this one
    assert altum.description in altum_activities(region)
    client.force_login(coordinator_of(region))
    assert leave_out(client, region, altum).status_code == 302
    assert altum.description not in altum_activities(region)
    assert "Jēkabpils novads" in altum_activities(region)  # its other activity still counts


def test_a_note_left_out_is_not_in_the_review_pdf(region, par_cik):
    ReviewExclusion.objects.create(
        plan=par_cik.plan, table="tasks", row_id=par_cik.pk, field="text", text="??? Par cik???"
    )
    pdf = review_pdf(the_review(region))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Par cik" not in text
    assert "Realizēt grantu programmu" in text


def test_the_notes_page_lists_the_suggestions_and_marks_by_htmx(client, region, altum):
    client.force_login(coordinator_of(region))
    url = reverse("worksheets:review_notes", args=[region.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('name="text" value="Altum?"') == 1
    response = leave_out(client, region, altum, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.templates[0].name == "worksheets/regional/includes/review_notes_table.html"
    assert ReviewExclusion.objects.filter(text="Altum?").count() == 1


def test_outsiders_may_not_see_or_mark_notes(client, region, altum):
    other_region = Region.objects.exclude(pk=region.pk).first()
    url = reverse("worksheets:review_notes", args=[region.slug])
    response = client.get(url)
    assert response.status_code == 302  # anonymous: to the login page
    assert leave_out(client, region, altum).status_code == 302
    client.force_login(coordinator_of(other_region))  # another region's coordinator: the region is unknown to them
    assert client.get(url).status_code == 404
    assert leave_out(client, region, altum).status_code == 404
    client.force_login(editor_of(altum.plan.municipality))  # the municipality's own editor: not the coordinator
    assert client.get(url).status_code == 403
    assert leave_out(client, region, altum).status_code == 403
    exclusion = ReviewExclusion.objects.create(
        plan=altum.plan, table="activities", row_id=altum.pk, field="funding_source", text="Altum?"
    )
    put_back = reverse("worksheets:review_note_put_back", args=[region.slug, exclusion.pk])
    assert client.post(put_back).status_code == 403
    assert ReviewExclusion.objects.count() == 1


def test_bad_notes_are_refused_with_a_message(client, region, altum, seed_plans):
    client.force_login(coordinator_of(region))
    url = reverse("worksheets:review_note_leave_out", args=[region.slug])
    base = {"plan": altum.plan_id, "table": "activities", "row": altum.pk, "field": "funding_source", "text": "Altum?"}
    assert client.post(url, {**base, "row": "x"}).status_code == 400
    assert client.post(url, {**base, "table": "nope"}).status_code == 400
    assert client.post(url, {**base, "field": "status"}).status_code == 400  # not a text field
    response = client.post(url, {**base, "text": "not in the cell"})
    assert response.status_code == 400
    assert 'class="alert alert-danger" role="alert"' in response.content.decode()
    other_plan = next(p for p in seed_plans if p.pk != altum.plan_id)
    assert client.post(url, {**base, "plan": other_plan.pk}).status_code == 404  # the row is not of that plan
    assert client.post(url, {**base, "plan": 999999}).status_code == 404
    assert client.get(url).status_code == 405
    put_back = reverse("worksheets:review_note_put_back", args=[region.slug, 999999])
    assert client.post(put_back).status_code == 404
    assert ReviewExclusion.objects.count() == 0
    assert ActionPlan.objects.filter(pk=altum.plan_id).exists()
