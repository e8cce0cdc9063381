"""Notes beside every worksheet's table and ws 9's own checklist items and item notes: edited on the page (merged with
a colleague's save), shown read-only, printed, exported and imported, in the history and the version comparison."""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from worksheets.editing.page_data import existing_rows, post_data
from worksheets.models import ChecklistItem, PlanStatus, PlanVersion, PolicyDocument, WorksheetNote
from worksheets.notes import NOTE_KEY
from worksheets.registry import get_worksheet
from worksheets.review.versions import freeze_version

pytestmark = pytest.mark.django_db

NOTE = "Ņemot vērā novada teritoriālo struktūru, tiek ņemta vērā pagastu specifika."
COLLEAGUE_NOTE = "Kolēģes ievads: pagastos atšķiras iedzīvotāju skaits."


def page_url(plan, number):
    return reverse("worksheets:worksheet", args=[plan.pk, number])


def note_of(plan, number):
    note = WorksheetNote.objects.filter(plan=plan, number=number).first()
    return note.text if note else ""


def pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def exported(client, plan):
    return load_workbook(io.BytesIO(client.get(reverse("worksheets:plan_xlsx", args=[plan.pk])).content))


def upload(client, plan, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("plāns.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    return client.post(reverse("worksheets:plan_import", args=[plan.pk]), {"file": file})


def apply(client, plan, response):
    token = response.context["token"]
    return client.post(reverse("worksheets:plan_import_apply", args=[plan.pk]), {"token": token}, follow=True)


def cover_row(workbook, key):
    cover = workbook.worksheets[0]
    return next(row for row in cover.iter_rows(min_row=2) if row[2].value == key)


def test_an_editor_writes_a_note_on_the_page_and_readers_see_it(client, editor, viewer, plan):
    client.force_login(editor)
    page = client.get(page_url(plan, 1)).content.decode()
    assert 'name="note-text"' in page  # every worksheet has its notes field
    response = client.post(page_url(plan, 1), post_data(plan, 1, note=NOTE + "\r\n"))
    assert response.status_code == 302
    assert note_of(plan, 1) == NOTE  # normalised like every text typed
    assert NOTE in client.get(page_url(plan, 1)).content.decode()

    client.force_login(viewer)
    page = client.get(page_url(plan, 1)).content.decode()
    assert NOTE in page
    assert 'name="note-text"' not in page  # read-only for who may not edit
    empty = client.get(page_url(plan, 2)).content.decode()
    assert 'id="worksheet-note"' not in empty  # an empty note shows nothing


def test_saving_without_touching_the_note_writes_nothing(client, editor, plan):
    client.force_login(editor)
    client.post(page_url(plan, 3), post_data(plan, 3, note=NOTE))
    records = WorksheetNote.history.count()
    response = client.post(page_url(plan, 3), post_data(plan, 3), follow=True)
    assert "Viss ir saglabāts" in response.content.decode()
    assert WorksheetNote.history.count() == records


def test_outsiders_cannot_read_or_write_notes(client, editor, other_editor, viewer, plan):
    client.force_login(other_editor)  # another municipality's editor, the plan a draft
    assert client.get(page_url(plan, 1)).status_code == 404
    assert client.post(page_url(plan, 1), post_data(plan, 1, note=NOTE)).status_code == 404
    client.force_login(viewer)  # the municipality's reader
    assert client.post(page_url(plan, 1), post_data(plan, 1, note=NOTE)).status_code == 403
    assert note_of(plan, 1) == ""


def test_a_stale_page_keeps_the_note_a_colleague_saved_meanwhile(client, editor, plan):
    client.force_login(editor)
    rows = existing_rows(plan, get_worksheet(1).table("documents"))
    stale = post_data(
        plan, 1, {"documents": [*rows, {"category": "national_act", "title": "Sociālā uzņēmuma likums"}]}
    )  # the officer's page, loaded before the colleague's save
    assert client.post(page_url(plan, 1), post_data(plan, 1, note=COLLEAGUE_NOTE)).status_code == 302
    assert client.post(page_url(plan, 1), stale).status_code == 302
    assert note_of(plan, 1) == COLLEAGUE_NOTE  # the colleague's note stays
    assert PolicyDocument.objects.filter(plan=plan, title="Sociālā uzņēmuma likums").exists()  # the officer's row too


def test_both_changing_the_note_is_a_conflict_with_both_texts(client, editor, plan):
    client.force_login(editor)
    mine = post_data(plan, 4, note=NOTE)  # loaded before the colleague saved
    client.post(page_url(plan, 4), post_data(plan, 4, note=COLLEAGUE_NOTE))
    response = client.post(page_url(plan, 4), mine)
    assert response.status_code == 409
    page = response.content.decode()
    assert COLLEAGUE_NOTE in page  # their value, offered with a button
    assert 'data-use-theirs="id_note-text"' in page
    assert note_of(plan, 4) == COLLEAGUE_NOTE  # nothing saved
    # Saving the page as it came back (the officer's text on top of the current base) keeps the officer's text.
    again = response.context["editor"].data.copy()
    assert again["note-text"] == NOTE
    assert client.post(page_url(plan, 4), again).status_code == 302
    assert note_of(plan, 4) == NOTE


def test_notes_are_in_the_pdf_the_history_and_the_version_comparison(client, editor, sound_plan):
    client.force_login(editor)
    client.post(
        page_url(sound_plan, 11), post_data(sound_plan, 11, note="• Datu bāze aktualizēta vismaz reizi 6 mēnešos.")
    )
    text = pdf_text(client.get(reverse("worksheets:plan_pdf", args=[sound_plan.pk])).content)
    assert "Piezīmes" in text
    assert "• Datu bāze aktualizēta vismaz reizi 6 mēnešos." in text

    history = client.get(reverse("worksheets:history", args=[sound_plan.pk, 11])).content.decode()
    assert "Datu bāze aktualizēta vismaz reizi 6 mēnešos." in history
    assert "piezīmes" in history

    freeze_version(plan=sound_plan, user=editor)
    assert PlanVersion.objects.get(plan=sound_plan).content["worksheets"][10]["note"].startswith("• Datu bāze")
    client.post(page_url(sound_plan, 11), post_data(sound_plan, 11, note="• Notikušas 2 sanāksmes gadā."))
    compare = client.get(reverse("worksheets:version_compare", args=[sound_plan.pk]) + "?a=1&b=current")
    page = compare.content.decode()
    assert "• Datu bāze aktualizēta vismaz reizi 6 mēnešos." in page
    assert "• Notikušas 2 sanāksmes gadā." in page
    # The version keeps the note the council saw.
    version_pdf = pdf_text(client.get(reverse("worksheets:version_pdf", args=[sound_plan.pk, 1])).content)
    assert "Datu bāze aktualizēta" in version_pdf
    assert "Notikušas 2 sanāksmes" not in version_pdf


def test_excel_round_trip_of_notes(client, editor, sound_plan):
    client.force_login(editor)
    client.post(page_url(sound_plan, 4), post_data(sound_plan, 4, note=NOTE))
    workbook = exported(client, sound_plan)
    assert cover_row(workbook, NOTE_KEY.format(number=4))[1].value == NOTE
    unchanged = upload(client, sound_plan, workbook)
    assert "nav ko importēt" in unchanged.content.decode()

    cover_row(workbook, NOTE_KEY.format(number=4))[1].value = NOTE + " Papildināts Excel failā."
    cover_row(workbook, NOTE_KEY.format(number=8))[1].value = "● Jauniešu līdzdalību aktivitāšu skaits"
    preview = upload(client, sound_plan, workbook)
    page = preview.content.decode()
    assert "Papildināts Excel failā." in page
    assert "8. Piezīmes" in page
    assert note_of(sound_plan, 4) == NOTE  # the preview changes nothing
    apply(client, sound_plan, preview)
    assert note_of(sound_plan, 4) == NOTE + " Papildināts Excel failā."
    assert note_of(sound_plan, 8) == "● Jauniešu līdzdalību aktivitāšu skaits"
    record = WorksheetNote.history.filter(number=4).latest("history_date")
    assert (record.history_user, record.history_change_reason) == (editor, "Excel imports")


def test_ws9_own_checklist_items_and_item_notes(client, editor, viewer, sound_plan):
    client.force_login(editor)
    page = client.get(page_url(sound_plan, 9)).content.decode()
    assert page.index('id="plan-fields"') < page.index('id="table-checklist"') < page.index('id="table-engagement"')
    items = [
        {"text": "Ir izveidota ekosistēmas darba grupa", "done": True},
        {"text": "Ir vienoti nosacījumi datu apmaiņai", "done": False},
    ]
    data = post_data(
        sound_plan,
        9,
        {"checklist": items},
        plan_fields={
            "partners_identified": True,
            "agreements_signed": True,
            "agreements_signed_note": "(plānoti 2026. gadā ar vismaz 2–3 stratēģiskiem partneriem)",
        },
    )
    assert client.post(page_url(sound_plan, 9), data).status_code == 302
    saved = list(ChecklistItem.objects.filter(plan=sound_plan).values_list("text", "done"))
    assert saved == [(i["text"], i["done"]) for i in items]
    sound_plan.refresh_from_db()
    assert sound_plan.agreements_signed_note.startswith("(plānoti 2026. gadā")

    client.force_login(viewer)
    read = client.get(page_url(sound_plan, 9)).content.decode()
    assert "Ir izveidota ekosistēmas darba grupa" in read
    assert "(plānoti 2026. gadā ar vismaz 2–3 stratēģiskiem partneriem)" in read
    assert "Piezīme par tikšanām ar partneriem" not in read  # an empty item note shows nothing

    client.force_login(editor)
    text = pdf_text(client.get(reverse("worksheets:plan_pdf", args=[sound_plan.pk])).content)
    assert "Ir izveidota ekosistēmas darba grupa" in text
    assert "Piezīme par memorandiem vai līgumiem: (plānoti 2026. gadā" in text
    history = client.get(reverse("worksheets:history", args=[sound_plan.pk, 9])).content.decode()
    assert "Ir vienoti nosacījumi datu apmaiņai" in history
    assert "(plānoti 2026. gadā ar vismaz 2–3 stratēģiskiem partneriem)" in history

    # Excel: the own items are the sheet "9a" with "jā"/"nē"; a changed tick comes back as a change.
    workbook = exported(client, sound_plan)
    sheet = workbook[next(n for n in workbook.sheetnames if n.startswith("9a "))]
    assert [c.value for c in sheet[3]][1:3] == ["Ir vienoti nosacījumi datu apmaiņai", "nē"]
    assert "nav ko importēt" in upload(client, sound_plan, workbook).content.decode()
    sheet.cell(row=3, column=3).value = "jā"
    apply(client, sound_plan, upload(client, sound_plan, workbook))
    assert ChecklistItem.objects.get(plan=sound_plan, text="Ir vienoti nosacījumi datu apmaiņai").done is True
    sheet.cell(row=3, column=3).value = "varbūt"
    refused = upload(client, sound_plan, workbook).content.decode()
    assert "ierakstiet „jā” vai „nē”" in refused
    assert ChecklistItem.objects.get(plan=sound_plan, text="Ir vienoti nosacījumi datu apmaiņai").done is True


def test_the_public_page_of_a_published_plan_shows_its_notes(client, editor, sound_plan):
    client.force_login(editor)
    client.post(page_url(sound_plan, 1), post_data(sound_plan, 1, note=NOTE))
    client.post(
        page_url(sound_plan, 9),
        post_data(sound_plan, 9, plan_fields={"meetings_held": True, "meetings_held_note": "(B2B forumi,"}),
    )
    sound_plan.refresh_from_db()
    sound_plan.status = PlanStatus.PUBLISHED
    sound_plan.save()
    client.logout()
    page = client.get(reverse("public:plan", args=[sound_plan.pk])).content.decode()
    assert NOTE in page
    assert "Piezīme par tikšanām ar partneriem:</span> (B2B forumi," in page
    assert "Piezīme par memorandiem vai līgumiem" not in page  # an empty item note shows nothing
