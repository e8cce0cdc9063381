"""The worksheet page's layout on the server side: ws 7 shows one task field, with the task as the plan words it as a
note where it differs, and no save, merge or Excel import loses that wording; the read-only grid's scrollable region
is keyboard-focusable; optional columns are offered for hiding."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tests.factories import ActivityFactory, StrategicGoalFactory, TaskFactory, viewer_of
from worksheets.editing.editor import WorksheetEditor
from worksheets.editing.forms import row_formset_class
from worksheets.editing.page_data import post_data
from worksheets.models import Activity
from worksheets.registry import ALL_TABLES, WORKSHEETS, get_worksheet

pytestmark = pytest.mark.django_db

WORDING = "Pilotprogramma pedagogu kapacitātes celšanai"  # a task as a plan words it, not one of ws 6's tasks


def noted(text: str) -> str:
    """The note under the task: the wording after its column's label."""
    with translation.override("lv"):
        return f"{Activity._meta.get_field('task_as_written').verbose_name}: {text}"


def worksheet_url(plan, number) -> str:
    return reverse("worksheets:worksheet", args=[plan.pk, number])


@pytest.fixture
def activities(sound_plan):
    """Three activities of one task: its wording differs, says the same (case, spacing, a full stop), is empty; and
    one without a task that has a wording."""
    task = TaskFactory(goal=StrategicGoalFactory(plan=sound_plan, text="Mērķis"), text="Informēt sabiedrību")
    return {
        "differs": ActivityFactory(task=task, task_as_written=WORDING, description="Pilotprogramma"),
        "same": ActivityFactory(task=task, task_as_written="informēt  Sabiedrību.", description="Raksts avīzē"),
        "empty": ActivityFactory(task=task, task_as_written="", description="Seminārs"),
        "no task": ActivityFactory(plan=sound_plan, task_as_written="Cits uzdevums", description="Konkurss"),
    }


def test_every_note_column_names_another_column_of_its_table():
    for _worksheet, table in ALL_TABLES:
        names = table.field_names
        for column in table.note_columns:
            assert column.note_of in names and column.note_of != column.name
            assert column.note_of in [c.name for c in table.grid_columns]


def test_ws7_grid_has_one_task_column_and_every_other_view_keeps_the_wording():
    table = get_worksheet(7).table("activities")
    assert [c.name for c in table.grid_columns].count("task") == 1
    assert "task_as_written" not in [c.name for c in table.grid_columns]
    assert "task_as_written" in table.field_names  # PDF, Excel, history and comparisons read every column
    assert "task_as_written" not in row_formset_class(table, page=True).form.base_fields
    assert "task_as_written" in row_formset_class(table).form.base_fields  # the Excel import checks it


def test_collapsed_columns_are_optional_ones():
    for worksheet in WORKSHEETS:
        for table in worksheet.tables:
            for column in table.bound_columns:
                if column.collapsed:
                    assert not column.expected, (worksheet.number, column.name)
    assert [c.name for c in get_worksheet(7).table("activities").grid_columns if c.collapsed] == ["action_group"]


def test_wording_is_a_note_under_the_task_only_where_it_differs(activities):
    table = get_worksheet(7).table("activities")
    note = table.column("task_as_written").note_text
    assert note(activities["differs"]) == noted(WORDING)
    assert note(activities["same"]) == ""
    assert note(activities["empty"]) == ""
    assert note(activities["no task"]) == noted("Cits uzdevums")


def test_editable_ws7_page_shows_one_task_field_and_the_wording_as_its_note(client, editor, activities):
    client.force_login(editor)
    body = client.get(worksheet_url(activities["differs"].plan, 7)).content.decode()
    header = body[body.index("<thead>") : body.index("</thead>")]
    with translation.override("lv"):
        task_label, written_label = (
            str(Activity._meta.get_field("task").verbose_name),
            str(Activity._meta.get_field("task_as_written").verbose_name),
        )
    assert header.count(f">{task_label}") == 1
    assert written_label not in header
    assert "ws-col-task_as_written" not in body
    assert 'name="activities-0-task_as_written"' not in body
    differs = activities["differs"]
    note = re.search(r'<div class="form-text" id="id_activities-(\d+)-task_note">([^<]*)</div>', body)
    assert note is not None and note.group(2) == noted(WORDING)
    notes = re.findall(r'<div class="form-text" id="id_activities-\d+-task_note">([^<]*)</div>', body)
    assert sorted(notes) == sorted(
        [noted(WORDING), noted("Cits uzdevums")]
    )  # not where it says the task's text, nor empty
    assert differs.task_as_written == WORDING


def test_saving_ws7_keeps_the_wording_even_when_a_page_sends_another(client, editor, activities):
    plan = activities["differs"].plan
    client.force_login(editor)
    data = post_data(plan, 7)
    rows = {int(data[f"activities-{i}-id"]): i for i in range(int(data["activities-TOTAL_FORMS"]))}
    index = rows[activities["differs"].pk]
    data[f"activities-{index}-description"] = "Pilotprogramma skolotājiem"
    data[f"activities-{index}-task_as_written"] = ""  # a crafted page: the grid never sends it
    response = client.post(worksheet_url(plan, 7), data)
    assert response.status_code == 302
    saved = {a.pk: (a.description, a.task_as_written) for a in Activity.objects.filter(plan=plan)}
    assert saved[activities["differs"].pk] == ("Pilotprogramma skolotājiem", WORDING)
    assert saved[activities["same"].pk][1] == "informēt  Sabiedrību."
    assert saved[activities["no task"].pk][1] == "Cits uzdevums"


def test_excel_round_trip_keeps_the_wording(client, editor, activities):
    plan = activities["differs"].plan
    client.force_login(editor)
    workbook = load_workbook(io.BytesIO(client.get(reverse("worksheets:plan_xlsx", args=[plan.pk])).content))
    sheet = workbook[next(n for n in workbook.sheetnames if n.split(" ", 1)[0] == "7")]
    header = [cell.value for cell in sheet[1]]
    with translation.override("lv"):
        written_label = str(Activity._meta.get_field("task_as_written").verbose_name)
    assert written_label in header
    written = header.index(written_label)
    description = header.index(str(Activity._meta.get_field("description").verbose_name))
    assert WORDING in [row[written].value for row in sheet.iter_rows(min_row=2)]
    for row in sheet.iter_rows(min_row=2):
        if row[written].value == WORDING:
            row[description].value = "Pilotprogramma pedagogiem"
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("plāns.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    response = client.post(reverse("worksheets:plan_import", args=[plan.pk]), {"file": upload})
    assert response.context["preview"].total == (0, 1, 0)
    client.post(reverse("worksheets:plan_import_apply", args=[plan.pk]), {"token": response.context["token"]})
    differs = Activity.objects.get(pk=activities["differs"].pk)
    assert (differs.description, differs.task_as_written) == ("Pilotprogramma pedagogiem", WORDING)
    assert Activity.objects.get(pk=activities["no task"].pk).task_as_written == "Cits uzdevums"


def test_read_only_grid_is_a_focusable_region_with_the_wording_as_a_note(client, activities):
    plan = activities["differs"].plan
    client.force_login(viewer_of(plan.municipality))
    body = client.get(worksheet_url(plan, 7)).content.decode()
    region = re.search(r'<div class="table-responsive ws-grid"([^>]*)>', body)
    assert region is not None
    assert 'tabindex="0"' in region.group(1) and 'role="region"' in region.group(1)
    assert 'aria-labelledby="table-activities"' in region.group(1)
    assert "ws-col-task_as_written" not in body
    assert f'<div class="small text-body-secondary">{noted(WORDING)}</div>' in body
    assert 'data-label="' in body


def test_progress_only_page_shows_the_wording_under_the_task(client, editor, activities):
    plan = activities["differs"].plan
    plan.status = "approved"
    plan.save()
    editor_ = WorksheetEditor(plan, get_worksheet(7), editable=False, progress_only=True)
    assert editor_.progress_only
    client.force_login(editor)
    body = client.get(worksheet_url(plan, 7)).content.decode()
    assert "ws-col-task_as_written" not in body
    assert WORDING in body


def test_optional_columns_are_offered_for_hiding_with_a_label(client, editor, activities):
    client.force_login(editor)
    body = client.get(worksheet_url(activities["differs"].plan, 7)).content.decode()
    details = re.search(r'<details class="ws-columns[^"]*" data-columns="7-activities"[^>]*>', body)
    assert details is not None and 'data-hidden-default="action_group "' in details.group(0)
    for name in ("action_group", "status", "due_date"):
        assert f'data-column-toggle="{name}"' in body
    for name in ("description", "task", "timeline"):
        assert f'data-column-toggle="{name}"' not in body
    with translation.override("lv"):
        assert _("Columns shown") in body


def test_progress_columns_cannot_be_hidden_while_progress_is_recorded(client, editor, activities):
    """On an approved plan the officer records progress (ws 7's status): that column is not offered for hiding,
    while the plan's other optional columns still are; on the draft it is."""
    plan = activities["differs"].plan
    client.force_login(editor)
    draft = client.get(worksheet_url(plan, 7)).content.decode()
    assert 'data-column-toggle="status"' in draft
    plan.status = "approved"
    plan.save()
    body = client.get(worksheet_url(plan, 7)).content.decode()
    assert 'name="activities-0-status"' in body  # the progress column is editable here
    assert 'data-column-toggle="status"' not in body
    assert 'data-column-toggle="action_group"' in body
    with translation.override("lv"):
        assert _("The columns you record progress in are always shown.") in body
