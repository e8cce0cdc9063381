"""Two people editing one worksheet: saves merge cell by cell, never revert a colleague's edit, and the history
tells only what really changed (issue "No edit is ever lost or falsified")."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from seimpact.lib.merge import cell_digest, decode_base, encode_base, moved_rows
from tests.factories import IndicatorFactory, StrategicGoalFactory, TaskFactory, editor_of
from worksheets.editing.history import worksheet_history
from worksheets.editing.page_data import existing_rows, post_data
from worksheets.editing.services import worksheet_state
from worksheets.models import Indicator, MonitoringActivity, PlanStatus, Risk
from worksheets.registry import get_worksheet

pytestmark = pytest.mark.django_db


def url(plan, number):
    return reverse("worksheets:worksheet", args=[plan.pk, number])


@pytest.fixture
def colleague(aizkraukle):
    return editor_of(aizkraukle, user__username="liga", user__first_name="Līga", user__last_name="Ozola")


def risks(plan):
    return list(Risk.objects.filter(plan=plan).order_by("position", "id"))


def test_a_stale_resave_never_reverts_a_colleagues_edit(client, plan, editor, colleague):
    """Case 1: session 1 changes row 1 and saves; session 2, opened before, changes row 2 and saves: both edits
    stay, and saving session 2's page again (as the old page invited) changes nothing of row 1."""
    first_page = post_data(plan, 10)
    second_page = post_data(plan, 10)
    client.force_login(colleague)
    first_page["risks-0-factor"] = "Telpu īres maksa pieaug"
    assert client.post(url(plan, 10), first_page).status_code == 302
    client.force_login(editor)
    second_page["risks-1-impact"] = "Darbs apstājas uz mēnesi"
    response = client.post(url(plan, 10), second_page, follow=True)
    assert response.redirect_chain[-1][1] == 302
    assert "kolēģis pa to laiku veica" in response.content.decode()  # told that a colleague's change was kept
    rows = risks(plan)
    assert rows[0].factor == "Telpu īres maksa pieaug"
    assert rows[1].impact == "Darbs apstājas uz mēnesi"
    # The same stale page posted once more: nothing the colleague did is undone, nothing is written.
    revision = worksheet_state(plan, 10).revision
    assert client.post(url(plan, 10), second_page).status_code == 302
    rows = risks(plan)
    assert rows[0].factor == "Telpu īres maksa pieaug"
    assert worksheet_state(plan, 10).revision == revision


def test_the_same_cell_changed_by_both_is_a_conflict_shown_cell_by_cell(client, plan, editor, colleague):
    loaded = post_data(plan, 10)
    theirs, mine = dict(loaded), dict(loaded)
    client.force_login(colleague)
    theirs["risks-0-factor"] = "Kolēģes teksts"
    theirs["risks-2-factor"] = "Cits kolēģes labojums"
    assert client.post(url(plan, 10), theirs).status_code == 302
    client.force_login(editor)
    mine["risks-0-factor"] = "Mans teksts"
    mine["risks-1-factor"] = "Mans otrs labojums"
    response = client.post(url(plan, 10), mine)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Kolēģis saglabāja šo darba lapu" in body
    assert "Līga Ozola saglabāja" in body and "Kolēģes teksts" in body  # their value, and who
    assert 'data-use-theirs="id_risks-0-factor"' in body
    assert risks(plan)[0].factor == "Kolēģes teksts"  # nothing saved
    assert risks(plan)[1].factor != "Mans otrs labojums"
    # The page that came back: my value in the conflicting cell, my other change, their other change.
    page = response.context["editor"].sections[0].formset
    values = {form.prefix: form["factor"].value() for form in page.forms}
    assert values["risks-0"] == "Mans teksts"
    assert values["risks-1"] == "Mans otrs labojums"
    assert values["risks-2"] == "Cits kolēģes labojums"
    # Saving that page keeps my choice and writes only what I changed.
    again = dict(response.context["editor"].data.items())
    assert client.post(url(plan, 10), again).status_code == 302
    rows = risks(plan)
    assert [rows[0].factor, rows[1].factor, rows[2].factor] == [
        "Mans teksts",
        "Mans otrs labojums",
        "Cits kolēģes labojums",
    ]


def test_choosing_the_colleagues_value_writes_nothing_of_that_cell(client, plan, editor, colleague):
    loaded = post_data(plan, 10)
    theirs, mine = dict(loaded), dict(loaded)
    client.force_login(colleague)
    theirs["risks-0-factor"] = "Kolēģes teksts"
    client.post(url(plan, 10), theirs)
    client.force_login(editor)
    mine["risks-0-factor"] = "Mans teksts"
    response = client.post(url(plan, 10), mine)
    assert response.status_code == 409
    again = dict(response.context["editor"].data.items())
    again["risks-0-factor"] = "Kolēģes teksts"  # "Use this value"
    revision = worksheet_state(plan, 10).revision
    assert client.post(url(plan, 10), again).status_code == 302
    assert risks(plan)[0].factor == "Kolēģes teksts"
    assert worksheet_state(plan, 10).revision == revision  # nothing to write


def test_rows_a_colleague_added_or_deleted_survive_a_stale_save(client, plan, editor, colleague):
    loaded = post_data(plan, 10)
    client.force_login(colleague)
    rows = existing_rows(plan, get_worksheet(10).tables[0])
    added = {"factor": "Jauns kolēģes risks", "impact": "Ietekme", "level": "low", "position": len(rows) + 1}
    deleted = rows[4]
    theirs = post_data(plan, 10, {"risks": [*rows[:4], {**deleted, "DELETE": True}, added]})
    assert client.post(url(plan, 10), theirs).status_code == 302
    client.force_login(editor)
    mine = dict(loaded)
    mine["risks-0-factor"] = "Mans labojums"
    assert client.post(url(plan, 10), mine).status_code == 302
    factors = [r.factor for r in risks(plan)]
    assert factors[0] == "Mans labojums"
    assert "Jauns kolēģes risks" in factors
    assert not Risk.objects.filter(pk=deleted["id"]).exists()  # their deletion stands, my page did not revive it


def test_changing_a_row_a_colleague_deleted_keeps_it_and_asks(client, plan, editor, colleague):
    loaded = post_data(plan, 10)
    rows = existing_rows(plan, get_worksheet(10).tables[0])
    client.force_login(colleague)
    theirs = post_data(plan, 10, {"risks": [*rows[:4], {**rows[4], "DELETE": True}]})
    client.post(url(plan, 10), theirs)
    client.force_login(editor)
    mine = dict(loaded)
    mine["risks-4-factor"] = "Svarīgs papildinājums"
    response = client.post(url(plan, 10), mine)
    assert response.status_code == 409
    assert "pa to laiku izdzēsa šo rindu" in response.content.decode()
    again = dict(response.context["editor"].data.items())
    assert client.post(url(plan, 10), again).status_code == 302
    assert "Svarīgs papildinājums" in [r.factor for r in risks(plan)]  # added again as a new row


def test_deleting_a_row_a_colleague_changed_asks_first(client, plan, editor, colleague):
    loaded = post_data(plan, 10)
    client.force_login(colleague)
    theirs = dict(loaded)
    theirs["risks-2-factor"] = "Kolēģe to papildināja"
    client.post(url(plan, 10), theirs)
    client.force_login(editor)
    mine = dict(loaded)
    mine["risks-2-DELETE"] = "on"
    response = client.post(url(plan, 10), mine)
    assert response.status_code == 409
    assert "Kolēģe to papildināja" in [r.factor for r in risks(plan)]


def test_crlf_from_the_browser_is_stored_as_lf_and_untouched_rows_are_not_changed(client, plan, editor):
    """Case 2: browsers send textarea line breaks as CRLF; one edit marks one row changed, not every multi-line
    row, in the history and in the save message."""
    for risk in risks(plan):
        risk.preventive_measures = "Pirmā rinda\nOtrā rinda"
        risk.save()
    client.force_login(editor)
    data = post_data(plan, 10)
    for key in list(data):
        if key.endswith("preventive_measures"):
            data[key] = data[key].replace("\n", "\r\n")  # as a browser submits a textarea
    data["risks-0-impact"] = "Jauna ietekme"
    before = len(worksheet_history(plan, get_worksheet(10)))
    response = client.post(url(plan, 10), data, follow=True)
    assert "mainīta 1 rinda" in response.content.decode()
    history = worksheet_history(plan, get_worksheet(10))
    assert len(history) == before + 1
    assert [c.label for c in history[0].changes] == ["Iespējamā ietekme"]
    assert all("\r" not in r.preventive_measures for r in risks(plan))


def test_a_save_without_changes_writes_nothing_and_makes_no_conflict(client, plan, editor, colleague):
    """Case 5: officer A saves with no change; officer B's page, loaded before, then saves without a conflict."""
    b_page = post_data(plan, 10)
    client.force_login(colleague)
    revision = worksheet_state(plan, 10).revision
    history = len(worksheet_history(plan, get_worksheet(10)))
    response = client.post(url(plan, 10), post_data(plan, 10), follow=True)
    assert "Viss ir saglabāts" in response.content.decode()
    assert worksheet_state(plan, 10).revision == revision
    assert len(worksheet_history(plan, get_worksheet(10))) == history
    client.force_login(editor)
    b_page["risks-0-factor"] = "B labojums"
    assert client.post(url(plan, 10), b_page).status_code == 302


def test_reordering_rows_is_in_the_history_and_the_message(client, plan, editor):
    """Case 6: moving the last row to the top is one move, "moved from 5 to 1", and the message says so."""
    client.force_login(editor)
    rows = existing_rows(plan, get_worksheet(10).tables[0])
    last = rows[-1]
    for row in rows:
        row["position"] += 1
    last["position"] = 1
    response = client.post(url(plan, 10), post_data(plan, 10, {"risks": rows}), follow=True)
    assert "pārvietota 1 rinda" in response.content.decode()
    assert risks(plan)[0].pk == last["id"]
    entry = worksheet_history(plan, get_worksheet(10))[0]
    assert entry.kind == "↕"
    assert entry.kind_label == "pārvietots risks"  # the row's kind named, its participle agreeing
    assert [(c.before, c.after) for c in entry.changes] == [("5", "1")]
    # The other rows only shifted: no history for them.
    assert len([e for e in worksheet_history(plan, get_worksheet(10)) if e.kind == "↕"]) == 1


def test_a_crafted_initial_forms_count_never_duplicates_rows(client, plan, editor):
    """Case 7: ``INITIAL_FORMS=-5`` used to turn every saved row into a new one (5 risks became 10)."""
    client.force_login(editor)
    data = post_data(plan, 10)
    data["risks-INITIAL_FORMS"] = -5
    response = client.post(url(plan, 10), data)
    assert response.status_code == 400
    assert Risk.objects.filter(plan=plan).count() == 5
    data["risks-INITIAL_FORMS"] = 0  # in range, but the rows still carry their ids
    assert client.post(url(plan, 10), data).status_code == 400
    assert Risk.objects.filter(plan=plan).count() == 5


@pytest.mark.parametrize(
    "field, value",
    [("revision", "abc"), ("revision", "-1"), ("loaded_at", "2025-13-45T00:00:00"), ("revision", "9" * 30)],
)
def test_malformed_page_fields_are_a_bad_request(client, plan, editor, field, value):
    client.force_login(editor)
    data = post_data(plan, 10)
    data[field] = value
    assert client.post(url(plan, 10), data).status_code == 400


def test_a_reader_posting_malformed_fields_is_refused_before_they_are_read(client, plan, viewer):
    client.force_login(viewer)
    assert client.post(url(plan, 10), {"revision": "abc", "loaded_at": "x"}).status_code == 403


def test_a_save_on_a_worksheet_never_saved_before_with_an_old_revision_shows_the_conflict(client, plan, editor):
    """A page claiming a revision the worksheet never had (nobody saved it yet) is a conflict to show, not a
    server error (the conflict box names who saved last: nobody)."""
    client.force_login(editor)
    data = {k: v for k, v in post_data(plan, 10).items() if not k.endswith("-base")}
    data["revision"] = 7
    data["risks-0-factor"] = "Cits teksts"
    response = client.post(url(plan, 10), data)
    assert response.status_code == 409
    assert "Kolēģis" in response.content.decode()


def test_plan_level_fields_merge_too(client, plan, editor, colleague):
    loaded = post_data(plan, 9, plan_fields={"partners_identified": False, "meetings_held": False})
    client.force_login(colleague)
    page = client.get(url(plan, 9)).context["editor"].plan_form
    loaded["base"] = page.fields["base"].initial
    theirs = {**loaded, "partners_identified": "on"}
    assert client.post(url(plan, 9), theirs).status_code == 302
    client.force_login(editor)
    mine = {**loaded, "meetings_held": "on"}
    assert client.post(url(plan, 9), mine).status_code == 302
    plan.refresh_from_db()
    assert plan.partners_identified and plan.meetings_held


def test_moved_rows_is_the_fewest_moves():
    assert moved_rows([1, 2, 3, 4, 5], [5, 1, 2, 3, 4]) == {5}
    assert moved_rows([1, 2, 3], [1, 2, 3]) == set()
    assert moved_rows([1, 2, 3], [3, 2, 1]) in ({1, 2}, {2, 3}, {1, 3})
    assert moved_rows([1, 2, 3], [2, 9, 3]) == set()  # rows only in one order are ignored


def test_base_digests_round_trip_and_refuse_junk():
    base = encode_base({"factor": "Ķēniņš", "goal": None, "done": True})
    assert decode_base(base) == {
        "factor": cell_digest("Ķēniņš"),
        "goal": cell_digest(""),
        "done": cell_digest(True),
    }
    assert decode_base("factor=xyz") is None
    assert decode_base("") is None
    assert cell_digest("a\r\nb ") == cell_digest("a\nb")


# Text an officer can type or paste: Latvian letters, CRLF and LF, control characters, a leading "=",
# decomposed letters, very long lines.
officer_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("aāčēģīķļņšūžAĀČĒĢĪĶĻŅŠŪŽ =+-@\t\r\n\u000b\u0007\u00a0\u030c“”—"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=300,
) | st.builds(lambda line: line * 200, st.text(alphabet="ašž ", min_size=1, max_size=40))


@given(text=officer_text)
def test_saving_any_typed_text_then_saving_the_page_again_changes_nothing(client, plan, editor, text):
    """Whatever an officer types, once saved the page shows it so that saving the page again writes nothing."""
    client.force_login(editor)
    data = post_data(plan, 11)
    data["monitoring-0-completion_indicator"] = text
    first = client.post(url(plan, 11), data)
    assert first.status_code in (302, 200)  # 200: refused with a message (e.g. nothing but spaces in a required cell)
    revision = worksheet_state(plan, 11).revision
    history = MonitoringActivity.history.filter(plan_id=plan.pk).count()
    page = client.get(url(plan, 11)).context["editor"].sections[0].formset
    again = post_data(plan, 11)
    for form in page.forms:  # what the page shows, as the browser sends it back (textareas as CRLF)
        for name in ("completion_indicator", "activity", "responsible"):
            value = form[name].value()
            again[f"{form.prefix}-{name}"] = (value or "").replace("\n", "\r\n")
        again[f"{form.prefix}-base"] = form["base"].value()
    assert client.post(url(plan, 11), again).status_code == 302
    assert worksheet_state(plan, 11).revision == revision
    assert MonitoringActivity.history.filter(plan_id=plan.pk).count() == history


def test_texts_stored_with_crlf_are_normalised_without_history_records(plan):
    """The data migration: rows stored before normalisation (CRLF, a decomposed letter, a control character) are
    stored as saving them now would, and no history record is written for it."""
    migration = importlib.import_module("worksheets.migrations.0006_normalise_stored_texts")
    risk = risks(plan)[0]
    Risk.objects.filter(pk=risk.pk).update(factor="Pirmā\r\nOtrā s\u030c\u0007")
    records = Risk.history.filter(id=risk.pk).count()
    migration.normalise(django_apps, None)
    risk.refresh_from_db()
    assert risk.factor == "Pirmā\nOtrā š"
    assert Risk.history.filter(id=risk.pk).count() == records


def test_progress_recorded_by_two_people_at_once_is_merged_too(client, sound_plan, editor, colleague):
    """After approval only the progress columns are edited; two people recording progress at once keep both."""
    sound_plan.status = PlanStatus.APPROVED
    sound_plan.save()
    IndicatorFactory(plan=sound_plan, indicator="Apmeklētāju skaits", position=2)
    loaded = post_data(sound_plan, 8)
    client.force_login(colleague)
    theirs = {**loaded, "indicators-0-achieved_result": "3 jauni sociālie uzņēmumi"}
    assert client.post(url(sound_plan, 8), theirs).status_code == 302
    client.force_login(editor)
    mine = {**loaded, "indicators-1-achieved_result": "120 apmeklētāji"}
    assert client.post(url(sound_plan, 8), mine).status_code == 302
    results = list(Indicator.objects.filter(plan=sound_plan).order_by("position").values_list("achieved_result"))
    assert results == [("3 jauni sociālie uzņēmumi",), ("120 apmeklētāji",)]


def test_a_plan_level_text_both_changed_is_a_conflict_with_both_values(client, plan, editor, colleague):
    client.force_login(editor)
    loaded = post_data(plan, 5)
    loaded["base"] = client.get(url(plan, 5)).context["editor"].plan_form.fields["base"].initial
    client.force_login(colleague)
    assert client.post(url(plan, 5), {**loaded, "support_given": "Kolēģes apraksts"}).status_code == 302
    client.force_login(editor)
    response = client.post(url(plan, 5), {**loaded, "support_given": "Mans apraksts"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Kolēģes apraksts" in body and 'data-use-theirs="id_support_given"' in body
    assert response.context["editor"].plan_form["support_given"].value() == "Mans apraksts"
    again = dict(response.context["editor"].data.items())
    assert client.post(url(plan, 5), again).status_code == 302
    plan.refresh_from_db()
    assert plan.support_given == "Mans apraksts"


def moved_to_top(plan, index: int) -> list[dict]:
    """The risks as the page sends them after the officer moved row ``index`` to the top."""
    rows = existing_rows(plan, get_worksheet(10).tables[0])
    moving = rows.pop(index)
    rows.insert(0, moving)
    for position, row in enumerate(rows, start=1):
        row["position"] = position
    return sorted(
        rows, key=lambda row: [r["id"] for r in existing_rows(plan, get_worksheet(10).tables[0])].index(row["id"])
    )


def test_both_reordering_shows_my_order_and_saving_again_keeps_it(client, plan, editor, colleague):
    theirs = post_data(plan, 10, {"risks": moved_to_top(plan, 2)})
    mine = post_data(plan, 10, {"risks": moved_to_top(plan, 4)})
    mine_first = mine["risks-4-id"]
    client.force_login(colleague)
    assert client.post(url(plan, 10), theirs).status_code == 302
    client.force_login(editor)
    response = client.post(url(plan, 10), mine)
    assert response.status_code == 409
    assert response.context["conflict"].places == 0
    body = response.content.decode()
    assert "Jūs abi mainījāt rindu secību" in body and "0 vietās" not in body
    shown = response.context["editor"].sections[0].ordered_forms
    assert str(shown[0].instance.pk) == str(mine_first)
    again = dict(response.context["editor"].data.items())
    assert client.post(url(plan, 10), again).status_code == 302
    assert str(risks(plan)[0].pk) == str(mine_first)


def test_rows_typed_at_the_end_go_after_the_rows_a_colleague_added_there(client, plan, editor, colleague):
    rows = existing_rows(plan, get_worksheet(10).tables[0])
    new = {"impact": "Ietekme", "level": "low"}
    theirs = post_data(plan, 10, {"risks": [*rows, {**new, "factor": "Kolēģes risks", "position": 6}]})
    mine = post_data(plan, 10, {"risks": [*rows, {**new, "factor": "Mans risks", "position": 6}]})
    client.force_login(colleague)
    client.post(url(plan, 10), theirs)
    client.force_login(editor)
    assert client.post(url(plan, 10), mine).status_code == 302
    assert [r.factor for r in risks(plan)][-2:] == ["Kolēģes risks", "Mans risks"]


def test_a_form_whose_page_expired_while_signed_out_leads_to_the_login_and_back(plan):
    browser = Client(enforce_csrf_checks=True)
    page = url(plan, 10)
    response = browser.post(page, {"revision": "0"}, HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={page}"


def test_a_form_whose_page_expired_while_signed_in_asks_to_reload(plan, editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = browser.post(url(plan, 10), {"revision": "0"}, HTTP_REFERER="https://elsewhere.example/x")
    assert response.status_code == 403
    assert "Lapas derīgums ir beidzies" in response.content.decode()


def test_the_history_names_a_linked_goal_by_its_number_and_text(client, plan, editor):
    first = StrategicGoalFactory(plan=plan, text="Pirmais mērķis", position=1)
    second = StrategicGoalFactory(plan=plan, text="Otrais mērķis", position=2)
    TaskFactory(goal=first, text="Uzdevums")
    client.force_login(editor)
    data = post_data(plan, 6)
    data["tasks-0-goal"] = second.pk
    assert client.post(url(plan, 6), data).status_code == 302
    change = worksheet_history(plan, get_worksheet(6))[0].changes[0]
    assert (change.before, change.after) == ("1. Pirmais mērķis", "2. Otrais mērķis")
