"""The editable grid's rows written in Python (``worksheets.editing.grid``) are the markup the template engine wrote
before (``tests/templates/grid_rows_reference.html`` with Django's form widgets), in every case the page has: every
column kind of every worksheet, errors, conflicts, comment markers, notes, suggestions (a long or multi-line text in
a cell with suggestions as a textarea), progress-only editing, a new row, and text officers really type. The page's GET, which renders stored rows without building their forms, gives
the same rows as their forms would."""

import datetime
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from django.template import Context, Engine
from django.template.backends.django import get_installed_libraries
from django.test import Client
from django.urls import reverse

from tests.factories import editor_of
from worksheets.editing import services
from worksheets.editing.editor import WorksheetEditor
from worksheets.editing.grid import ONE_LINE_LIMIT, GridRenderer, StoredRowValues, written_in_python
from worksheets.editing.page_data import existing_rows, post_data
from worksheets.models import Activity, Cooperation, Indicator, PlanStatus, Risk
from worksheets.registry import WORKSHEETS, get_worksheet
from worksheets.seed.demo import fill_plan

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "templates" / "grid_rows_reference.html"
DANGEROUS = "</textarea><script>alert('x')</script> &amp; \"pēdiņas\" 'vienpēdiņas' ž ē ū ą ė 😀 <b>\r\notrā rinda"


class Canonical(HTMLParser):
    """HTML as a list of tags (attributes sorted) and texts: whitespace between tags and runs of it in texts do not
    count, except inside a ``<textarea>``, whose text is compared as it is."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items, self.in_textarea, self.text = [], False, []

    def flush(self):
        text = "".join(self.text)
        self.text = []
        if self.in_textarea:
            self.items.append(("textarea-text", text))
        elif " ".join(text.split()):
            self.items.append(("text", " ".join(text.split())))

    def handle_starttag(self, tag, attrs):
        self.flush()
        self.items.append(("start", tag, tuple(sorted(attrs))))
        self.in_textarea = tag == "textarea"

    def handle_startendtag(self, tag, attrs):
        self.flush()
        self.items.append(("start", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag):
        self.flush()
        self.in_textarea = False
        self.items.append(("end", tag))

    def handle_data(self, data):
        self.text.append(data)


def canonical(html: str) -> list:
    parser = Canonical()
    parser.feed(str(html))
    parser.close()
    parser.flush()
    return parser.items


def reference(editor, section, forms, commented_rows=None, first_index=0) -> str:
    """The rows as the template engine wrote them (``grid_rows_reference.html``)."""
    engine = Engine(
        app_dirs=True,
        libraries={**get_installed_libraries(), "grid_reference": "tests.grid_reference_tags"},
    )
    template = engine.from_string(REFERENCE.read_text(encoding="utf-8"))
    context = {
        "editor": editor,
        "section": section,
        "forms": forms,
        "commented_rows": commented_rows or {},
        "first_index": first_index,
    }
    return template.render(Context(context))


def assert_same_rows(editor, section, commented_rows=None):
    """The renderer's rows of ``section`` equal the reference's, from the forms and (unbound) from the stored rows."""
    written = GridRenderer(editor, section, commented_rows).rows()
    forms = section.ordered_forms
    assert forms, section.table.key
    expected = canonical(reference(editor, section, forms, commented_rows))
    assert canonical(written) == expected
    from_forms = "".join(
        GridRenderer(editor, section, commented_rows).form_row(form, index) for index, form in enumerate(forms, start=1)
    )
    assert canonical(from_forms) == expected
    return written


def fill_awkwardly(plan):
    """Three rows in every table; text cells hold what officers really type, one due date is set, the task of
    ws 7's first activity is written differently (a note), a reference to a core indicator where a table has one."""
    fill_plan(plan, rows=3)
    for worksheet in WORKSHEETS:
        for table in worksheet.tables:
            rows = list(table.model.objects.filter(plan=plan).order_by("position"))
            for column in table.bound_columns:
                if column.kind == "text" and not column.suggestions and column.field.max_length is None:
                    table.model.objects.filter(pk=rows[0].pk).update(**{column.name: DANGEROUS})
                elif column.kind == "text":
                    limit = column.field.max_length or 500
                    table.model.objects.filter(pk=rows[1].pk).update(**{column.name: DANGEROUS[:limit]})
                elif column.is_date:
                    table.model.objects.filter(pk=rows[2].pk).update(**{column.name: datetime.date(2027, 3, 9)})
                elif column.kind == "choice" and not column.required:
                    table.model.objects.filter(pk=rows[2].pk).update(**{column.name: ""})
    Activity.objects.filter(plan=plan, position=1).update(task_as_written="Uzdevums, kā plānā rakstīts <i>&</i>")


@pytest.mark.parametrize("number", [w.number for w in WORKSHEETS])
def test_stored_rows_are_written_as_the_template_wrote_their_forms(plan, number, count_indicator):
    fill_awkwardly(plan)
    Indicator.objects.filter(plan=plan, position=1).update(core_indicator=count_indicator)
    editor = WorksheetEditor(plan, get_worksheet(number), editable=True)
    for section in editor.sections:
        written = assert_same_rows(editor, section)
        assert "<script>" not in written
        assert "selected" in written or not section.table.link_columns + tuple(
            c for c in section.table.grid_columns if c.is_choice
        )


def test_stored_values_are_what_an_unbound_form_shows(plan):
    fill_awkwardly(plan)
    for worksheet in WORKSHEETS:
        editor = WorksheetEditor(plan, worksheet, editable=True)
        for section in editor.sections:
            prototype = section.formset.empty_form
            for form in section.formset.forms:
                values = StoredRowValues(
                    prototype, form.instance, form.prefix, [b.name for b in prototype.hidden_fields()]
                )
                assert {name: values.value(name) for name in form.fields} == {
                    name: form[name].value() for name in form.fields
                }, (worksheet.number, section.table.key)


@pytest.mark.parametrize("progress_only", [False, True])
def test_every_widget_of_every_grid_is_written_in_python(sound_plan, progress_only):
    if progress_only:
        sound_plan.status = PlanStatus.PUBLISHED
        sound_plan.save(update_fields=["status"])
    for worksheet in WORKSHEETS:
        editor = WorksheetEditor(sound_plan, worksheet, editable=not progress_only, progress_only=progress_only)
        for section in editor.sections:
            if section.formset is None:
                continue  # a worksheet without progress columns: read only
            prototype = section.formset.empty_form
            slow = [name for name, field in prototype.fields.items() if not written_in_python(field.widget)]
            assert slow == [], (worksheet.number, section.table.key)


def test_notes_suggestions_and_dates_are_in_the_written_rows(plan):
    fill_awkwardly(plan)
    Activity.objects.filter(plan=plan, position=2).update(timeline="2027. gada marts", due_date=None)
    editor = WorksheetEditor(plan, get_worksheet(7), editable=True)
    section = editor.sections[0]
    written = assert_same_rows(editor, section)
    row = Activity.objects.get(plan=plan, position=1)
    assert 'id="id_activities-0-task_note"' in written
    assert "Uzdevums, kā plānā rakstīts &lt;i&gt;&amp;&lt;/i&gt;" in written
    assert 'aria-describedby="id_activities-0-task_note"' in written
    assert 'id="id_activities-1-due_date_note"' in written  # the due date read from the timeline
    assert 'value="2027-03-09"' in written
    assert f'id="row-activities-{row.pk}"' in written
    suggested = [c for w in WORKSHEETS for t in w.tables for c in t.grid_columns if c.suggestions]
    assert suggested  # some worksheet offers suggestions: covered by the test over every worksheet


def test_a_row_with_an_open_review_comment_is_marked(plan):
    fill_awkwardly(plan)
    editor = WorksheetEditor(plan, get_worksheet(10), editable=True)
    section = editor.sections[0]
    pk = section.formset.get_queryset()[1].pk
    commented = {section.table.key: {pk: SimpleNamespace(pk=41)}}
    written = assert_same_rows(editor, section, commented)
    assert 'href="#comment-41"' in written
    assert written.count("ws-row-commented") == 1


def posted_editor(plan, number, data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query[key] = str(value)
    return WorksheetEditor(plan, get_worksheet(number), editable=True, data=query)


def test_rows_sent_back_with_errors_are_written_as_the_template_wrote_them(plan):
    fill_awkwardly(plan)
    rows = existing_rows(plan, get_worksheet(7).tables[0])
    rows[0]["description"] = ""  # required
    rows[1]["due_date"] = "2027-02-31"  # no such day
    rows[2]["status"] = "<nav>"  # no such choice
    rows[2]["DELETE"] = True
    new = {"position": 4, "description": DANGEROUS, "task": "999999"}  # a task of no plan
    editor = posted_editor(plan, 7, post_data(plan, 7, {"activities": [*rows, new]}))
    assert not editor.is_valid()
    written = assert_same_rows(editor, editor.sections[0])
    assert written.count("ws-row-invalid") == 4
    assert 'aria-invalid="true"' in written
    assert 'id="id_activities-0-description_errors"' in written
    assert 'value="2027-02-31"' in written
    assert 'name="activities-2-DELETE" id="activities-2-DELETE" checked' in written
    assert 'id="new-activities-activities-3"' in written


def test_a_page_sent_back_after_a_colleagues_save_is_written_as_the_template_wrote_it(client, plan, editor):
    colleague = editor_of(plan.municipality, user__username="liga", user__first_name="Līga")
    fill_awkwardly(plan)
    loaded = post_data(plan, 10)
    theirs, mine = dict(loaded), dict(loaded)
    theirs["risks-0-factor"] = 'Kolēģes <teksts> & "pēdiņas"'
    theirs["risks-2-factor"] = "Kolēģe to papildināja"
    client.force_login(colleague)
    assert client.post(reverse("worksheets:worksheet", args=[plan.pk, 10]), theirs).status_code == 302
    mine["risks-0-factor"] = "Mans teksts"
    mine["risks-2-DELETE"] = "on"
    editor_ = posted_editor(plan, 10, mine)
    assert editor_.is_valid()
    with pytest.raises(services.WorksheetConflict) as conflict:
        services.worksheet_save(
            plan=plan,
            worksheet=get_worksheet(10),
            formsets=editor_.formsets,
            plan_form=editor_.saved_plan_form,
            note_form=editor_.saved_note_form,
            user=editor,
            revision=editor_.revision,
        )
    editor_.show_conflict(conflict.value)
    written = assert_same_rows(editor_, editor_.sections[0])
    assert written.count('class="ws-conflict small mt-1"') == 1  # the cell both changed
    assert written.count('class="ws-conflict small mb-1"') == 1  # the row I deleted and they changed
    assert "Kolēģes &lt;teksts&gt; &amp; &quot;pēdiņas&quot;" in written


def test_progress_only_rows_are_written_as_the_template_wrote_them(sound_plan):
    fill_awkwardly(sound_plan)
    sound_plan.status = PlanStatus.PUBLISHED
    sound_plan.save(update_fields=["status"])
    for number in (7, 8, 11):
        editor = WorksheetEditor(sound_plan, get_worksheet(number), editable=False, progress_only=True)
        assert editor.progress_only
        for section in editor.sections:
            written = assert_same_rows(editor, section)
            assert "ws-row-tools" not in written
            assert "ws-progress" in written


def test_a_new_row_is_written_as_the_template_wrote_it(client, plan, editor):
    fill_awkwardly(plan)
    client.force_login(editor)
    for number in (7, 10):
        worksheet = get_worksheet(number)
        table = worksheet.tables[0]
        url = reverse("worksheets:new_row", args=[plan.pk, number, table.key])
        response = client.get(url, {f"{table.key}-TOTAL_FORMS": "3"})
        assert response.status_code == 200
        page_editor = WorksheetEditor(plan, worksheet, editable=True)
        formset = page_editor.formset(table)
        form = formset.form(
            **formset.get_form_kwargs(3),
            auto_id=formset.auto_id,
            prefix=formset.add_prefix(3),
            initial={"position": 4},
            empty_permitted=True,
            use_required_attribute=False,
            renderer=formset.form_renderer,
        )
        formset.add_fields(form, None)
        section = next(s for s in page_editor.sections if s.table is table)
        expected = reference(page_editor, section, [form], first_index=3)
        assert canonical(response.content.decode()) == canonical(expected)
        assert f'id="new-{table.key}-{table.key}-3"' in response.content.decode()


def test_the_page_shows_every_row_and_builds_no_form_to_do_it(client, plan, editor):
    fill_awkwardly(plan)
    Risk.objects.filter(plan=plan, position=1).update(factor=DANGEROUS[:200])
    client.force_login(editor)
    response = client.get(reverse("worksheets:worksheet", args=[plan.pk, 10]))
    body = response.content.decode()
    section = response.context["editor"].sections[0]
    assert "forms" not in section.formset.__dict__  # the GET wrote its rows without their forms
    assert body.count('<tr id="row-risks-') == Risk.objects.filter(plan=plan).count()
    assert "<script>alert" not in body


def test_a_stranger_gets_no_new_row(plan, other_editor):
    client = Client()
    client.force_login(other_editor)
    url = reverse("worksheets:new_row", args=[plan.pk, 10, "risks"])
    assert client.get(url, {"risks-TOTAL_FORMS": "3"}).status_code == 404


def test_a_long_or_multi_line_text_with_suggestions_is_a_textarea_and_a_short_one_keeps_them(plan):
    fill_plan(plan, rows=4)
    rows = list(Cooperation.objects.filter(plan=plan).order_by("position"))
    texts = ["Līgums", "x" * ONE_LINE_LIMIT, "x" * (ONE_LINE_LIMIT + 1), "Līgums\nKopīgi projekti"]
    for row, text in zip(rows, texts, strict=True):
        Cooperation.objects.filter(pk=row.pk).update(cooperation_type=text)
    editor = WorksheetEditor(plan, get_worksheet(2), editable=True)
    written = assert_same_rows(editor, editor.sections[0])
    fields = {
        dict(item[2])["name"]: item
        for item in canonical(written)
        if item[0] == "start" and dict(item[2]).get("name", "").endswith("-cooperation_type")
    }
    assert [fields[f"cooperation-{i}-cooperation_type"][1] for i in range(4)] == [
        "input",
        "input",
        "textarea",
        "textarea",
    ]
    for i in (0, 1):
        assert dict(fields[f"cooperation-{i}-cooperation_type"][2])["list"] == "suggest-cooperation-cooperation_type"
    for i in (2, 3):
        attrs = dict(fields[f"cooperation-{i}-cooperation_type"][2])
        assert "list" not in attrs
        assert (attrs["rows"], attrs["class"], attrs["id"]) == (
            "2",
            "form-control form-control-sm",
            f"id_cooperation-{i}-cooperation_type",
        )
        assert "data-grow" in attrs
    assert ">\nLīgums\nKopīgi projekti</textarea>" in written  # the line break kept, as the browser shows it


def test_a_long_text_sent_back_with_an_error_stays_a_textarea_with_its_error(plan):
    fill_plan(plan, rows=2)
    rows = existing_rows(plan, get_worksheet(2).tables[0])
    long_text = "Partnerības līgums\r\n● Kopīgi finansēti projekti " + "ā" * 40
    rows[0]["cooperation_type"] = long_text
    rows[0]["organisation"] = ""  # required
    editor = posted_editor(plan, 2, post_data(plan, 2, {"cooperation": rows}))
    assert not editor.is_valid()
    written = assert_same_rows(editor, editor.sections[0])
    assert '<textarea name="cooperation-0-cooperation_type"' in written
    assert 'name="cooperation-1-cooperation_type"' in written


def test_a_new_row_offers_the_suggestions(client, plan, editor):
    client.force_login(editor)
    url = reverse("worksheets:new_row", args=[plan.pk, 2, "cooperation"])
    response = client.get(url, {"cooperation-TOTAL_FORMS": "2"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'list="suggest-cooperation-cooperation_type"' in body
    assert "<textarea" in body  # the row's other text cells
    assert 'name="cooperation-2-cooperation_type"' in body
    assert '<textarea name="cooperation-2-cooperation_type"' not in body
