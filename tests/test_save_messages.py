"""What a worksheet save and an Excel import say they did: table rows counted as rows, with their plural forms, and
the worksheet's fields outside its tables and its notes named as such; the history names a change of the notes as a
change of the worksheet's notes."""

import io

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from municipalities.languages import store_preferred_language
from worksheets.editing.history import worksheet_history
from worksheets.editing.page_data import existing_rows, post_data
from worksheets.notes import NOTE_KEY
from worksheets.registry import get_worksheet

pytestmark = pytest.mark.django_db


def officer(user, language: str = "lv") -> Client:
    store_preferred_language(user, language)
    client = Client()
    client.force_login(user)
    return client


def saved(client, plan, number: int, data: dict) -> list[str]:
    response = client.post(reverse("worksheets:worksheet", args=[plan.pk, number]), data)
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def rows_of(plan, number: int, key: str) -> list[dict]:
    """The saved rows of the table ``key`` of worksheet ``number`` as the page sends them."""
    return existing_rows(plan, next(table for table in get_worksheet(number).tables if table.key == key))


def risks_with_first_changed(plan, text: str) -> list[dict]:
    rows = rows_of(plan, 10, "risks")
    rows[0]["preventive_measures"] = text
    return rows


def test_saving_only_the_notes_says_the_notes_changed_not_a_row(editor, plan):
    client = officer(editor)
    assert saved(client, plan, 10, post_data(plan, 10, note="Riski pārskatīti 2026. gada janvārī.")) == [
        "Saglabāts: mainītas piezīmes."
    ]


def test_a_row_and_the_notes_are_one_row_and_the_notes(editor, plan):
    data = post_data(plan, 10, {"risks": risks_with_first_changed(plan, "Sadarbības līgumi")}, note="Pārskatīts.")
    assert saved(officer(editor), plan, 10, data) == ["Saglabāts: mainīta 1 rinda un mainītas piezīmes."]


def test_the_worksheets_fields_are_counted_as_fields(editor, plan):
    data = post_data(plan, 9, plan_fields={"meetings_held": True, "meetings_held_note": "notikušas 3"})
    assert saved(officer(editor), plan, 9, data) == ["Saglabāts: mainīti 2 lauki."]


def test_rows_fields_and_notes_together_in_each_language(editor, plan):
    rows = [{"text": "Ir izveidota darba grupa", "done": True}, {"text": "Ir vienota datu apmaiņa", "done": False}]
    expected = {
        "lv": "Saglabāts: pievienotas 2 rindas, mainīts 1 lauks un mainītas piezīmes.",
        "lt": "Išsaugota: pridėtos 2 eilutės, pakeistas 1 laukas ir pakeistos pastabos.",
        "en": "Saved: 2 rows added, 1 field changed and the notes changed.",
    }
    for count, language in enumerate(expected):
        data = post_data(
            plan,
            9,
            {"checklist": [*rows_of(plan, 9, "checklist"), *rows]},
            plan_fields={"meetings_held_note": f"notikušas {count + 3}"},
            note=f"Piezīme {count}",
        )
        assert saved(officer(editor, language), plan, 9, data) == [expected[language]]


def test_plural_forms_of_the_row_counts(editor, plan):
    rows = rows_of(plan, 10, "risks")
    for number, row in enumerate(rows):
        row["preventive_measures"] = f"Pasākums {number}"
    data = post_data(plan, 10, {"risks": rows})
    count = len(rows)
    assert count % 10 not in (0, 1) and not 11 <= count % 100 <= 19  # Latvian's form for 2–9, 22–29, …
    assert saved(officer(editor), plan, 10, data) == [f"Saglabāts: mainītas {count} rindas."]
    rows = rows_of(plan, 10, "risks")
    data = post_data(plan, 10, {"risks": [{**rows[0], "DELETE": "on"}, *rows[1:]]})
    assert saved(officer(editor, "lt"), plan, 10, data) == ["Išsaugota: ištrinta 1 eilutė."]


def test_saving_nothing_says_so(editor, plan):
    assert saved(officer(editor), plan, 10, post_data(plan, 10)) == [
        "Viss ir saglabāts: kopš pēdējās saglabāšanas nekas nav mainījies."
    ]


def test_the_history_names_the_first_notes_as_a_change_of_the_worksheets_notes(editor, plan):
    client = officer(editor)
    saved(client, plan, 10, post_data(plan, 10, note="Pirmā piezīme."))
    saved(client, plan, 10, post_data(plan, 10, note="Otrā piezīme."))
    entries = [entry for entry in worksheet_history(plan, get_worksheet(10)) if entry.table is None]
    assert [(entry.kind, entry.row_title) for entry in entries] == [("~", "darba lapas piezīmes")] * 2
    page = client.get(reverse("worksheets:history", args=[plan.pk, 10])).content.decode()
    badge = '<span class="badge text-bg-light border">{}</span>'
    assert page.count(badge.format("mainītas darba lapas piezīmes")) == 2


# --- the Excel import ----------------------------------------------------------------------------------------


def exported(client, plan):
    return load_workbook(io.BytesIO(client.get(reverse("worksheets:plan_xlsx", args=[plan.pk])).content))


def cover_row(workbook, key: str):
    return next(row for row in workbook.worksheets[0].iter_rows(min_row=2) if row[2].value == key)


def upload(client, plan, workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("plāns.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    return client.post(reverse("worksheets:plan_import", args=[plan.pk]), {"file": file})


def applied(client, plan, preview) -> list[str]:
    response = client.post(reverse("worksheets:plan_import_apply", args=[plan.pk]), {"token": preview.context["token"]})
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_import_of_a_note_and_two_fields_names_them(editor, sound_plan):
    client = officer(editor)
    workbook = exported(client, sound_plan)
    cover_row(workbook, NOTE_KEY.format(number=1))[1].value = "Excel piezīme 1. darba lapai"
    cover_row(workbook, "meetings_held")[1].value = "jā"
    cover_row(workbook, "meetings_held_note")[1].value = "notikušas 3"
    preview = upload(client, sound_plan, workbook)
    assert preview.context["changes"] == "mainīti 2 lauki un mainītas 1 darba lapas piezīmes"
    assert "Imports veiks šīs izmaiņas: mainīti 2 lauki un mainītas 1 darba lapas piezīmes." in preview.content.decode()
    assert applied(client, sound_plan, preview) == ["Importēts: mainīti 2 lauki un mainītas 1 darba lapas piezīmes."]


def test_an_import_counts_rows_with_their_plural_forms(editor, sound_plan):
    client = officer(editor, "lt")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lt"
    workbook = exported(client, sound_plan)
    risks = workbook[next(name for name in workbook.sheetnames if name.startswith("10"))]
    risks["E3"] = "Sutartys su NVO"
    for note in (1, 4):
        cover_row(workbook, NOTE_KEY.format(number=note))[1].value = f"Pastaba {note}"
    preview = upload(client, sound_plan, workbook)
    assert applied(client, sound_plan, preview) == ["Importuota: pakeista 1 eilutė ir pakeistos 2 darbo lapų pastabos."]
