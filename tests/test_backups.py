"""Backups that are proven: ``manage.py backup`` and ``manage.py restore_drill`` on PostgreSQL (``worksheets.backups``).

The drill tests need PostgreSQL and its client tools (``pg_dump``, ``pg_restore``); the suite runs them in CI, where
``.ci/run`` runs the tests on PostgreSQL. They use ``transaction=True``: pg_dump runs in its own session and sees
only committed data.
"""

import json
import stat

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from indicators.models import IndicatorValue
from tests.factories import CoreIndicatorFactory, coordinator_of
from worksheets import backups
from worksheets.models import ActionPlan, PlanVersion, StrategicGoal
from worksheets.review.versions import freeze_version

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="backups and the restore drill are for PostgreSQL (run with DATABASE_URL=postgres://…)"
)


@pytest.fixture
def plan_with_everything(sound_plan, zemgale, aizkraukle, editor):
    """A plan with rows on every worksheet and their history, an approved version, an indicator value, members;
    texts with diacritics, line breaks, quotes and backslashes."""
    coordinator = coordinator_of(zemgale, user__username="koordinators")
    goal = StrategicGoal.objects.get(plan=sound_plan)
    goal.text = 'Mērķis: „divi” uzņēmumi\notrā rindā \\ un "pēdiņas" — ŽŪĶĪ 🙂'
    goal.save()
    freeze_version(plan=sound_plan, user=coordinator)
    indicator = CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits")
    IndicatorValue.objects.create(municipality=aizkraukle, indicator=indicator, year=2026, actual="4", note="Ē ā")
    return sound_plan


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_the_same_counts_and_checksums(plan_with_everything, tmp_path):
    database = backups.Database.from_settings(connection.settings_dict)
    dump = tmp_path / "seimpact.dump"

    saved = backups.backup(database, dump)
    report = backups.drill(database, dump)

    assert dump.stat().st_size > 0
    assert backups.fingerprint_path(dump).exists()
    # password hashes, e-mails and sessions: readable by the owner only
    assert {oct(stat.S_IMODE(path.stat().st_mode)) for path in (dump, backups.fingerprint_path(dump))} == {"0o600"}
    assert report.against == "backup"
    assert [t.table for t in report.mismatches] == []
    assert report.missing_key_tables == []
    assert report.sequences == []
    assert report.ok
    assert {t.table for t in report.tables} == set(saved)
    assert set(backups.key_tables()) <= set(saved)
    assert saved[ActionPlan._meta.db_table].rows == 1
    assert saved[PlanVersion._meta.db_table].rows == 1
    assert saved[IndicatorValue._meta.db_table].rows == 1
    assert saved[StrategicGoal._meta.db_table].rows == 1
    assert saved[StrategicGoal.history.model._meta.db_table].rows == 2  # created, then its text changed
    with database.connect() as conn:
        names = [name for (name,) in conn.execute("SELECT datname FROM pg_database").fetchall()]
    assert report.database not in names  # the drill database is dropped


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_comparison_finds_a_changed_row_a_missing_row_and_a_sequence_set_back(plan_with_everything, tmp_path):
    database = backups.Database.from_settings(connection.settings_dict)
    dump = tmp_path / "seimpact.dump"
    backups.backup(database, dump)
    name = backups.drill_name()
    restored = backups.restore(database, dump, name)
    goals, plans = StrategicGoal._meta.db_table, ActionPlan._meta.db_table
    values = IndicatorValue._meta.db_table
    try:
        with restored.connect() as conn:
            with conn.transaction():
                conn.execute(f"UPDATE {goals} SET text = text || '.'")  # one character more in one row
                conn.execute(f"DELETE FROM {values}")
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{plans}', 'id'), 1, false)")
            actual = backups.fingerprint(conn)
            sequences = backups.sequences_behind(conn)
        with database.connect() as conn:
            live = backups.fingerprint(conn)
    finally:
        backups.drop_database(database, name)

    differing = [t for t in backups.compare(live, actual) if not t.matches]
    assert [t.table for t in differing] == [values, goals]
    assert [(t.expected.rows, t.actual.rows) for t in differing] == [(1, 0), (1, 1)]
    assert differing[1].expected.checksum != differing[1].actual.checksum
    assert sequences == [f"{plans}.id: sequence at 0, largest id {plan_with_everything.pk}"]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_restore_drill_command_backs_up_now_and_reports_every_table(plan_with_everything, capsys):
    call_command("restore_drill")

    out = capsys.readouterr().out
    assert "restore drill: every count and checksum matches" in out
    assert "differing: 0" in out
    for table in backups.key_tables():
        assert f"* {table} " in out
    assert "Dropped the drill database seimpact_drill_" in out


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_restore_drill_command_fails_when_the_backup_does_not_match(plan_with_everything, tmp_path):
    dump = tmp_path / "seimpact.dump"
    call_command("backup", output=dump)
    fingerprint = backups.fingerprint_path(dump)
    table = ActionPlan._meta.db_table
    saved = json.loads(fingerprint.read_text())
    assert saved["tables"][table][0] == 1
    saved["tables"][table][0] = 2  # the backup claims a plan more than it holds
    fingerprint.write_text(json.dumps(saved))

    with pytest.raises(CommandError, match="1 tables differ"):
        call_command("restore_drill", dump=dump)


@pytest.mark.skipif(ON_POSTGRESQL, reason="the SQLite answer")
@pytest.mark.django_db
def test_on_sqlite_backup_and_drill_say_how_to_back_up_sqlite_and_exit_2(tmp_path):
    for command, options in (("backup", {"output": tmp_path / "x.dump"}), ("restore_drill", {})):
        with pytest.raises(CommandError, match=r'sqlite3 db\.sqlite3 "\.backup backup\.sqlite3"') as raised:
            call_command(command, **options)
        assert raised.value.returncode == 2
    assert not (tmp_path / "x.dump").exists()
