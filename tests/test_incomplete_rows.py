"""Rows stored without their required text (the template's example rows three of the six real plans kept, in
``fixtures/plans``): saved and imported back unchanged, reported by the plan quality checks; a new row without the
text, or a row whose text is emptied, is still refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from seimpact.lib.excel import workbook_bytes
from tests.factories import editor_of
from worksheets.completeness import plan_problems, rows_lacking_required
from worksheets.editing import services
from worksheets.editing.page_data import existing_rows, post_data
from worksheets.exports.excel import ID_HEADER, plan_workbook, table_code
from worksheets.exports.excel_import import ImportRefused, read_plan_workbook
from worksheets.models import Activity, Cooperation, DataSource, Risk, RiskLevel
from worksheets.numbering import Numbering
from worksheets.registry import ALL_TABLES, get_worksheet, table_for_model

pytestmark = pytest.mark.django_db

# The rows of the seed plans that hold their required column empty, as the plans' documents have them:
# {municipality: [(worksheet, row number, column), …]}.
EMPTY_REQUIRED = {
    "aizkraukles-novads": [],
    "bauskas-novads": [],
    "dobeles-novads": [(7, "1", "description"), (7, "3", "description")],
    "jekabpils-novads": [(3, "10", "data_type"), (3, "11", "data_type")],
    "jelgavas-novads": [(2, "1", "organisation"), (2, "3", "organisation"), (2, "4", "organisation")],
    "jelgavas-valstspilseta": [],
}


def seed_plan(seed_plans, slug):
    return next(plan for plan in seed_plans if plan.municipality.slug == slug)


def copy_of(plan):
    """A copy of ``plan`` into the next period, by an editor of its municipality, as the new-plan form makes it."""
    editor = editor_of(plan.municipality)
    new = services.plan_create(
        user=editor,
        municipality=plan.municipality,
        period_start=plan.period_end + 1,
        period_end=plan.period_end + 2,
        title=plan.title,
        copy_from=plan,
        worksheets=list(range(1, 12)),
    )
    return new, editor


def preview_of(plan, workbook):
    return read_plan_workbook(plan, SimpleUploadedFile("plāns.xlsx", workbook_bytes(workbook)))


def sheet_of(workbook, model):
    worksheet, table = table_for_model(model)
    code = table_code(worksheet, table)
    return workbook[next(name for name in workbook.sheetnames if name.split(" ", 1)[0] == code)]


def cooperation_rows(plan):
    return list(Cooperation.objects.filter(plan=plan).order_by("position", "pk"))


@pytest.mark.parametrize("slug", sorted(EMPTY_REQUIRED))
def test_the_quality_checks_name_every_row_that_lacks_its_required_text(seed_plans, slug):
    plan = seed_plan(seed_plans, slug)
    numbering = Numbering(plan)
    found = []
    for worksheet, table, pk, columns in rows_lacking_required(plan):
        found += [(worksheet.number, numbering.numbers(table)[pk], column.name) for column in columns]
    assert sorted(found) == sorted(EMPTY_REQUIRED[slug])
    problems = [p for p in plan_problems(plan) if "obligātā kolonna" in p.message]
    assert len(problems) == len(EMPTY_REQUIRED[slug])
    for problem, (number, row, column) in zip(problems, EMPTY_REQUIRED[slug], strict=True):
        _worksheet, table = next((w, t) for w, t in ALL_TABLES if w.number == number and t.column(column))
        label = table.column(column).label
        assert problem.worksheet.number == number
        assert problem.message == (
            f"{row}. rinda: nav aizpildīta obligātā kolonna (“{label}”). Aizpildiet to vai dzēsiet rindu."
        )
        assert problem.anchor.startswith(f"row-{table.key}-")


def test_a_problem_in_a_worksheet_of_two_tables_names_the_table(seed_plans):
    plan = seed_plan(seed_plans, "aizkraukles-novads")
    worksheet = get_worksheet(9)
    checklist = worksheet.tables[0]
    item = checklist.model.objects.create(plan=plan, text="", position=99)
    numbers = [str(i) for i in range(1, checklist.model.objects.filter(plan=plan).count() + 1)]
    problems = [p for p in plan_problems(plan) if p.anchor == f"row-{checklist.key}-{item.pk}"]
    assert [p.message for p in problems] == [
        f"{checklist.title}, {numbers[-1]}. rinda: nav aizpildīta obligātā kolonna (“{checklist.column('text').label}”)."
        " Aizpildiet to vai dzēsiet rindu."
    ]


@pytest.mark.parametrize("slug", sorted(EMPTY_REQUIRED))
def test_the_unchanged_export_of_every_seed_plan_imports_as_no_changes(seed_plans, slug):
    plan = seed_plan(seed_plans, slug)
    preview = preview_of(plan, plan_workbook(plan))
    assert not preview.has_changes
    assert preview.total == (0, 0, 0)


@pytest.mark.parametrize("slug", ["dobeles-novads", "jekabpils-novads", "jelgavas-novads"])
def test_the_unchanged_export_of_a_copy_imports_as_no_changes(seed_plans, slug):
    new, _editor = copy_of(seed_plan(seed_plans, slug))
    assert len(rows_lacking_required(new)) == len(EMPTY_REQUIRED[slug])
    assert not preview_of(new, plan_workbook(new)).has_changes


def test_saving_worksheet_2_of_a_copy_changes_the_other_cell_and_keeps_the_rows_without_organisation(
    client, seed_plans
):
    new, editor = copy_of(seed_plan(seed_plans, "jelgavas-novads"))
    client.force_login(editor)
    rows = existing_rows(new, table_for_model(Cooperation)[1])
    assert [row["organisation"] for row in rows][:4] == ["", rows[1]["organisation"], "", ""]
    rows[1]["result"] = "Kopīgs projekts 2028. gadā"
    response = client.post(reverse("worksheets:worksheet", args=[new.pk, 2]), post_data(new, 2, {"cooperation": rows}))
    assert response.status_code == 302, response.context and response.context["editor"].formsets[0].errors
    stored = cooperation_rows(new)
    assert stored[1].result == "Kopīgs projekts 2028. gadā"
    assert [row.organisation for row in stored[:4]] == ["", stored[1].organisation, "", ""]
    assert stored[1].organisation  # the row that had its text keeps it


def test_a_row_without_organisation_may_get_one(client, seed_plans):
    new, editor = copy_of(seed_plan(seed_plans, "jelgavas-novads"))
    client.force_login(editor)
    rows = existing_rows(new, table_for_model(Cooperation)[1])
    rows[0]["organisation"] = "Biedrība „Zemgales NVO centrs”"
    response = client.post(reverse("worksheets:worksheet", args=[new.pk, 2]), post_data(new, 2, {"cooperation": rows}))
    assert response.status_code == 302
    assert cooperation_rows(new)[0].organisation == "Biedrība „Zemgales NVO centrs”"


def refused_save(client, plan, rows):
    before = [(row.pk, row.organisation, row.result) for row in cooperation_rows(plan)]
    response = client.post(
        reverse("worksheets:worksheet", args=[plan.pk, 2]), post_data(plan, 2, {"cooperation": rows})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Šis lauks ir nepieciešams." in body
    assert [(row.pk, row.organisation, row.result) for row in cooperation_rows(plan)] == before
    return response


def test_a_new_row_without_organisation_is_refused(client, seed_plans):
    new, editor = copy_of(seed_plan(seed_plans, "jelgavas-novads"))
    client.force_login(editor)
    rows = existing_rows(new, table_for_model(Cooperation)[1])
    rows.append({"organisation": "", "cooperation_type": "Sadarbības līgums", "result": "Kopīgi pasākumi"})
    response = refused_save(client, new, rows)
    errors = response.context["editor"].formsets[0].forms[-1].errors
    assert list(errors) == ["organisation"]


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_emptying_a_filled_organisation_is_refused(client, seed_plans, text):
    new, editor = copy_of(seed_plan(seed_plans, "jelgavas-novads"))
    client.force_login(editor)
    rows = existing_rows(new, table_for_model(Cooperation)[1])
    assert rows[1]["organisation"]
    rows[1]["organisation"] = text
    response = refused_save(client, new, rows)
    forms = response.context["editor"].formsets[0].forms
    assert [index for index, form in enumerate(forms) if form.errors] == [1]


def test_a_stored_activity_without_its_text_saves_its_other_columns(client, seed_plans):
    """Dobele's ws 7 rows 1 and 3: the activity text is empty; their timeline can still be changed."""
    new, editor = copy_of(seed_plan(seed_plans, "dobeles-novads"))
    client.force_login(editor)
    table = table_for_model(Activity)[1]
    rows = existing_rows(new, table)
    assert rows[0]["description"] == "" and rows[2]["description"] == ""
    rows[2]["timeline"] = "2029. gada otrā puse"
    response = client.post(reverse("worksheets:worksheet", args=[new.pk, 7]), post_data(new, 7, {table.key: rows}))
    assert response.status_code == 302
    third = Activity.objects.filter(plan=new).order_by("position", "pk")[2]
    assert (third.description, third.timeline) == ("", "2029. gada otrā puse")


def import_refusal(plan, workbook) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        preview_of(plan, workbook)
    return list(refused.value.errors)


def test_the_import_adds_no_row_without_its_required_text(seed_plans):
    plan = seed_plan(seed_plans, "jekabpils-novads")
    workbook = load_workbook(io.BytesIO(workbook_bytes(plan_workbook(plan))))
    sheet = sheet_of(workbook, DataSource)
    line = sheet.max_row + 1
    sheet.cell(line, 1, "99")
    sheet.cell(line, 3, "Valsts ieņēmumu dienests")  # the source, without the data type
    messages = import_refusal(plan, workbook)
    assert any(f", {line}. rinda, kolonna B" in message for message in messages), messages
    assert len(messages) == 1, messages


def test_the_import_does_not_empty_a_filled_required_text(seed_plans):
    plan = seed_plan(seed_plans, "jekabpils-novads")
    workbook = load_workbook(io.BytesIO(workbook_bytes(plan_workbook(plan))))
    sheet = sheet_of(workbook, DataSource)
    assert sheet.cell(2, 2).value
    sheet.cell(2, 2).value = None
    messages = import_refusal(plan, workbook)
    assert len(messages) == 1 and ", 2. rinda, kolonna B" in messages[0], messages


def test_the_import_fills_a_row_that_lacked_its_text_and_keeps_the_other(seed_plans):
    plan = seed_plan(seed_plans, "jekabpils-novads")
    workbook = load_workbook(io.BytesIO(workbook_bytes(plan_workbook(plan))))
    sheet = sheet_of(workbook, DataSource)
    header = [cell.value for cell in sheet[1]]
    lacking = {
        line: sheet.cell(line, header.index(ID_HEADER) + 1).value
        for line in range(2, sheet.max_row + 1)
        if not sheet.cell(line, 2).value
    }
    assert len(lacking) == 2
    first = min(lacking)
    sheet.cell(first, 2).value = "Bezdarbnieku skaits"
    preview = preview_of(plan, workbook)
    assert preview.total == (0, 1, 0)
    [(row, _diff)] = next(t for t in preview.tables if t.table.model is DataSource).changed
    assert row.pk == int(lacking[first])


PREVENTION = "Vidēja vai augsta riska gadījumā jānorāda preventīvie pasākumi."


def save_risks(client, plan, rows):
    table = table_for_model(Risk)[1]
    return client.post(reverse("worksheets:worksheet", args=[plan.pk, 10]), post_data(plan, 10, {table.key: rows}))


def stored_risks(plan):
    return list(Risk.objects.filter(plan=plan).order_by("position", "pk").values_list("level", "preventive_measures"))


def test_a_stored_high_risk_without_preventive_measures_does_not_block_the_worksheet(client, seed_plans):
    """Dobele's ws 10 row 3: a high risk without preventive measures. Another row's change saves; the row may even
    change its level and keep the measures empty; the quality checks still report it."""
    new, editor = copy_of(seed_plan(seed_plans, "dobeles-novads"))
    client.force_login(editor)
    rows = existing_rows(new, table_for_model(Risk)[1])
    assert (rows[2]["level"], rows[2]["preventive_measures"]) == (RiskLevel.HIGH, "")
    rows[0]["impact"] = "Mazāk sociālo uzņēmumu"
    rows[2]["level"] = RiskLevel.MEDIUM
    assert save_risks(client, new, rows).status_code == 302
    risks = Risk.objects.filter(plan=new).order_by("position", "pk")
    assert risks[0].impact == "Mazāk sociālo uzņēmumu"
    assert (risks[2].level, risks[2].preventive_measures) == (RiskLevel.MEDIUM, "")
    assert any(p.anchor == f"row-risks-{risks[2].pk}" for p in plan_problems(new))


@pytest.mark.parametrize("case", ["emptied", "new"])
def test_a_risk_without_preventive_measures_it_did_not_have_is_refused(client, seed_plans, case):
    new, editor = copy_of(seed_plan(seed_plans, "dobeles-novads"))
    client.force_login(editor)
    rows = existing_rows(new, table_for_model(Risk)[1])
    if case == "emptied":
        rows[0]["preventive_measures"] = ""  # a medium risk that had them
    else:
        rows.append({"factor": "Telpu trūkums", "level": RiskLevel.HIGH, "preventive_measures": ""})
    before = stored_risks(new)
    response = save_risks(client, new, rows)
    assert response.status_code == 200
    assert PREVENTION in response.content.decode()
    assert stored_risks(new) == before
