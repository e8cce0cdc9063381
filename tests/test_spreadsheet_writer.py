"""Every .xlsx and .csv the app writes survives what an officer types: Word's control characters, text that
looks like a formula, text too long for a cell; and the CSV opens as columns in Latvian Excel."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import load_workbook

from indicators.models import IndicatorValue
from seimpact.lib.excel import CELL_LIMIT, csv_cell, csv_text, fit_cell, text_length, unescape_text
from seimpact.lib.text import clean_text
from tests.factories import ActivityFactory, CooperationFactory, CoreIndicatorFactory, StrategicGoalFactory, TaskFactory
from worksheets.editing.page_data import post_data
from worksheets.exports.excel_import import read_plan_workbook
from worksheets.models import Activity, Cooperation, PlanStatus
from worksheets.regional.comparisons import COMPARISONS
from worksheets.registry import ALL_TABLES

pytestmark = pytest.mark.django_db

WORD_TEXT = "Līgums parakstīts\x0bsadarbība turpinās\x0clapa 2\x07"  # Word's line and page breaks, a bell
SHOWN_TEXT = "Līgums parakstīts\nsadarbība turpinās\nlapa 2"
ORGANISATION = "=Jelgavas NVO centrs"
HYPERLINK = '=HYPERLINK("http://x","x")'
LIMIT_MESSAGE = "plāna šūnā var būt ne vairāk kā 32767 rakstzīmju (Excel šūnas ierobežojums)"


@pytest.fixture
def typed_plan(plan):
    """A published plan whose officer pasted from Word and typed formula-like texts (saved as stored before the
    worksheet forms cleaned such input)."""
    CooperationFactory(plan=plan, organisation=ORGANISATION, cooperation_type="Līgums", result=WORD_TEXT)
    CooperationFactory(plan=plan, organisation="Biedrība „Ābele”", cooperation_type=HYPERLINK, result=HYPERLINK)
    goal = StrategicGoalFactory(plan=plan, text="Līdz 2027. gadam divi jauni sociālie uzņēmumi")
    task = TaskFactory(goal=goal, text="Grantu konkurss")
    ActivityFactory(
        task=task,
        description=HYPERLINK,
        funding_source=ORGANISATION,
        responsible_unit=WORD_TEXT,
        due_date=datetime.date(2027, 3, 1),
    )
    plan.status = PlanStatus.PUBLISHED
    plan.save()
    return plan


@pytest.fixture
def typed_values(aizkraukle, zemgale):
    eur = CoreIndicatorFactory(region=zemgale, code="K5", name="Atbalsta apjoms", unit="eur")
    IndicatorValue.objects.create(
        municipality=aizkraukle, indicator=eur, year=2026, actual="1500.50", source=HYPERLINK, note=WORD_TEXT
    )
    text = CoreIndicatorFactory(region=zemgale, code="KV2", name="=Izpratne", unit="text", kind="qualitative")
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=text, year=2026, actual="-labi", note="@vārds")


def workbook_urls(plan, zemgale, aizkraukle) -> dict[str, str]:
    urls = {
        "plan": reverse("worksheets:plan_xlsx", args=[plan.pk]),
        "region": reverse("worksheets:region_xlsx", args=[zemgale.slug]),
        "public plan": reverse("public:plan_xlsx", args=[plan.pk]),
        "review": reverse("worksheets:region_review_xlsx", args=[zemgale.slug]),
        "indicators": reverse("indicators:municipality_download", args=[aizkraukle.slug, "xlsx"]),
        "region indicators": reverse("indicators:region_download", args=[zemgale.slug, "xlsx"]),
    }
    for spec in COMPARISONS:
        urls[f"comparison {spec.key}"] = reverse("worksheets:region_comparison_xlsx", args=[zemgale.slug, spec.key])
        urls[f"public comparison {spec.key}"] = reverse("public:comparison_xlsx", args=[zemgale.slug, spec.key])
    return urls


def cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_every_workbook_answers_and_keeps_texts_as_text_with_words_line_breaks(
    client, coordinator, typed_plan, typed_values, zemgale, aizkraukle
):
    client.force_login(coordinator)
    texts_by_workbook = {}
    for name, url in workbook_urls(typed_plan, zemgale, aizkraukle).items():
        response = client.get(url, follow=True)  # a prepared download leads to its file
        assert response.status_code == 200, name
        written = cells(response.getvalue())
        assert [c.coordinate for c in written if c.data_type == "f"] == [], name
        texts = [c.value for c in written if isinstance(c.value, str)]
        assert [t for t in texts if any(ch < " " and ch not in "\t\n\r" for ch in t)] == [], name
        formula_like = [c for c in written if isinstance(c.value, str) and c.value.startswith("=")]
        assert {(c.data_type, c.quotePrefix) for c in formula_like} <= {("s", True)}, name
        texts_by_workbook[name] = texts
    for name in ("plan", "region", "public plan"):
        texts = texts_by_workbook[name]
        assert (texts.count(SHOWN_TEXT), texts.count(ORGANISATION), texts.count(HYPERLINK)) == (2, 2, 3), name
    for name in ("indicators", "region indicators"):
        assert (texts_by_workbook[name].count(SHOWN_TEXT), texts_by_workbook[name].count(HYPERLINK)) == (1, 1), name
    assert any(ORGANISATION in text for text in texts_by_workbook["comparison partnerships"])
    assert any(HYPERLINK in text for text in texts_by_workbook["public comparison partnerships"])


def test_plan_workbook_writes_row_numbers_ids_and_due_dates_as_numbers_and_dates(client, editor, typed_plan):
    client.force_login(editor)
    workbook = load_workbook(io.BytesIO(client.get(reverse("worksheets:plan_xlsx", args=[typed_plan.pk])).content))
    activities = workbook["7 Rīcības plāna sagatavošana"]
    header = [c.value for c in activities[1]]
    row = dict(zip(header, activities[2], strict=True))
    assert (row["#"].value, row["#"].data_type) == (1, "n")
    assert (row["ID"].value, row["ID"].data_type) == (Activity.objects.get(plan=typed_plan).pk, "n")
    due = row["Termiņa datums"]
    assert (due.value, due.number_format, due.is_date) == (datetime.datetime(2027, 3, 1), "dd.mm.yyyy", True)
    tasks = workbook["6b Specifiskie uzdevumi"]
    assert (tasks.cell(2, 1).value, tasks.cell(2, 1).data_type) == ("1.1", "s")
    exported = workbook["Plāns"].cell(7, 2)
    assert (exported.is_date, exported.number_format) == (True, "dd.mm.yyyy hh:mm")


def test_csv_opens_as_columns_with_decimal_commas_and_neutralised_formulas(client, coordinator, typed_values, zemgale):
    client.force_login(coordinator)
    response = client.get(reverse("indicators:region_download", args=[zemgale.slug, "csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [len(row) for row in rows] == [11, 11, 11]
    assert rows[0][:3] == ["Pašvaldība", "Kods", "Rādītājs"]
    by_code = {row[1]: row for row in rows[1:]}
    eur = by_code["K5"]
    assert (eur[0], eur[4], eur[8], eur[9], eur[10]) == (
        "Aizkraukles novads",
        "2026",
        "1500,50",
        "'" + HYPERLINK,
        SHOWN_TEXT,
    )
    words = by_code["KV2"]
    assert (words[2], words[8], words[10]) == ("'=Izpratne", "'-labi", "'@vārds")


def test_csv_cell_neutralises_every_formula_start_but_keeps_numbers():
    starts = {text: csv_cell(text) for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "ok", "1-2")}
    assert starts == {
        "=1+1": "'=1+1",
        "+1": "'+1",
        "-1": "'-1",
        "@SUM(A1)": "'@SUM(A1)",
        "\tx": "'\tx",
        "\rx": "\nx",  # a carriage return is a line break (clean_text): nothing Excel would run
        "ok": "ok",
        "1-2": "1-2",
    }
    assert [csv_cell(v) for v in (Decimal("-5"), Decimal("1500.50"), 2026, -0.5, None)] == [
        "-5",
        "1500,50",
        "2026",
        "-0,5",
        "",
    ]
    assert csv_cell(datetime.date(2027, 3, 1)) == "01.03.2027"
    assert csv_text(["a;b", 'c"d'], [["x\ny", 1]]) == '\ufeff"a;b";"c""d"\r\n"x\ny";1\r\n'


def test_clean_text_turns_words_breaks_into_line_breaks_and_drops_other_controls():
    controls = "".join(chr(code) for code in range(32))
    assert clean_text(f"a{controls}b") == "a\t\n\n\n\nb"  # tab; LF, VT, FF and CR as line breaks
    assert clean_text("Ķēniņš — 🙂") == "Ķēniņš — 🙂"


def test_a_text_over_the_cell_limit_is_cut_visibly_never_silently(client, editor, plan):
    long_text = "ā" * (CELL_LIMIT + 1000)
    CooperationFactory(plan=plan, organisation=long_text)
    client.force_login(editor)
    response = client.get(reverse("worksheets:plan_xlsx", args=[plan.pk]))
    cell = load_workbook(io.BytesIO(response.content))["2 Sadarbības modeļi ar sociālie"].cell(2, 2)
    assert text_length(cell.value) == CELL_LIMIT
    assert cell.value.startswith("ā" * 30000)
    assert cell.value.endswith("viss teksts 33767 rakstzīmju garumā ir lietotnē)")
    emoji = fit_cell("🙂" * CELL_LIMIT)  # each counts 2 in Excel
    assert text_length(emoji) <= CELL_LIMIT
    assert emoji.startswith("🙂" * 16000)


def worksheet_2_post(plan, organisation):
    row = {"organisation": organisation, "cooperation_type": "", "result": "", "position": 1}
    return post_data(plan, 2, {"cooperation": [row]})


def test_worksheet_form_refuses_a_text_longer_than_a_cell_naming_the_limit(client, editor, plan):
    client.force_login(editor)
    url = reverse("worksheets:worksheet", args=[plan.pk, 2])
    response = client.post(url, worksheet_2_post(plan, "x" * (CELL_LIMIT + 1)))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Šajā tekstā ir {CELL_LIMIT + 1} rakstzīmes; {LIMIT_MESSAGE}" in body
    assert Cooperation.objects.filter(plan=plan).count() == 0
    assert client.post(url, worksheet_2_post(plan, "x" * CELL_LIMIT)).status_code == 302
    assert len(Cooperation.objects.get(plan=plan).organisation) == CELL_LIMIT


def test_worksheet_form_counts_the_cell_limit_as_excel_does(client, editor, plan):
    client.force_login(editor)
    url = reverse("worksheets:worksheet", args=[plan.pk, 2])
    response = client.post(url, worksheet_2_post(plan, "🙂" * (CELL_LIMIT // 2 + 1)))
    assert LIMIT_MESSAGE in response.content.decode()


def test_worksheet_forms_store_pasted_word_breaks_as_line_breaks(client, editor, plan):
    client.force_login(editor)
    assert (
        client.post(reverse("worksheets:worksheet", args=[plan.pk, 2]), worksheet_2_post(plan, WORD_TEXT)).status_code
        == 302
    )
    assert Cooperation.objects.get(plan=plan).organisation == SHOWN_TEXT
    data = post_data(plan, 5, plan_fields={"support_given": WORD_TEXT})
    assert client.post(reverse("worksheets:worksheet", args=[plan.pk, 5]), data).status_code == 302
    plan.refresh_from_db()
    assert plan.support_given == SHOWN_TEXT


def test_plan_level_field_over_the_cell_limit_is_refused(client, editor, plan):
    client.force_login(editor)
    data = post_data(plan, 5, plan_fields={"support_given": "a" * (CELL_LIMIT + 2)})
    response = client.post(reverse("worksheets:worksheet", args=[plan.pk, 5]), data)
    assert LIMIT_MESSAGE in response.content.decode()
    plan.refresh_from_db()
    assert plan.support_given == ""


def test_plan_export_with_formula_like_texts_and_dates_imports_as_no_changes(client, editor, plan):
    CooperationFactory(plan=plan, organisation=ORGANISATION, cooperation_type="+371 26000000", result=HYPERLINK)
    CooperationFactory(plan=plan, organisation="-5 % atlaide", cooperation_type="@biedrība", result=SHOWN_TEXT)
    goal = StrategicGoalFactory(plan=plan, text="Līdz 2027. gadam divi jauni sociālie uzņēmumi")
    ActivityFactory(
        task=TaskFactory(goal=goal, text="=2+2"), description="Nolikums", due_date=datetime.date(2027, 3, 1)
    )
    client.force_login(editor)
    content = client.get(reverse("worksheets:plan_xlsx", args=[plan.pk])).content
    preview = read_plan_workbook(plan, SimpleUploadedFile("plans.xlsx", content))
    assert (preview.has_changes, preview.total) == (False, (0, 0, 0))


def test_regional_review_workbook_writes_counts_as_numbers(client, coordinator, typed_plan, zemgale):
    client.force_login(coordinator)
    response = client.get(reverse("worksheets:region_review_xlsx", args=[zemgale.slug]), follow=True)
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    with override("lv"):
        total, naming = _("Total"), _("Plans naming it")
    figures = workbook.worksheets[1]
    rows = [row for row in figures.iter_rows() if row[0].value in (typed_plan.municipality.name, total)]
    assert [row[0].value for row in rows] == [typed_plan.municipality.name, total]
    counts = [cell for row in rows for cell in row[3:]]
    assert len(counts) == 2 * len(ALL_TABLES)
    assert {(cell.data_type, type(cell.value)) for cell in counts} == {("n", int)}
    assert [cell.value for cell in rows[0][3:]] == [cell.value for cell in rows[1][3:]]
    assert sum(cell.value for cell in rows[0][3:]) == sum(
        t.model.objects.filter(plan=typed_plan).count() for _w, t in ALL_TABLES
    )
    risks = workbook.worksheets[5]
    header_line = next(row[0].row for row in risks.iter_rows() if row[1].value == naming)
    named = []  # the first table's rows, up to the blank row before the next table (the risk summary)
    for row in risks.iter_rows(min_row=header_line + 1):
        if not row[0].value:
            break
        named.append(row[1])
    assert named
    assert {(cell.data_type, cell.value) for cell in named} == {("n", 1)}


def test_a_typed_text_in_the_files_character_notation_shows_in_excel_as_typed(client, editor, plan):
    typed = "Kods _x000D_ un _x0041_x0042_"
    CooperationFactory(plan=plan, organisation=typed)
    client.force_login(editor)
    content = client.get(reverse("worksheets:plan_xlsx", args=[plan.pk])).content
    cell = load_workbook(io.BytesIO(content))["2 Sadarbības modeļi ar sociālie"].cell(2, 2)
    # Excel reads "_x005F_" as "_": the file holds the underscores that start a notation so written.
    assert cell.value == "Kods _x005F_x000D_ un _x005F_x0041_x005F_x0042_"
    assert unescape_text(cell.value) == typed
    preview = read_plan_workbook(plan, SimpleUploadedFile("plans.xlsx", content))
    assert (preview.has_changes, preview.total) == (False, (0, 0, 0))
