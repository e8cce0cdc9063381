"""Round trip through Excel: export, edit, import with a preview; bad files change nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from worksheets.editing.page_data import post_data
from worksheets.models import Activity, MonitoringActivity, PlanStatus, Risk, Task
from worksheets.registry import ALL_TABLES

pytestmark = pytest.mark.django_db


def exported(client, plan):
    return load_workbook(io.BytesIO(client.get(reverse("worksheets:plan_xlsx", args=[plan.pk])).content))


def sheet(workbook, code):
    return workbook[next(n for n in workbook.sheetnames if n.split(" ", 1)[0] == code)]


def upload(client, plan, workbook, name="plāns.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")
    return client.post(reverse("worksheets:plan_import", args=[plan.pk]), {"file": file})


def apply(client, plan, response):
    token = response.context["token"]
    return client.post(reverse("worksheets:plan_import_apply", args=[plan.pk]), {"token": token}, follow=True)


def snapshot(plan):
    rows = {}
    for _worksheet, table in ALL_TABLES:
        rows[table.key] = list(table.model.objects.filter(plan=plan).order_by("pk").values())
        rows[table.key + "-history"] = table.model.history.filter(plan_id=plan.pk).count()
    return rows


def test_round_trip_applies_the_change_and_only_it(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    risks = sheet(workbook, "10")
    risks["D3"] = "augsts"
    risks["E3"] = "Sadarbības līgumi ar NVO"
    before = snapshot(sound_plan)
    response = upload(client, sound_plan, workbook)
    preview = response.context["preview"]
    assert preview.total == (0, 1, 0)
    body = response.content.decode()
    assert "Sadarbības līgumi ar NVO" in body
    assert snapshot(sound_plan) == before  # the preview changes nothing
    response = apply(client, sound_plan, response)
    assert "Importēts: mainīta 1 rinda." in response.content.decode()
    after = snapshot(sound_plan)
    changed = Risk.objects.get(plan=sound_plan, factor="Ierobežota sadarbība ar vietējiem uzņēmējiem un NVO")
    assert (changed.level, changed.preventive_measures) == ("high", "Sadarbības līgumi ar NVO")
    assert after["risks-history"] == before["risks-history"] + 1
    for key in before:
        if key not in ("risks", "risks-history"):
            assert after[key] == before[key], key
    others = [r for r in after["risks"] if r["id"] != changed.pk]
    assert others == [r for r in before["risks"] if r["id"] != changed.pk]
    record = changed.history.first()
    assert (record.history_user, record.history_change_reason) == (editor, "Excel imports")


def append_by_header(worksheet, values: dict) -> None:
    """A new row with ``values`` under the headings they name (other cells empty), whatever the column order."""
    headers = [cell.value for cell in worksheet[1]]
    assert set(values) <= set(headers), set(values) - set(headers)
    worksheet.append([values.get(header, "") for header in headers])


def test_import_adds_a_goal_with_its_task_and_an_activity_linked_by_number(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "6a").append(["", "Līdz 2026. gada beigām SU spēle visās skolās", ""])
    sheet(workbook, "6b").append(["", "2. Līdz 2026. gada beigām SU spēle visās skolās", "Spēle klases stundās", ""])
    append_by_header(
        sheet(workbook, "7"),
        {
            "Specifiskais uzdevums": "2.1.",
            "Aktivitāte": "Nopirkt 10 spēles",
            "Laika grafiks": "2026. gada pavasaris",
            "Finansējuma avots": "Budžets",
            "Atbildīgā struktūrvienība pašvaldībā": "Izglītības pārvalde",
        },
    )
    activities = sheet(workbook, "7")
    activities.delete_rows(2)  # remove the existing activity
    response = upload(client, sound_plan, workbook)
    assert response.context["preview"].total == (3, 0, 1)
    apply(client, sound_plan, response)
    new_task = Task.objects.get(plan=sound_plan, text="Spēle klases stundās")
    assert new_task.goal.text == "Līdz 2026. gada beigām SU spēle visās skolās"
    assert list(Activity.objects.filter(plan=sound_plan).values_list("description", "task")) == [
        ("Nopirkt 10 spēles", new_task.pk)
    ]


def test_unchanged_file_has_nothing_to_import(client, editor, sound_plan):
    client.force_login(editor)
    response = upload(client, sound_plan, exported(client, sound_plan))
    assert not response.context["preview"].has_changes
    assert "nav ko importēt" in response.content.decode()


def refused(client, plan, workbook_or_file, message):
    before = snapshot(plan)
    if isinstance(workbook_or_file, SimpleUploadedFile):
        response = client.post(reverse("worksheets:plan_import", args=[plan.pk]), {"file": workbook_or_file})
    else:
        response = upload(client, plan, workbook_or_file)
    body = response.content.decode()
    assert "Fails netika importēts, un nekas netika mainīts" in body
    assert message in body, list(response.context.get("errors") or [])
    assert snapshot(plan) == before


def test_not_an_xlsx_is_refused(client, editor, sound_plan):
    client.force_login(editor)
    file = SimpleUploadedFile("plāns.xlsx", b"Tas nav Excel", content_type="text/plain")
    refused(client, sound_plan, file, "Šis nav Excel (.xlsx) fails.")


def test_too_large_file_is_refused(client, editor, sound_plan):
    client.force_login(editor)
    file = SimpleUploadedFile("liels.xlsx", b"0" * (5 * 1024 * 1024 + 1))
    refused(client, sound_plan, file, "Fails ir pārāk liels")


def test_renamed_sheet_is_refused(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "3").title = "Dati"
    refused(client, sound_plan, workbook, "Trūkst 3. darba lapas lapas vai tā ir pārdēvēta")


def test_missing_column_is_refused_naming_it(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "11").delete_cols(3)
    refused(
        client,
        sound_plan,
        workbook,
        "kolonna C: virsraksts ir „Izpildes termiņš”, bet jābūt „Atbildīgā institūcija / struktūrvienība”.",
    )


def test_link_to_a_missing_goal_is_refused(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "8").append(["", "Mentoru skaits", "9. Neesošs mērķis", "2", "", "", "", "", ""])
    refused(client, sound_plan, workbook, "3. rinda: šajā failā nav rindas ar numuru 9 (stratēģiskais mērķis).")


def test_risk_level_outside_the_scale_is_refused(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "10")["D2"] = "ļoti augsts"
    refused(
        client, sound_plan, workbook, "2. rinda, kolonna D: „ļoti augsts” nav neviena no vērtībām zems/vidējs/augsts."
    )


def test_empty_required_text_is_refused(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "6a")["B2"] = ""
    refused(client, sound_plan, workbook, "2. rinda, kolonna B (Stratēģiskais mērķis): šis teksts ir obligāts.")


def test_formula_is_refused(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "11")["E2"] = "=1+1"
    refused(client, sound_plan, workbook, "šūna E2: formula; lūdzu, ielīmējiet vērtības.")


def test_high_risk_without_prevention_in_the_file_is_refused(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "10")["D2"] = "augsts"
    refused(client, sound_plan, workbook, "Vidēja vai augsta riska gadījumā jānorāda preventīvie pasākumi.")


def test_a_change_after_the_preview_stops_the_import(client, editor, sound_plan):
    client.force_login(editor)
    workbook = exported(client, sound_plan)
    sheet(workbook, "11")["C2"] = "Attīstības nodaļa"
    response = upload(client, sound_plan, workbook)
    data = post_data(sound_plan, 11)
    data["monitoring-0-deadline"] = "2026. gada marts"
    assert client.post(reverse("worksheets:worksheet", args=[sound_plan.pk, 11]), data).status_code == 302
    response = apply(client, sound_plan, response)
    assert "Pēc priekšskatījuma plāns ir mainīts" in response.content.decode()
    first = MonitoringActivity.objects.filter(plan=sound_plan).order_by("position")[0]
    assert (first.responsible, first.deadline) == ("", "2026. gada marts")  # the page's save stays, alone


def test_only_editors_of_a_draft_may_import(client, sound_plan, viewer, coordinator, other_editor, editor):
    url = reverse("worksheets:plan_import", args=[sound_plan.pk])
    for user, status in ((viewer, 403), (coordinator, 403), (other_editor, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
        assert (
            client.post(reverse("worksheets:plan_import_apply", args=[sound_plan.pk]), {"token": "x"}).status_code
            == status
        )
    sound_plan.status = PlanStatus.SUBMITTED
    sound_plan.save()
    client.force_login(editor)
    assert client.get(url).status_code == 403
