"""The council PDF and the Excel exports: complete, in order, in Latvian, and only for those who may read."""

import io
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.conftest import database_independent
from worksheets.editing import services
from worksheets.models import Activity, MonitoringActivity, PlanStatus, Risk
from worksheets.registry import ALL_TABLES, STANDARD_MONITORING, STANDARD_RISKS, table_for_model
from worksheets.seed.demo import fill_plan

pytestmark = pytest.mark.django_db

# The page layout of a PDF (its watermark on every page, its table of contents) comes from the HTML and WeasyPrint,
# whatever database the rows were read from; the order and completeness of the rows read back are checked on both
# databases (test_pdf_holds_every_row_in_order_with_diacritics, test_pdf_of_a_big_plan_has_every_row_in_order).
PDF_LAYOUT = database_independent("the PDF's page layout, rendered from rows whatever database holds them")


def pdf_text(content: bytes, *args, mode: str = "-raw") -> str:
    """The PDF's text: ``-raw`` keeps each table cell's lines together, ``-layout`` keeps lines as printed."""
    return subprocess.run(
        ["pdftotext", mode, *args, "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def pdf_page_texts(content: bytes, mode: str = "-raw") -> list[str]:
    """The text of each page, ``[page 1, page 2, …]``: one ``pdftotext`` run, split at its page breaks (each page's
    text is what ``pdftotext -f N -l N`` gives without the closing form feed)."""
    return pdf_text(content, mode=mode).split("\f")[:-1]


def pdf_pages(content: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_holds_every_row_in_order_with_diacritics(client, editor, sound_plan):
    client.force_login(editor)
    response = client.get(reverse("worksheets:plan_pdf", args=[sound_plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="aizkraukles-novads-2026-2027.pdf"'
    text = squash(pdf_text(response.content))
    expected = [
        "Aizkraukles novads",
        "Darba lapa #6: Stratēģisko mērķu un uzdevumu definēšana",
        "Līdz 2027. gadam divi jauni sociālie uzņēmumi",
        "1.1. Grantu konkurss jaunajiem uzņēmējiem",
        "Grantu konkursa „Sociālā uzņēmējdarbība” nolikums",
        "SU skaits",
        "Finansējuma trūkums vai nestabilitāte",
        "Ierobežota sadarbība ar vietējiem uzņēmējiem un NVO",
        "Trūkst kapacitātes un ekspertīzes vietējā līmenī",
        "Mērķu saskaņošana ar ieinteresētajām pusēm",
        "Rīcības plāns ir pārskatīts un atjaunots",
    ]
    positions = [text.find(piece) for piece in expected]
    assert -1 not in positions, [p for p, i in zip(expected, positions, strict=False) if i == -1]
    assert positions == sorted(positions)


# A new plan starts with the template's standard risks and monitoring activities.
ALREADY_THERE = {Risk: len(STANDARD_RISKS), MonitoringActivity: len(STANDARD_MONITORING)}


def test_pdf_of_a_big_plan_has_every_row_in_order(client, editor, plan):
    fill_plan(plan, rows=12)
    client.force_login(editor)
    text = squash(pdf_text(client.get(reverse("worksheets:plan_pdf", args=[plan.pk])).content))
    for _worksheet, table in ALL_TABLES:
        columns = [
            c
            for c in table.bound_columns
            if not (c.is_link or c.is_choice or c.name == "link" or c.field.get_internal_type() == "BooleanField")
        ]
        rows = list(table.model.objects.filter(plan=plan))
        assert len(rows) == 12 + ALREADY_THERE.get(table.model, 0), table.key
        for column in columns:
            positions = [text.find(squash(getattr(row, column.name))) for row in rows if getattr(row, column.name)]
            assert -1 not in positions, (table.key, column.name)
            assert positions == sorted(positions), (table.key, column.name)


@PDF_LAYOUT
def test_draft_has_the_watermark_and_approved_plan_does_not(client, editor, coordinator, plan):
    client.force_login(editor)
    draft = client.get(reverse("worksheets:plan_pdf", args=[plan.pk])).content
    assert pdf_text(draft).count("MELNRAKSTS") == pdf_pages(draft)  # once on every page
    plan.status = PlanStatus.APPROVED
    plan.save()
    approved = pdf_text(client.get(reverse("worksheets:plan_pdf", args=[plan.pk])).content)
    assert "MELNRAKSTS" not in approved
    assert "Apstiprināts" in approved


@PDF_LAYOUT
def test_pdf_table_of_contents_points_at_the_right_pages(client, editor, plan):
    fill_plan(plan, rows=25)
    client.force_login(editor)
    content = client.get(reverse("worksheets:plan_pdf", args=[plan.pk])).content
    pages = pdf_pages(content)
    page_texts = pdf_page_texts(content)
    assert len(page_texts) == pages
    toc = pdf_page_texts(content, mode="-layout")[1]
    entries = re.findall(r"Darba lapa #(\d+):.*?(\d+)\s*$", toc, flags=re.MULTILINE)
    assert [int(n) for n, _page in entries] == list(range(1, 12))
    for number, page in entries:
        assert 1 <= int(page) <= pages
        page_text = squash(page_texts[int(page) - 1])
        assert f"Darba lapa #{number}:" in page_text
    last_page = page_texts[pages - 1]
    assert f"{pages}. lpp. no {pages}" in last_page


def test_pdf_follows_the_interface_language(client, editor, plan):
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = squash(pdf_text(client.get(reverse("worksheets:plan_pdf", args=[plan.pk])).content))
    assert "Worksheet #10: Identification and prevention of implementation risks" in text
    assert "DRAFT" in text
    # What officers typed stays as typed.
    assert "Finansējuma trūkums vai nestabilitāte" in text


def test_excel_of_a_plan_reads_back_as_the_database(client, editor, sound_plan):
    sound_plan.partners_identified = True
    sound_plan.save()
    client.force_login(editor)
    response = client.get(reverse("worksheets:plan_xlsx", args=[sound_plan.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="aizkraukles-novads-2026-2027.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [  # titles cut to Excel's 31 characters
        "Plāns",
        "1 Politikas plānošanas dokument",
        "2 Sadarbības modeļi ar sociālie",
        "3 Dati un to avoti",
        "4 Vajadzību analīze mērķa grupā",
        "5 Pašvaldības rīcībā esošie res",
        "6a Stratēģiskie mērķi",
        "6b Specifiskie uzdevumi",
        "7 Rīcības plāna sagatavošana",
        "8 Izmērāmie rādītāji un novērtē",
        "9a Pašvaldības pievienotie kont",
        "9b 2. informēšanas un iesaistes",
        "10 Ieviešanas risku identifikāc",
        "11 Ieviešanas uzraudzība un atb",
    ]
    activities = workbook["7 Rīcības plāna sagatavošana"]
    header = [c.value for c in activities[1]]
    _worksheet, table = table_for_model(Activity)
    with override("lv"):
        assert header == ["#", *[str(c.label) for c in table.bound_columns], "ID"]
    activity = Activity.objects.get(plan=sound_plan)
    row = dict(zip(header, [c.value for c in activities[2]], strict=True))
    assert row == {
        **dict.fromkeys(header),
        "#": 1,
        "Specifiskais uzdevums": "1.1. Grantu konkurss jaunajiem uzņēmējiem",
        "Aktivitāte": "Grantu konkursa „Sociālā uzņēmējdarbība” nolikums",
        "Laika grafiks": "2026. gada pirmā puse",
        "Finansējuma avots": "Pašvaldības budžets",
        "Atbildīgā struktūrvienība pašvaldībā": "Attīstības nodaļa",
        "Statuss": "plānots",
        "ID": activity.pk,
    }
    last = get_column_letter(len(header))
    assert activities.freeze_panes == "A2"
    assert activities.auto_filter.ref == f"A1:{last}2"
    assert activities.cell(2, header.index("Aktivitāte") + 1).alignment.wrap_text
    assert activities.column_dimensions[last].hidden
    risks = workbook["10 Ieviešanas risku identifikāc"]
    assert [r[1].value for r in risks.iter_rows(min_row=2)] == [
        "Finansējuma trūkums vai nestabilitāte",
        "Ierobežota sadarbība ar vietējiem uzņēmējiem un NVO",
        "Normatīvo aktu ierobežojumi",
        "Sabiedrības nepietiekama informētība un iesaiste",
        "Trūkst kapacitātes un ekspertīzes vietējā līmenī",
    ]
    cover = {row[2].value: row[1].value for row in workbook["Plāns"].iter_rows(min_row=2) if row[2].value}
    assert cover["partners_identified"] == "jā"
    assert cover["meetings_held"] == "nē"


def test_region_excel_has_a_municipality_column_and_respects_visibility(
    client, coordinator, other_editor, plan, bauska
):
    published = services.plan_create(
        user=other_editor, municipality=bauska, period_start=2026, period_end=2027, title="B"
    )
    published.status = PlanStatus.PUBLISHED
    published.save()
    url = reverse("worksheets:region_xlsx", args=["zemgale"])
    client.force_login(coordinator)
    risks = load_workbook(io.BytesIO(client.get(url, follow=True).getvalue()))["10 Ieviešanas risku identifikāc"]
    assert {r[0].value for r in risks.iter_rows(min_row=2)} == {"Aizkraukles novads", "Bauskas novads"}
    client.force_login(other_editor)  # sees its own and published plans, not Aizkraukle's draft
    risks = load_workbook(io.BytesIO(client.get(url, follow=True).getvalue()))["10 Ieviešanas risku identifikāc"]
    assert {r[0].value for r in risks.iter_rows(min_row=2)} == {"Bauskas novads"}


def test_outsiders_cannot_download_a_draft(client, plan, other_editor, other_coordinator):
    urls = [reverse("worksheets:plan_pdf", args=[plan.pk]), reverse("worksheets:plan_xlsx", args=[plan.pk])]
    for url in urls:
        assert client.get(url).status_code == 302
    for user in (other_editor, other_coordinator):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
    client.force_login(other_coordinator)
    assert client.get(reverse("worksheets:region_xlsx", args=["zemgale"])).status_code == 404
