"""Autosave of the worksheet grid (``worksheets.views.autosave``): what the page posts on Save, saved through the same
forms and the same cell-level merge, answered with JSON the page goes on from."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seimpact.lib.merge import encode_base
from tests.factories import editor_of
from worksheets.editing.history import worksheet_history
from worksheets.editing.page_data import existing_rows, post_data
from worksheets.editing.services import worksheet_state
from worksheets.models import MonitoringActivity, PlanStatus, Risk
from worksheets.registry import get_worksheet

pytestmark = pytest.mark.django_db


def autosave_url(plan, number):
    return reverse("worksheets:autosave", args=[plan.pk, number])


def page_url(plan, number):
    return reverse("worksheets:worksheet", args=[plan.pk, number])


@pytest.fixture
def colleague(aizkraukle):
    return editor_of(aizkraukle, user__username="liga", user__first_name="Līga", user__last_name="Ozola")


def risks(plan):
    return list(Risk.objects.filter(plan=plan).order_by("position", "id"))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def with_base(row: dict, digests: dict) -> str:
    """A row's ``base`` as the page composes it from an answer's digests."""
    return ";".join(f"{name}={digest}" for name, digest in digests.items())


def test_a_cell_saved_by_autosave_is_stored_and_recorded_as_one_change_by_the_user(plan, editor):
    client = signed_in(editor)
    data = post_data(plan, 10)
    data["risks-0-factor"] = "Telpu īres maksa pieaug"
    before = len(worksheet_history(plan, get_worksheet(10)))
    revision = worksheet_state(plan, 10).revision

    response = client.post(autosave_url(plan, 10), data)

    assert response.status_code == 200
    answer = response.json()
    assert answer["state"] == "saved"
    assert answer["revision"] == revision + 1
    assert len(answer["saved_at"]) == 5 and answer["saved_at"][2] == ":"  # "10:42"
    first = risks(plan)[0]
    assert first.factor == "Telpu īres maksa pieaug"
    assert answer["rows"]["risks-0"]["id"] == first.pk
    assert answer["rows"]["risks-0"]["theirs"] == {}
    assert (
        with_base(data, answer["rows"]["risks-0"]["base"])
        == existing_rows(plan, get_worksheet(10).tables[0])[0]["base"]
    )
    history = worksheet_history(plan, get_worksheet(10))
    assert len(history) == before + 1
    assert history[0].user == editor
    assert [change.label for change in history[0].changes] == [str(get_worksheet(10).tables[0].bound_columns[0].label)]
    with translation.override("lv"):
        assert answer["message"] == _("Saved: %(changes)s.") % {"changes": "mainīta 1 rinda"}


def test_a_colleagues_change_meanwhile_is_kept_and_returned_and_not_overwritten_next_time(plan, editor, colleague):
    page = post_data(plan, 10)
    theirs = {**page, "risks-1-impact": "Kolēģes ietekme"}
    assert signed_in(colleague).post(autosave_url(plan, 10), theirs).status_code == 200

    client = signed_in(editor)
    mine = {**page, "risks-0-factor": "Mans faktors"}
    answer = client.post(autosave_url(plan, 10), mine).json()

    assert answer["state"] == "saved"
    rows = risks(plan)
    assert (rows[0].factor, rows[1].impact) == ("Mans faktors", "Kolēģes ietekme")
    assert answer["rows"]["risks-1"]["theirs"] == {"risks-1-impact": "Kolēģes ietekme"}
    assert answer["rows"]["risks-0"]["theirs"] == {}
    # The page goes on from the answer: its next autosave (another cell) leaves the colleague's change alone.
    again = dict(mine)
    again["revision"] = answer["revision"]
    for prefix, row in answer["rows"].items():
        again[f"{prefix}-base"] = with_base(again, row["base"])
        again.update(row["theirs"])
    again["risks-2-factor"] = "Vēl viens mans labojums"
    assert client.post(autosave_url(plan, 10), again).json()["state"] == "saved"
    rows = risks(plan)
    assert (rows[0].factor, rows[1].impact, rows[2].factor) == (
        "Mans faktors",
        "Kolēģes ietekme",
        "Vēl viens mans labojums",
    )
    # A page that did not take the answer in (stale base) still never overwrites it: a conflict, nothing written.
    stale = {**mine, "risks-1-impact": page["risks-1-impact"], "risks-2-factor": "Vēl viens mans labojums"}
    stale["risks-1-impact"] = "Mana ietekme"
    assert client.post(autosave_url(plan, 10), stale).status_code == 409
    assert risks(plan)[1].impact == "Kolēģes ietekme"


def test_the_same_cell_changed_by_both_is_a_conflict_and_nothing_is_written(plan, editor, colleague):
    page = post_data(plan, 10)
    assert signed_in(colleague).post(autosave_url(plan, 10), {**page, "risks-0-factor": "Kolēģes"}).status_code == 200
    revision = worksheet_state(plan, 10).revision
    history = len(worksheet_history(plan, get_worksheet(10)))

    response = signed_in(editor).post(
        autosave_url(plan, 10), {**page, "risks-0-factor": "Mans", "risks-2-factor": "Arī mans"}
    )

    assert response.status_code == 409
    assert response.json()["state"] == "conflict"
    with translation.override("lv"):
        assert response.json()["message"] == _(
            "Conflict: a colleague changed the same cell — press Save to see both values"
        )
    assert [risks(plan)[0].factor, risks(plan)[2].factor] == ["Kolēģes", page["risks-2-factor"]]
    assert worksheet_state(plan, 10).revision == revision
    assert len(worksheet_history(plan, get_worksheet(10))) == history


@pytest.mark.parametrize("language", ["lv", "en"])
def test_an_invalid_value_is_400_with_the_message_in_the_users_language_and_nothing_written(plan, editor, language):
    client = signed_in(editor)
    data = post_data(plan, 11)
    data["monitoring-0-due_date"] = "2026-13-45"
    data["monitoring-1-activity"] = "Labots, bet nesaglabāts"
    revision = worksheet_state(plan, 11).revision
    before = [row.activity for row in MonitoringActivity.objects.filter(plan=plan).order_by("position")]

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch's choice
    response = client.post(autosave_url(plan, 11), data)
    with translation.override(language):
        expected_field = _("Enter a valid date.")
        expected = _("Not saved: correct the marked fields")
    answer = response.json()
    assert response.status_code == 400
    assert answer["state"] == "invalid"
    assert answer["errors"] == {"id_monitoring-0-due_date": expected_field}
    assert answer["message"] == expected
    assert [row.activity for row in MonitoringActivity.objects.filter(plan=plan).order_by("position")] == before
    assert worksheet_state(plan, 11).revision == revision


def test_a_new_row_gets_its_id_and_a_second_autosave_does_not_add_it_twice(plan, editor):
    client = signed_in(editor)
    stored = existing_rows(plan, get_worksheet(10).tables[0])
    new = {"id": "", "position": len(stored) + 1, "factor": "Partneri atsakās", "impact": "", "base": ""}
    empty = {"id": "", "position": len(stored) + 2, "factor": "", "impact": "", "base": ""}
    data = post_data(plan, 10, {"risks": [*stored, new, empty]})
    count = len(stored)

    answer = client.post(autosave_url(plan, 10), data).json()

    assert answer["state"] == "saved"
    added = answer["rows"][f"risks-{count}"]
    assert Risk.objects.get(pk=added["id"]).factor == "Partneri atsakās"
    assert f"risks-{count + 1}" not in answer["rows"]  # an empty new row is no error, and not saved
    assert answer["order"]["risks"][-1] == added["id"]
    assert Risk.objects.filter(plan=plan).count() == count + 1
    # The page takes the id and base in (saved rows first, as the formset wants) and autosaves another cell.
    new = {**new, "id": added["id"], "base": with_base(new, added["base"]), "impact": "Projekts apstājas"}
    again = post_data(plan, 10, {"risks": [*stored, new, empty]}, revision=answer["revision"])
    answer = client.post(autosave_url(plan, 10), again).json()
    assert answer["state"] == "saved"
    assert Risk.objects.filter(plan=plan).count() == count + 1
    assert Risk.objects.get(pk=added["id"]).impact == "Projekts apstājas"
    # And the page's Save button afterwards: nothing added twice either.
    assert client.post(page_url(plan, 10), again).status_code == 302
    assert Risk.objects.filter(plan=plan).count() == count + 1


def test_a_deleted_row_is_reported_deleted(plan, editor):
    client = signed_in(editor)
    stored = existing_rows(plan, get_worksheet(10).tables[0])
    stored[1]["DELETE"] = True
    answer = client.post(autosave_url(plan, 10), post_data(plan, 10, {"risks": stored})).json()
    assert answer["rows"]["risks-1"] == {"deleted": True}
    assert not Risk.objects.filter(pk=stored[1]["id"]).exists()
    assert stored[1]["id"] not in answer["order"]["risks"]
    assert len(answer["notes"]) == 1


def test_plan_fields_and_notes_get_their_base(plan, editor):
    client = signed_in(editor)
    loaded = client.get(page_url(plan, 5)).context["editor"].plan_form.fields["base"].initial
    data = {**post_data(plan, 5, note="Mūsu piezīme"), "base": loaded, "support_given": "Atbalsts"}
    answer = client.post(autosave_url(plan, 5), data).json()
    assert answer["state"] == "saved"
    plan.refresh_from_db()
    assert plan.support_given == "Atbalsts"
    assert with_base(data, answer["forms"]["base"]["base"]) == encode_base({"support_given": "Atbalsts"})
    assert with_base(data, answer["forms"]["note-base"]["base"]) == encode_base({"text": "Mūsu piezīme"})


# --- who may autosave -------------------------------------------------------------------------------------------


def test_an_outsider_gets_404(plan, other_editor):
    response = signed_in(other_editor).post(autosave_url(plan, 10), post_data(plan, 10))
    assert response.status_code == 404


def test_another_municipalitys_coordinator_gets_404(plan, other_coordinator):
    assert signed_in(other_coordinator).post(autosave_url(plan, 10), post_data(plan, 10)).status_code == 404


@pytest.mark.parametrize("reader", ["viewer", "coordinator"])
def test_a_reader_gets_403_and_nothing_is_written(request, plan, reader):
    data = {**post_data(plan, 10), "risks-0-factor": "Lasītāja teksts"}
    response = signed_in(request.getfixturevalue(reader)).post(autosave_url(plan, 10), data)
    assert response.status_code == 403
    assert response.json()["state"] == "refused"
    assert risks(plan)[0].factor != "Lasītāja teksts"


def test_an_unknown_worksheet_is_404(plan, editor):
    assert signed_in(editor).post(autosave_url(plan, 12), {}).status_code == 404


def test_a_signed_out_page_gets_401_json_with_the_way_back(plan):
    data = {**post_data(plan, 10), "risks-0-factor": "Bez sesijas"}
    response = Client().post(autosave_url(plan, 10), data)
    assert response.status_code == 401
    answer = response.json()
    assert answer["state"] == "signed-out"
    assert answer["login"] == redirect_to_login(page_url(plan, 10))["Location"]
    assert risks(plan)[0].factor != "Bez sesijas"


def test_get_is_not_allowed(plan, editor):
    assert signed_in(editor).get(autosave_url(plan, 10)).status_code == 405


def test_the_csrf_token_is_checked(plan, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(autosave_url(plan, 10), {**post_data(plan, 10), "risks-0-factor": "Bez žetona"})
    assert response.status_code == 403
    assert risks(plan)[0].factor != "Bez žetona"


@pytest.mark.parametrize(
    "change",
    [
        {"revision": "abc"},
        {"revision": "-1"},
        {"revision": "99999999999999999999"},
        {"loaded_at": "2025-13-45"},
        {"risks-TOTAL_FORMS": "abc"},
        {"risks-TOTAL_FORMS": "99999999999999999999"},
        {"risks-INITIAL_FORMS": "99"},
        {"risks-0-id": "abc"},
        {"risks-0-id": "-1"},
        {"risks-0-id": "99999999999999999999"},
        {"risks-0-base": "x" * 10_000},
        {"risks-0-position": "99999999999999999999"},
        {"note-base": "factor=zz"},
    ],
)
def test_malformed_bodies_are_400_never_500(plan, editor, change):
    data = {**post_data(plan, 10), **change}
    response = signed_in(editor).post(autosave_url(plan, 10), data)
    assert response.status_code in (400, 409) or response.json()["state"] == "saved"
    assert response["Content-Type"] == "application/json"
    json.loads(response.content)


def test_an_empty_body_is_400(plan, editor):
    response = signed_in(editor).post(autosave_url(plan, 10), {})
    assert response.status_code == 400
    assert response.json()["state"] == "invalid"


def test_an_approved_plan_saves_only_its_progress_columns(plan, editor):
    plan.status = PlanStatus.APPROVED
    plan.save()
    client = signed_in(editor)
    data = post_data(plan, 11)
    first = MonitoringActivity.objects.filter(plan=plan).order_by("position").first()
    data["monitoring-0-status"] = next(value for value, _label in first._meta.get_field("status").choices if value)
    data["monitoring-0-activity"] = "Approved content changed"

    answer = client.post(autosave_url(plan, 11), data).json()

    assert answer["state"] == "saved"
    first.refresh_from_db()
    assert first.status == data["monitoring-0-status"]
    assert first.activity != "Approved content changed"
    assert set(answer["rows"]["monitoring-0"]["base"]) == {"status"}


def test_an_approved_plans_worksheet_without_progress_columns_is_403(plan, editor):
    plan.status = PlanStatus.APPROVED
    plan.save()
    response = signed_in(editor).post(autosave_url(plan, 10), post_data(plan, 10))
    assert response.status_code == 403


def pending_note(count: int) -> str:
    return ngettext(
        "%(count)s new row is not saved yet: fill in its required fields.",
        "%(count)s new rows are not saved yet: fill in their required fields.",
        count,
    ) % {"count": count}


def required_message() -> str:
    with translation.override("lv"):
        return _("This field is required.")


def unfinished_row(stored: list) -> dict:
    """A new risk row the officer has begun: its impact chosen, its factor (required) not yet typed."""
    return {"id": "", "position": len(stored) + 1, "factor": "", "impact": "Projekts kavējas", "base": ""}


def test_an_unfinished_new_row_is_set_aside_and_the_rest_is_saved(plan, editor):
    client = signed_in(editor)
    stored = existing_rows(plan, get_worksheet(10).tables[0])
    stored[0] = {**stored[0], "factor": "Saglabāts, lai gan jaunā rinda nav pabeigta"}
    count = len(stored)

    response = client.post(autosave_url(plan, 10), post_data(plan, 10, {"risks": [*stored, unfinished_row(stored)]}))

    answer = response.json()
    assert response.status_code == 200
    assert answer["state"] == "saved"
    assert risks(plan)[0].factor == "Saglabāts, lai gan jaunā rinda nav pabeigta"
    assert len(risks(plan)) == count  # the unfinished row is neither added nor anything deleted for it
    assert f"risks-{count}" not in answer["rows"]
    with translation.override("lv"):
        required = _("This field is required.")
        note = pending_note(1)
    assert answer["pending"] == {f"risks-{count}": {f"id_risks-{count}-factor": required}}
    assert answer["pending_message"] == note
    assert answer["order"]["risks"] == [row["id"] for row in stored]


def test_two_unfinished_rows_get_the_plural_note(plan, editor):
    stored = existing_rows(plan, get_worksheet(10).tables[0])
    second = {**unfinished_row(stored), "position": len(stored) + 2}
    data = post_data(plan, 10, {"risks": [*stored, unfinished_row(stored), second]})
    answer = signed_in(editor).post(autosave_url(plan, 10), data).json()
    assert len(answer["pending"]) == 2
    with translation.override("lv"):
        assert answer["pending_message"] == pending_note(2)
    assert len(risks(plan)) == len(stored)


def test_the_save_button_still_refuses_an_unfinished_new_row(plan, editor):
    stored = existing_rows(plan, get_worksheet(10).tables[0])
    before = risks(plan)[0].factor
    stored[0] = {**stored[0], "factor": "Ar pogu"}
    response = signed_in(editor).post(
        page_url(plan, 10), post_data(plan, 10, {"risks": [*stored, unfinished_row(stored)]})
    )
    assert response.status_code == 200  # the page again, with the marks: nothing saved
    assert risks(plan)[0].factor == before
    assert len(risks(plan)) == len(stored)


def test_an_emptied_stored_row_still_blocks_even_beside_an_unfinished_new_row(plan, editor):
    stored = existing_rows(plan, get_worksheet(10).tables[0])
    before = [row.factor for row in risks(plan)]
    stored[0] = {**stored[0], "factor": ""}
    stored[1] = {**stored[1], "factor": "Netiek saglabāts"}
    response = signed_in(editor).post(
        autosave_url(plan, 10), post_data(plan, 10, {"risks": [*stored, unfinished_row(stored)]})
    )
    assert response.status_code == 400
    count = len(stored)
    assert response.json()["errors"] == {"id_risks-0-factor": required_message()}  # the new row's only in pending
    assert response.json()["pending"] == {f"risks-{count}": {f"id_risks-{count}-factor": required_message()}}
    assert [row.factor for row in risks(plan)] == before


def test_rows_a_colleague_added_that_the_page_does_not_show_are_noted(plan, editor, colleague):
    page = post_data(plan, 10)
    stored = existing_rows(plan, get_worksheet(10).tables[0])
    added = [
        {"id": "", "position": len(stored) + n, "factor": f"Kolēģes risks {n}", "impact": "", "base": ""}
        for n in (1, 2)
    ]
    theirs = post_data(plan, 10, {"risks": [*stored, *added]})
    assert signed_in(colleague).post(autosave_url(plan, 10), theirs).json()["state"] == "saved"

    answer = signed_in(editor).post(autosave_url(plan, 10), {**page, "risks-0-factor": "Mans"}).json()

    assert answer["state"] == "saved"
    with translation.override("lv"):
        expected = ngettext(
            "A colleague added %(count)s row: reload the page to see it.",
            "A colleague added %(count)s rows: reload the page to see them.",
            2,
        ) % {"count": 2}
    assert expected in answer["notes"]
    # The page's own new row, just added, is not counted as a colleague's.
    new = {"id": "", "position": len(stored) + 3, "factor": "Mans jaunais", "impact": "", "base": ""}
    mine = post_data(plan, 10, {"risks": [*existing_rows(plan, get_worksheet(10).tables[0]), new]})
    assert not signed_in(editor).post(autosave_url(plan, 10), mine).json()["notes"]


def test_a_row_a_colleague_deleted_while_the_officer_changed_it_is_said_so(plan, editor, colleague):
    page = post_data(plan, 10)
    stored = existing_rows(plan, get_worksheet(10).tables[0])
    stored[1]["DELETE"] = True
    assert signed_in(colleague).post(autosave_url(plan, 10), post_data(plan, 10, {"risks": stored})).status_code == 200

    response = signed_in(editor).post(autosave_url(plan, 10), {**page, "risks-1-factor": "Mainīts, bet dzēsts"})

    assert response.status_code == 409
    with translation.override("lv"):
        assert response.json()["message"] == _("Conflict: a colleague deleted a row you changed — press Save to see it")
