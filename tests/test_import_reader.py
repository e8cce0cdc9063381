"""The Excel import's reader: what a cell shows, IDs, the worksheet's own validation, and the limits (issue 13,
cases 3–6)."""

import io
import re
import zipfile
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override
from openpyxl import Workbook, load_workbook

from seimpact.lib.excel import CELL_LIMIT, fit_cell, workbook_bytes
from worksheets.completeness import plan_problems
from worksheets.exports.excel import plan_workbook
from worksheets.exports.excel_import import (
    MAX_PART_BYTES,
    MAX_ROWS,
    ImportRefused,
    cell_text,
    is_cut_text,
    read_plan_workbook,
    shown_text,
)
from worksheets.models import Activity, DataSource, Indicator, MonitoringActivity, PolicyDocument, Risk, StrategicGoal

pytestmark = pytest.mark.django_db


def exported(client, plan):
    return load_workbook(io.BytesIO(client.get(reverse("worksheets:plan_xlsx", args=[plan.pk])).content))


def sheet(workbook, code):
    return workbook[next(n for n in workbook.sheetnames if n.split(" ", 1)[0] == code)]


def letter(worksheet, model, field):
    """The column letter of ``model.field`` in an exported sheet, found by its Latvian heading."""
    with override("lv"):
        label = str(model._meta.get_field(field).verbose_name)
    return next(cell.column_letter for cell in worksheet[1] if cell.value == label)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, plan, content: bytes):
    file = SimpleUploadedFile("plāns.xlsx", content, content_type="application/octet-stream")
    return client.post(reverse("worksheets:plan_import", args=[plan.pk]), {"file": file})


def apply(client, plan, response):
    token = response.context["token"]
    return client.post(reverse("worksheets:plan_import_apply", args=[plan.pk]), {"token": token}, follow=True)


def errors_of(client, plan, content: bytes) -> list[str]:
    response = upload(client, plan, content)
    assert response.status_code == 200
    assert "preview" not in response.context
    return [str(error) for error in response.context["errors"]]


# --- case 3: what Excel converted comes back as the cell shows it ----------------------------------------


def cell_with(value, number_format="General"):
    workbook = Workbook()
    cell = workbook.active["A1"]
    cell.value = value
    cell.number_format = number_format
    return cell


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (datetime(2027, 3, 1), "d.m.yyyy", "01.03.2027"),
        (datetime(2027, 3, 1, 14, 7), "d.m.yyyy h:mm", "01.03.2027 14:07"),
        (0.5, "0%", "50%"),
        (0.125, "0%", "12,5%"),  # never rounded to the format: nothing typed is lost
        (0.07, "0.00%", "7,00%"),
        (1250.5, "General", "1250,5"),
        (1250.5, "#,##0.00", "1 250,50"),
        (12.0, "General", "12"),
        (50, "General", "50"),
        (-3.25, "General", "-3,25"),
        (0.1 + 0.2, "General", "0,3"),
        ("  teksts ", "General", "teksts"),
        (None, "General", ""),
    ],
)
def test_shown_text_is_what_latvian_excel_shows(value, number_format, shown):
    assert shown_text(cell_with(value, number_format)) == shown


def test_values_excel_converted_are_imported_as_typed(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    monitoring = sheet(workbook, "11")
    deadline = monitoring[f"{letter(monitoring, MonitoringActivity, 'deadline')}2"]
    deadline.value, deadline.number_format = datetime(2027, 3, 1), "d.m.yyyy"
    due = monitoring[f"{letter(monitoring, MonitoringActivity, 'due_date')}2"]
    due.value, due.number_format = datetime(2027, 3, 31), "d.m.yyyy"
    indicators = sheet(workbook, "8")
    target = indicators[f"{letter(indicators, Indicator, 'target')}2"]
    target.value, target.number_format = 0.5, "0%"
    result = indicators[f"{letter(indicators, Indicator, 'achieved_result')}2"]
    result.value = 1250.5
    response = upload(client, sound_plan, saved(workbook))
    assert response.context["preview"].total == (0, 2, 0)
    apply(client, sound_plan, response)
    first = MonitoringActivity.objects.filter(plan=sound_plan).order_by("position")[0]
    assert (first.deadline, first.due_date.isoformat()) == ("01.03.2027", "2027-03-31")
    indicator = Indicator.objects.get(plan=sound_plan)
    assert (indicator.target, indicator.achieved_result) == ("50%", "1250,5")


# --- case 4: IDs ------------------------------------------------------------------------------------------


def test_row_copied_with_its_id_is_refused_and_nothing_changes(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    risks = sheet(workbook, "10")
    copy = [cell.value for cell in risks[2]]
    copy[letter_index(risks, Risk, "factor")] = "Kopēta rinda ar jaunu tekstu"
    risks.append(copy)
    line = risks.max_row
    id_letter = risks.cell(row=1, column=risks.max_column).column_letter
    before = list(Risk.objects.filter(plan=sound_plan).values_list("factor", flat=True))
    errors = errors_of(client, sound_plan, saved(workbook))
    assert errors == [
        f"Lapa „{risks.title}”, {line}. rinda, kolonna {id_letter}: ID {copy[-1]} ir arī 2. rindā. "
        "Kopētai rindai ID ir jāizdzēš, lai to pievienotu kā jaunu rindu."
    ]
    assert list(Risk.objects.filter(plan=sound_plan).values_list("factor", flat=True)) == before


def letter_index(worksheet, model, field) -> int:
    return next(i for i, cell in enumerate(worksheet[1]) if cell.column_letter == letter(worksheet, model, field))


def test_id_of_another_plans_row_or_another_table_is_refused(client, editor, sound_plan, birzai_plan):
    client.force_login(editor)
    foreign = Risk.objects.create(plan=birzai_plan, factor="Svešs risks", position=1)
    other_table_row = DataSource.objects.create(plan=sound_plan, data_type="Iedzīvotāju skaits", pk=987_654)
    workbook = exported(client, sound_plan)
    risks = sheet(workbook, "10")
    id_letter = risks.cell(row=1, column=risks.max_column).column_letter
    risks[f"{id_letter}2"] = foreign.pk
    risks[f"{id_letter}3"] = other_table_row.pk
    errors = errors_of(client, sound_plan, saved(workbook))
    message = (
        "Lapa „{title}”, {line}. rinda, kolonna {column}: ID {id} nav šīs lapas rinda šajā plānā. "
        "Rindai, kas kopēta no cita plāna vai lapas, ID ir jāizdzēš."
    )
    assert errors == [
        message.format(title=risks.title, line=2, column=id_letter, id=foreign.pk),
        message.format(title=risks.title, line=3, column=id_letter, id=other_table_row.pk),
    ]


# --- case 5: the worksheet form's own validation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("javascript:alert(1)", "Jāievada derīgs URL."),
        ("not a url", "Jāievada derīgs URL."),
        ("https://example.lv/" + "a" * 594, "Vērtībai jābūt ne vairāk kā 500 zīmei (tajā ir 613)."),
    ],
)
def test_a_link_the_worksheet_refuses_is_refused(client, editor, sound_plan, link, message):
    PolicyDocument.objects.filter(plan=sound_plan).delete()  # the sheet's rows are this test's own
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    documents = sheet(workbook, "1")
    documents.append(["", "Nacionāla līmeņa normatīvais akts", "Sociālā uzņēmuma likums", "", "", link, ""])
    column = letter(documents, PolicyDocument, "link")
    assert errors_of(client, sound_plan, saved(workbook)) == [
        f"Lapa „{documents.title}”, 2. rinda, kolonna {column} (Saite): {message}"
    ]
    assert PolicyDocument.objects.filter(plan=sound_plan).count() == 0


def test_a_link_is_stored_as_the_worksheet_form_cleans_it(client, editor, sound_plan):
    PolicyDocument.objects.filter(plan=sound_plan).delete()  # the sheet's rows are this test's own
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "1").append(
        ["", "Nacionāla līmeņa normatīvais akts", "Sociālā uzņēmuma likums", "", "", "likumi.lv"]
    )
    apply(client, sound_plan, upload(client, sound_plan, saved(workbook)))
    assert PolicyDocument.objects.get(plan=sound_plan).link == "https://likumi.lv"


def test_the_preview_shows_the_plans_quality_warnings_and_changes_nothing(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "6a").append(["", "Līdz 2027. gadam sociālo uzņēmumu tīkls", ""])
    goals_before = list(StrategicGoal.objects.filter(plan=sound_plan).values_list("pk", "text"))
    response = upload(client, sound_plan, saved(workbook))
    warnings = response.context["preview"].warnings
    assert warnings == WARNINGS
    body = response.content.decode()
    assert "Pēc importēšanas plānam būtu šīs neatrisinātās problēmas" in body
    assert all(warning.replace("„", "&bdquo;") in body or warning in body for warning in warnings)
    assert list(StrategicGoal.objects.filter(plan=sound_plan).values_list("pk", "text")) == goals_before
    assert plan_problems(sound_plan) == []


WARNINGS = [
    "Mērķim „2. Līdz 2027. gadam sociālo uzņēmumu tīkls” nav neviena specifiskā uzdevuma.",
    "Mērķim „2. Līdz 2027. gadam sociālo uzņēmumu tīkls” nav neviena rādītāja (8. darba lapa).",
]


# --- case 6: limits checked while reading ------------------------------------------------------------------


def zip_bomb(content: bytes, expanded_bytes: int) -> bytes:
    """``content`` (an .xlsx) with its second sheet replaced by one that expands to ``expanded_bytes`` or more."""
    row = b"<row><c t='inlineStr'><is><t>" + b"x" * 1000 + b"</t></is></c></row>"
    block = row * 1000
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet2.xml":
                bomb.writestr(info, source.read(info))
                continue
            with bomb.open(info.filename, "w", force_zip64=True) as part:
                part.write(b"<?xml version='1.0'?><worksheet xmlns='http://schemas.openxmlformats.org/")
                part.write(b"spreadsheetml/2006/main'><sheetData>")
                for _block in range(expanded_bytes // len(block) + 1):
                    part.write(block)
                part.write(b"</sheetData></worksheet>")
    return output.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_uncompressed(client, editor, sound_plan):
    client.force_login(editor)
    content = zip_bomb(saved(exported(client, sound_plan)), MAX_PART_BYTES + 1)
    assert len(content) < 1024 * 1024
    assert errors_of(client, sound_plan, content) == [
        "Faila daļa „xl/worksheets/sheet2.xml” atarhivēta aizņemtu 51 MB; ierobežojums ir 50 MB vienai daļai."
    ]


def data_rows(workbook, count: int):
    data = sheet(workbook, "3")
    for number in range(1, count + 1):
        data.append(["", f"Datu veids {number}", "Centrālā statistikas pārvalde", "Reizi gadā", ""])
    return data


def test_more_rows_than_the_limit_are_refused_naming_it(client, editor, sound_plan):
    DataSource.objects.filter(plan=sound_plan).delete()  # the sheet's rows are this test's own
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    data = data_rows(workbook, MAX_ROWS + 1)
    assert errors_of(client, sound_plan, saved(workbook)) == [
        f"Lapā „{data.title}” ir vairāk nekā 1000 aizpildītu rindu; ierobežojums ir 1000 rindas vienā lapā."
    ]
    assert DataSource.objects.filter(plan=sound_plan).count() == 0


def test_rows_up_to_the_limit_are_imported(client, editor, sound_plan):
    DataSource.objects.filter(plan=sound_plan).delete()  # the sheet's rows are this test's own
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    data_rows(workbook, MAX_ROWS)
    response = upload(client, sound_plan, saved(workbook))
    assert response.context["preview"].total == (MAX_ROWS, 0, 0)
    apply(client, sound_plan, response)
    assert DataSource.objects.filter(plan=sound_plan).count() == MAX_ROWS


def test_rows_a_worksheet_page_could_not_save_are_refused(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    activities = sheet(workbook, "7")
    description = letter_index(activities, Activity, "description")
    for number in range(800):
        row = [""] * activities.max_column
        row[description] = f"Aktivitāte {number}"
        activities.append(row)
    assert errors_of(client, sound_plan, saved(workbook)) == [
        "7. darba lapā būtu par daudz rindu (801): vairāk, nekā tās lapa var saglabāt vienā reizē (lauku "
        "ierobežojums: 10000). Sadaliet rindas starp plāniem vai saīsiniet sarakstu."
    ]


def replaced(content: bytes, old: bytes, new: bytes) -> bytes:
    """The .xlsx ``content`` with ``old`` replaced by ``new`` in its parts (what openpyxl would not write)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    assert any(old in source.read(info) for info in source.infolist())
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as changed:
        for info in source.infolist():
            changed.writestr(info, source.read(info).replace(old, new))
    return output.getvalue()


def test_a_cell_over_excels_limit_is_refused_naming_it(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    risks = sheet(workbook, "10")
    column = letter(risks, Risk, "impact")
    risks[f"{column}2"] = "GARŠ-TEKSTS"  # openpyxl itself cuts a longer text: it is put in the file's XML
    content = replaced(saved(workbook), "GARŠ-TEKSTS".encode(), ("ā" * (CELL_LIMIT + 1)).encode())
    assert errors_of(client, sound_plan, content) == [
        f"Lapa „{risks.title}”, šūna {column}2: teksts ir par garu (32768 rakstz.); vienā šūnā drīkst būt ne vairāk "
        "kā 32767 rakstz."
    ]


def test_rows_past_an_understated_dimension_are_read(client, editor, sound_plan):
    DataSource.objects.filter(plan=sound_plan).delete()  # the sheet's rows are this test's own
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    data_rows(workbook, 3)
    content = saved(workbook)
    data_part = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet4.xml")
    dimension = re.search(rb'<dimension ref="A1:E4" ?/>', data_part).group(0)
    content = replaced(content, dimension, b'<dimension ref="A1:E2"/>')
    assert read_plan_workbook(sound_plan, SimpleUploadedFile("plāns.xlsx", content)).total == (3, 0, 0)


def test_not_a_zip_at_all_is_refused(sound_plan):
    with pytest.raises(ImportRefused):
        read_plan_workbook(sound_plan, SimpleUploadedFile("plāns.xlsx", b"PK\x03\x04 broken"))


def test_a_sheet_with_broken_xml_is_refused(client, editor, sound_plan):
    client.force_login(editor)
    content = replaced(saved(exported(client, sound_plan)), b"<sheetData>", b"<sheetData><row><c>")
    assert errors_of(client, sound_plan, content) == ["Šis nav Excel (.xlsx) fails."]


def test_a_task_number_latvian_excel_made_a_date_links_the_task(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    activities = sheet(workbook, "7")
    task = activities[f"{letter(activities, Activity, 'task')}2"]
    task.value, task.number_format = datetime(2026, 1, 1), "dd.mm.yyyy"  # "1.1." typed in Latvian Excel
    response = upload(client, sound_plan, saved(workbook))
    assert response.context["preview"].total == (0, 0, 0)


def test_a_text_the_export_cut_is_refused_and_never_stored(client, editor, sound_plan):
    long_text = "Ķēniņš " * 5000  # 35,000 characters, stored before the forms refused such a text
    risk = Risk.objects.filter(plan=sound_plan).order_by("position").first()
    Risk.objects.filter(pk=risk.pk).update(impact=long_text)
    sound_plan.support_given = long_text
    sound_plan.save()
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    risks = sheet(workbook, "10")
    column = letter(risks, Risk, "impact")
    cover_line = next(row[0].row for row in workbook["Plāns"].iter_rows() if row[2].value == "support_given")
    errors = errors_of(client, sound_plan, saved(workbook))
    cut = (
        "šis teksts eksportā tika saīsināts, lai ietilptu izklājlapas šūnā; importējot to, plānā teksts tiktu "
        "saīsināts. Labojiet šo tekstu lietotnē, nevis failā."
    )
    assert errors == [
        f"Lapa „{risks.title}”, 2. rinda, kolonna {column}: {cut}",
        f"Lapa „Plāns”, {cover_line}. rinda, kolonna B: {cut}",
    ]
    risk.refresh_from_db()
    sound_plan.refresh_from_db()
    assert (risk.impact, sound_plan.support_given) == (long_text, long_text)


def test_a_cut_text_is_recognised_in_either_interface_language(sound_plan):
    Risk.objects.filter(plan=sound_plan, position=1).update(impact="x" * (CELL_LIMIT + 5))
    with override("en"):
        content = workbook_bytes(plan_workbook(sound_plan))
    texts = [cell.value for cell in sheet(load_workbook(io.BytesIO(content)), "10")[2] if isinstance(cell.value, str)]
    assert any(text.endswith("the whole text, 32772 characters long, is in the app)") for text in texts)
    with override("lv"), pytest.raises(ImportRefused) as refused:
        read_plan_workbook(sound_plan, SimpleUploadedFile("plāns.xlsx", content))
    assert [error.split(": ", 1)[1] for error in refused.value.errors] == [
        "šis teksts eksportā tika saīsināts, lai ietilptu izklājlapas šūnā; importējot to, plānā teksts tiktu "
        "saīsināts. Labojiet šo tekstu lietotnē, nevis failā."
    ]


@pytest.mark.parametrize(
    ("stored", "value", "number_format", "read"),
    [
        ("1.03.2027", datetime(2027, 3, 1), "dd.mm.yyyy", "1.03.2027"),  # Excel only converted what was typed
        ("0012", 12, "General", "0012"),
        ("50%", 0.5, "0%", "50%"),
        ("12,5%", 0.125, "0%", "12,5%"),
        ("1250,50", 1250.5, "0.0", "1250,50"),
        ("1 250,5", 1250.5, "General", "1 250,5"),
        ("12345678901234567", 12345678901234600.0, "General", "12345678901234567"),  # Excel keeps 15 digits
        ("1.03.2027", datetime(2027, 3, 2), "dd.mm.yyyy", "02.03.2027"),  # an edit: what the cell shows
        ("2", 0.5, "0%", "50%"),
        ("teksts", 12, "General", "12"),
        ("1.03.2027", "1.03.2027 ", "General", "1.03.2027"),
    ],
)
def test_a_cell_excel_converted_keeps_the_text_the_plan_holds(stored, value, number_format, read):
    assert cell_text(cell_with(value, number_format), stored) == read


@pytest.mark.parametrize("language", ["lv", "lt", "en"])
@pytest.mark.parametrize("length", [40_000, 40_001, 40_002, 40_011])
def test_a_cut_text_is_recognised_whatever_plural_form_its_length_takes(language, length):
    with override(language):
        cut = fit_cell("ā" * length)  # the note names the whole length, in the form its number takes
    assert cut.endswith(")") and str(length) in cut
    assert is_cut_text(cut)
    assert not is_cut_text("ā" * 100)
