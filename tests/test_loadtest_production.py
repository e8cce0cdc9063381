"""The pieces of the production load test (``manage.py loadtest_production``), without running it: its data, the
reading of Locust's records (lost writes, errors, percentiles), the refusal of SQLite, and that the locustfile loads.

The load test itself is a command with its numbers in the README, not a timed test. Locust (gevent's monkey-patching)
is never imported here: the locustfile is only loaded by Locust in a subprocess.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from municipalities.models import Membership, Region, Role
from tests.conftest import database_independent
from worksheets import loadtest
from worksheets.management.commands import loadtest_production
from worksheets.models import ActionPlan, PlanStatus, PlanVersion, StrategicGoal, TargetGroupNeed

LOCUSTFILE = Path(settings.BASE_DIR) / "loadtests" / "locustfile.py"


def save_record(kind, username, plan_id, row, column, marker, finished):
    return {
        "kind": kind,
        "username": username,
        "plan_id": plan_id,
        "worksheet": 5,
        "marker": marker,
        "table": "goals",
        "row_id": row.pk,
        "column": column,
        "finished": finished,
    }


@pytest.mark.django_db
def test_records_give_lost_writes_errors_and_percentiles_per_page_type():
    office = loadtest.prepare(offices=1)[0]
    goal_key = next(key for key, table in loadtest.TABLES.items() if table.model is StrategicGoal)
    first, second = StrategicGoal.objects.filter(plan_id=office.officer.plan_id).order_by("pk")[:2]
    StrategicGoal.objects.filter(pk=first.pk).update(text="Mērķis slodze-x-1# saglabāts")
    StrategicGoal.objects.filter(pk=second.pk).update(text="Mērķis slodze-x-3# (vēlāk)")
    user, plan_id = office.officer.username, office.officer.plan_id
    saves = [
        save_record("worksheet save", user, plan_id, first, "text", "slodze-x-1#", 10.0),  # stored
        save_record("worksheet save", user, plan_id, second, "text", "slodze-x-2#", 11.0),  # lost
        save_record("worksheet autosave", user, plan_id, first, "text", "slodze-x-0#", 9.0),  # replaced by the 1st
    ]
    for record in saves:
        record["table"] = goal_key
    records = {
        "requests": [
            {"method": "GET", "name": "public plan", "ms": ms, "status": 200, "error": ""} for ms in (10, 20, 30, 40)
        ]
        + [
            {"method": "POST", "name": "worksheet save", "ms": 100.0, "status": 302, "error": ""},
            {
                "method": "POST",
                "name": "worksheet save",
                "ms": 900.0,
                "status": 500,
                "error": "CatchResponseError: 500",
            },
            {"method": "GET", "name": "dashboard", "ms": 60000.0, "status": None, "error": "ReadTimeout: timed out"},
        ],
        "saves": saves,
        "user_errors": ["Officer: RuntimeError: worksheet 3 of plan 1 has no text cell"],
        "users": {"Officer": 1, "Reader": 2},
    }

    outcome = loadtest_production.outcome_of(records)

    assert [(s.marker, s.row_id) for s in outcome.lost] == [("slodze-x-2#", second.pk)]
    assert outcome.errors == 3  # a 500, a request without an answer, an error inside a user
    assert not outcome.ok
    public_plan = outcome.pages["public plan"]
    assert (public_plan.percentile(50), public_plan.percentile(95)) == (25.0, 38.5)
    assert dict(outcome.pages["dashboard"].failures) == {"no answer: ReadTimeout: timed out": 1}
    lines = outcome.lines()
    assert lines[0].split() == ["page", "type", "requests", "errors", "p50", "ms", "p95", "ms", "max", "ms"]
    assert lines[1].split() == ["worksheet", "save", "2", "1", "500", "860", "900"]
    assert "lost writes: 1" in lines
    assert "errors (5xx, no answer, failed requests, errors in users): 3" in lines


@pytest.mark.django_db
def test_records_without_errors_nor_lost_writes_pass():
    office = loadtest.prepare(offices=1)[0]
    row = TargetGroupNeed.objects.filter(plan_id=office.officer.plan_id).order_by("pk").first()
    TargetGroupNeed.objects.filter(pk=row.pk).update(target_group="slodze-y-1#")
    key = next(key for key, table in loadtest.TABLES.items() if table.model is TargetGroupNeed)
    record = save_record("worksheet autosave", "x", office.officer.plan_id, row, "target_group", "slodze-y-1#", 1.0)
    records = {
        "requests": [{"method": "POST", "name": "worksheet autosave", "ms": 120.0, "status": 302, "error": ""}],
        "saves": [{**record, "table": key}],
        "user_errors": [],
        "users": {"Officer": 1},
    }

    outcome = loadtest_production.outcome_of(records)

    assert (outcome.errors, outcome.lost, outcome.ok) == (0, [], True)
    assert outcome.pages["worksheet autosave"].percentile(95) == 120.0


@pytest.mark.django_db
def test_production_load_test_data_has_coordinators_and_published_plans_and_is_cleaned_away(aizkraukle):
    offices = loadtest.prepare(offices=2)
    coordinators = loadtest.prepare_coordinators(count=2)
    published = loadtest.prepare_published(count=2)
    assert loadtest.prepare_published(count=2) == published  # reused, not doubled

    region = Region.objects.get(slug=loadtest.REGION_SLUG)
    assert [a.username for a in coordinators] == ["slodzes-tests-koordinators-1", "slodzes-tests-koordinators-2"]
    assert Membership.objects.filter(role=Role.COORDINATOR, region=region).count() == 2
    assert sorted(ActionPlan.objects.public().values_list("pk", flat=True)) == sorted(published)
    for plan in ActionPlan.objects.filter(pk__in=published):
        assert plan.status == PlanStatus.PUBLISHED
        assert plan.published_version.number == 1
        assert StrategicGoal.objects.filter(plan=plan).count() == loadtest.ROWS_PER_TABLE
    assert {o.officer.plan_id for o in offices}.isdisjoint(published)

    assert loadtest.clean() == 4

    assert not Region.objects.filter(slug=loadtest.REGION_SLUG).exists()
    assert not get_user_model().objects.filter(username__startswith="slodzes-tests-").exists()
    assert not PlanVersion.objects.exists()
    assert not PlanVersion.history.exists()
    assert aizkraukle.__class__.objects.filter(pk=aizkraukle.pk).exists()


def test_published_plans_need_a_coordinator_first(db):
    with pytest.raises(loadtest.LoadTestError, match="coordinators"):
        loadtest.prepare_published(count=1)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the answer on SQLite")
def test_the_command_refuses_sqlite_with_status_2(db):
    with pytest.raises(CommandError, match="runs on PostgreSQL") as raised:
        call_command("loadtest_production", "--run-time", "1s")
    assert raised.value.returncode == 2


@database_independent("Locust loads the locustfile in a subprocess that opens no database")
def test_the_locustfile_loads_in_locust_and_has_the_three_kinds_of_users(tmp_path):
    config = {
        "tag": "slodze-t",
        "records": str(tmp_path / "records.json"),
        "think_seconds": [1, 2],
        "timeout_seconds": 10,
        "autosaves": 1,
        "counts": {"officers": 1, "coordinators": 1, "readers": 1},
        "login_path": "/accounts/login/",
        "worksheets": [1],
        "worksheet_path": "/plans/{plan}/worksheets/{number}/",
        "officers": [{"username": "a", "password": "b", "plan_id": 1}],
        "coordinators": [{"username": "c", "password": "d"}],
        "coordinator": {"dashboard": "/", "comparisons": "/", "comparison": ["/"]},
        "public": {"regions": "/", "region": "/", "plan": ["/"], "comparison": ["/"]},
    }
    (tmp_path / "config.json").write_text(json.dumps(config))
    env = {**os.environ, "SEIMPACT_LOADTEST_CONFIG": str(tmp_path / "config.json"), "DJANGO_DEBUG": "true"}

    listed = subprocess.run(
        [sys.executable, "-m", "locust", "--locustfile", str(LOCUSTFILE), "--list"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert listed.returncode == 0, listed.stderr[-2000:]
    assert sorted(listed.stdout.split()[-3:]) == ["Coordinator", "Officer", "Reader"]
    assert "locust" not in sys.modules
