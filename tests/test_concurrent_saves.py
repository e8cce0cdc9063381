"""Officers saving at the same time against a real server: ``worksheets.loadtest`` with real threads and HTTP
against ``live_server``.

On SQLite the test database is a file (tests/settings.py), so each server thread has its own connection and
SQLite locks as it does under ``make run``; on PostgreSQL the same runs against the real server.
"""

import pytest
from django.contrib.auth import get_user_model

from municipalities.models import Municipality, Region
from worksheets import loadtest
from worksheets.models import ActionPlan


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_answer_no_error_and_lose_no_write(live_server):
    clients, saves, pairs = 4, 5, 2

    report = loadtest.load_test(live_server.url, clients=clients, saves=saves, pairs=pairs, seed=2026)

    assert [s.describe() for s in report.errors + report.rejected] == []
    assert [s.describe() for s in report.lost] == []
    assert len(report.saves) == clients * saves + 2 * pairs
    # Each officer's saves of their own plan all go through; so do both saves of a pair: they changed different
    # cells of one worksheet at the same moment, and the second one is merged with the first.
    assert sum(s.saved for s in report.saves if s.phase == "clients") == clients * saves
    assert sum(s.saved for s in report.saves if s.phase == "pairs") == 2 * pairs


@pytest.mark.django_db(transaction=True)
def test_lost_writes_names_a_confirmed_save_whose_cell_was_overwritten(live_server):
    offices = loadtest.prepare(offices=1)
    done = loadtest.run(live_server.url, offices, clients=1, saves=2, seed=7)
    assert [s.status for s in done] == [302, 302]
    assert loadtest.lost_writes(done) == []

    last = done[-1]
    loadtest.TABLES[last.table].model.objects.filter(pk=last.row_id).update(**{last.column: "Kāds cits teksts"})

    assert loadtest.lost_writes(done) == [last]


@pytest.mark.django_db
def test_load_test_data_is_reused_and_cleaned_away_without_touching_other_data(aizkraukle, editor):
    first = loadtest.prepare(offices=2)
    again = loadtest.prepare(offices=2)
    assert [o.officer.plan_id for o in again] == [o.officer.plan_id for o in first]
    assert ActionPlan.objects.filter(municipality__region__slug=loadtest.REGION_SLUG).count() == 2

    assert loadtest.clean() == 2

    assert not Region.objects.filter(slug=loadtest.REGION_SLUG).exists()
    assert not get_user_model().objects.filter(username__startswith="slodzes-tests-").exists()
    assert list(Municipality.objects.values_list("slug", flat=True)) == ["aizkraukles-novads"]
    assert get_user_model().objects.filter(username=editor.username).exists()


def test_a_form_is_submitted_as_a_browser_submits_it():
    html = """
    <form method="post" id="other"><input name="q" value="x"></form>
    <form method="post" data-worksheet-form>
      <input type="hidden" name="csrfmiddlewaretoken" value="t0k">
      <input type="text" name="goals-0-text" value="Mērķis &amp; uzdevums">
      <textarea name="goals-0-note">
rinda 1
rinda 2</textarea>
      <input type="checkbox" name="goals-0-DELETE">
      <input type="checkbox" name="agreed" checked>
      <select name="goals-0-level"><option value="">—</option><option value="high">Augsts</option></select>
      <select name="goals-0-goal"><option value="">—</option><option value="7" selected>1</option></select>
      <input name="off" value="1" disabled>
      <fieldset disabled><input name="inside" value="2"></fieldset>
      <button type="submit" class="btn">Saglabāt</button>
      <button type="submit" name="other" value="1">Cits</button>
    </form>
    <input name="outside" value="3" form="other">
    """

    other, worksheet = loadtest.parse_forms(html)

    assert worksheet.entries() == [
        ("csrfmiddlewaretoken", "t0k"),
        ("goals-0-text", "Mērķis & uzdevums"),
        ("goals-0-note", "rinda 1\r\nrinda 2"),
        ("agreed", "on"),
        ("goals-0-level", ""),
        ("goals-0-goal", "7"),
    ]
    assert other.entries() == [("q", "x"), ("outside", "3")]
