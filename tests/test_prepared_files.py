"""Background jobs: the regional review's PDF and Excel and the region's Excel prepared by a task, the page "being
prepared…", who may see them, a worker that stops half-way, and e-mails and reminders sent by tasks."""

import datetime
import io
import signal
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from seimpact.lib.excel import workbook_bytes
from tests.factories import ActionPlanFactory, RiskFactory, TargetGroupNeedFactory, coordinator_of
from worksheets import tasks
from worksheets.exports.excel import region_workbook
from worksheets.models import Activity, PlanStatus, PreparationStep, PreparedFile, PreparedFileKind, PreparedFileStatus
from worksheets.regional.comparisons import region_plans
from worksheets.regional.excel import review_workbook
from worksheets.regional.review import regional_review, review_pdf
from worksheets.review.lifecycle import plan_transition

pytestmark = pytest.mark.django_db

DATABASE_TASKS = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
MOMENT = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("Europe/Riga"))


@pytest.fixture
def frozen_clock(monkeypatch):
    """Noon in Riga on 24 November 2026, for the direct and the task-backed file alike (both print the time)."""
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    return MOMENT


@pytest.fixture
def compared(plan, bauska, other_editor):
    """Aizkraukle's draft (the standard risks, one target group) and a submitted plan of Bauska."""
    TargetGroupNeedFactory(plan=plan, target_group="Seniori", unmet_needs="Vientulība")
    RiskFactory(plan=plan, factor="Transports", level="high")
    bauska_plan = ActionPlanFactory(municipality=bauska, title="Bauska", status=PlanStatus.SUBMITTED)
    TargetGroupNeedFactory(plan=bauska_plan, target_group="Seniori", unmet_needs="Transports")
    return [plan, bauska_plan]


@pytest.fixture
def worker():
    """Runs ``manage.py db_worker --batch`` (every queued task, then it stops), keeping the test run's signal
    handlers (the worker installs its own)."""
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run() -> str:
        out = io.StringIO()
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", stdout=out)
        finally:
            for sig, handler in kept.items():
                signal.signal(sig, handler)
        return out.getvalue()

    return run


def body(response) -> bytes:
    return response.getvalue()


def sheet_values(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def pdf_pages(content: bytes) -> list[str]:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode().split("\f")


# --- the same file as the direct path ------------------------------------------------------------------------


def test_task_backed_review_workbook_has_every_cell_of_the_direct_one(
    client, compared, zemgale, coordinator, frozen_clock
):
    client.force_login(coordinator)
    response = client.get(reverse("worksheets:region_review_xlsx", args=[zemgale.slug]), follow=True)
    assert response.status_code == 200
    with translation.override("lv"):
        direct = workbook_bytes(review_workbook(regional_review(zemgale, compared)))
    prepared = sheet_values(body(response))
    assert list(prepared) == list(sheet_values(direct))
    assert prepared == sheet_values(direct)
    assert prepared["Pārskats"][2][:2] == ("Sagatavots", MOMENT.replace(tzinfo=None))


def test_task_backed_review_pdf_has_the_text_of_the_direct_one_page_by_page(
    client, compared, zemgale, coordinator, frozen_clock
):
    client.force_login(coordinator)
    response = client.get(reverse("worksheets:region_review_pdf", args=[zemgale.slug]), follow=True)
    assert response["Content-Type"] == "application/pdf"
    with translation.override("lv"):
        direct = review_pdf(regional_review(zemgale, compared))
    pages = pdf_pages(body(response))
    assert len(pages) > 2
    assert pages == pdf_pages(direct)


def test_task_backed_region_workbook_is_the_direct_one_for_its_reader(client, compared, zemgale, other_editor):
    """Bauska's editor sees their own plan, not Aizkraukle's draft: the task reads as the one who asked."""
    client.force_login(other_editor)
    response = client.get(reverse("worksheets:region_xlsx", args=[zemgale.slug]), follow=True)
    with translation.override("lv"):
        direct = workbook_bytes(region_workbook([compared[1]]))
    assert sheet_values(body(response)) == sheet_values(direct)
    assert response["Content-Disposition"] == 'attachment; filename="zemgale-plans.xlsx"'


def test_old_url_leads_to_the_ready_file_with_the_download_headers(client, compared, zemgale, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("worksheets:region_review_pdf", args=[zemgale.slug]) + "?period=all")
    prepared = PreparedFile.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("worksheets:prepared_file_download", args=[prepared.pk])
    assert (prepared.kind, prepared.status, prepared.progress, prepared.query) == (
        "review-pdf",
        "ready",
        100,
        "period=all",
    )
    assert prepared.file.name.startswith("prepared/")
    download = client.get(response.url)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'inline; filename="{prepared.filename}"'
    assert download["Cache-Control"] == "private, no-store"
    page = client.get(reverse("worksheets:prepared_file", args=[prepared.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fails ir gatavs." in html
    assert reverse("worksheets:prepared_file_download", args=[prepared.pk]) in html
    assert "hx-trigger" not in html  # nothing more to poll


# --- who may see a prepared file ------------------------------------------------------------------------------


def test_outsiders_are_refused_a_prepared_file(
    client, compared, zemgale, coordinator, other_coordinator, editor, other_editor
):
    client.force_login(coordinator)
    client.get(reverse("worksheets:region_review_xlsx", args=[zemgale.slug]))
    client.get(reverse("worksheets:region_xlsx", args=[zemgale.slug]))
    review = PreparedFile.objects.get(kind=PreparedFileKind.REVIEW_XLSX)
    region = PreparedFile.objects.get(kind=PreparedFileKind.REGION_XLSX)
    urls = [
        reverse(name, args=[prepared.pk])
        for prepared in (review, region)
        for name in ("worksheets:prepared_file", "worksheets:prepared_file_status", "worksheets:prepared_file_download")
    ]
    for user in (other_coordinator, editor, other_editor):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404] * 6, user.username
    client.logout()
    assert [client.get(url).status_code for url in urls] == [302] * 6  # to the login page
    assert client.get(urls[2]).url.startswith(reverse("login"))
    client.force_login(other_coordinator)
    assert client.get(reverse("worksheets:region_review_pdf", args=[zemgale.slug])).status_code == 404
    client.force_login(editor)
    assert client.get(reverse("worksheets:region_review_pdf", args=[zemgale.slug])).status_code == 403
    assert PreparedFile.objects.count() == 2


def test_another_coordinator_of_the_region_sees_the_review_but_not_a_colleagues_region_workbook(
    client, compared, zemgale, coordinator
):
    colleague = coordinator_of(zemgale, user__username="ilze")
    client.force_login(coordinator)
    client.get(reverse("worksheets:region_review_xlsx", args=[zemgale.slug]))
    client.get(reverse("worksheets:region_xlsx", args=[zemgale.slug]))
    review = PreparedFile.objects.get(kind=PreparedFileKind.REVIEW_XLSX)
    region = PreparedFile.objects.get(kind=PreparedFileKind.REGION_XLSX)
    client.force_login(colleague)
    assert client.get(reverse("worksheets:prepared_file", args=[review.pk])).status_code == 200
    assert client.get(reverse("worksheets:prepared_file", args=[region.pk])).status_code == 404


# --- progress and failure -------------------------------------------------------------------------------------


def test_progress_is_shown_and_polled_while_the_file_is_prepared(client, compared, zemgale, coordinator):
    prepared = PreparedFile.objects.create(
        kind=PreparedFileKind.REVIEW_PDF, region=zemgale, language="lv", key="k", requested_by=coordinator
    )
    client.force_login(coordinator)
    page = client.get(reverse("worksheets:prepared_file", args=[prepared.pk])).content.decode()
    assert "Tiek sagatavots… Gaida savu kārtu: 0%" in page
    PreparedFile.objects.filter(pk=prepared.pk).update(status=PreparedFileStatus.RUNNING)
    tasks.Progress(prepared)(60, PreparationStep.WRITING_PDF)
    status_url = reverse("worksheets:prepared_file_status", args=[prepared.pk])
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "Tiek sagatavots… Raksta PDF: 60%" in fragment
    assert 'value="60"' in fragment
    assert f'hx-get="{status_url}"' in fragment and 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment


def test_a_failing_builder_shows_a_message_in_the_users_language(client, compared, zemgale, coordinator, monkeypatch):
    def broken(prepared, progress):
        progress(30, PreparationStep.ASSEMBLING)
        raise ValueError("a fault deep in the review")

    monkeypatch.setitem(tasks.BUILDERS, PreparedFileKind.REVIEW_PDF, broken)
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lt"
    response = client.get(reverse("worksheets:region_review_pdf", args=[zemgale.slug]), follow=True)
    assert response.status_code == 200
    prepared = PreparedFile.objects.get()
    assert (prepared.status, prepared.progress, prepared.step) == ("failed", 30, "assembling")
    html = response.content.decode()
    assert "Failo paruošti nepavyko." in html
    assert "Failas negalėjo būti paruoštas dėl klaidos. Bandykite vėliau." in html
    assert "fault deep" not in html and "Traceback" not in html
    assert reverse("worksheets:region_review_pdf", args=[zemgale.slug]) in html  # "try again"
    assert client.get(reverse("worksheets:prepared_file_download", args=[prepared.pk])).status_code == 302


# --- the database backend and its worker ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_the_job_and_a_worker_run_makes_the_file(
    client, compared, zemgale, coordinator, worker, frozen_clock
):
    client.force_login(coordinator)
    url = reverse("worksheets:region_review_xlsx", args=[zemgale.slug])
    with DATABASE_TASKS:
        first = client.get(url)
        second = client.get(url)  # the same request again while it waits: the same job
        prepared = PreparedFile.objects.get()
        assert first.url == second.url == reverse("worksheets:prepared_file", args=[prepared.pk])
        assert (prepared.status, prepared.step) == ("waiting", "queued")
        assert DBTaskResult.objects.get().id.hex == prepared.task_result_id.replace("-", "")
        worker()
        prepared.refresh_from_db()
        assert prepared.status == PreparedFileStatus.READY
        assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
        response = client.get(first.url, follow=True)
        assert response.redirect_chain == []  # the page offers the link
        assert "Fails ir gatavs." in response.content.decode()
        content = body(client.get(reverse("worksheets:prepared_file_download", args=[prepared.pk])))
    with translation.override("lv"):
        direct = workbook_bytes(review_workbook(regional_review(zemgale, region_plans(zemgale, published_only=False))))
    assert sheet_values(content) == sheet_values(direct)


@pytest.mark.django_db(transaction=True)
def test_a_job_left_running_by_a_killed_worker_is_queued_again_and_finished(
    client, compared, zemgale, coordinator, worker
):
    client.force_login(coordinator)
    with DATABASE_TASKS:
        client.get(reverse("worksheets:region_review_pdf", args=[zemgale.slug]))
        prepared = PreparedFile.objects.get()
        # a worker claimed the task, started the job, and was killed: its result stays RUNNING, the job silent
        killed = DBTaskResult.objects.get()
        killed.claim("killed-worker")
        long_ago = timezone.now() - tasks.STALE_AFTER - datetime.timedelta(minutes=1)
        PreparedFile.objects.filter(pk=prepared.pk).update(
            status=PreparedFileStatus.RUNNING, progress=60, step=PreparationStep.WRITING_PDF, updated_at=long_ago
        )
        page = client.get(reverse("worksheets:prepared_file", args=[prepared.pk]))  # someone looks at it
        assert "Gaida savu kārtu: 0%" in page.content.decode()
        prepared.refresh_from_db()
        assert (prepared.status, prepared.attempt) == ("waiting", 2)
        worker()
        prepared.refresh_from_db()
        assert (prepared.status, prepared.progress, prepared.filename[-4:]) == ("ready", 100, ".pdf")
        assert DBTaskResult.objects.get(pk=killed.pk).status == TaskResultStatus.RUNNING  # left as the worker left it
        # the killed attempt, were it ever to run again, changes nothing
        assert tasks.prepare_file.call(prepared.pk, 1) == "superseded"
    assert pdf_pages(body(client.get(reverse("worksheets:prepared_file_download", args=[prepared.pk]))))[0]


@pytest.mark.django_db(transaction=True)
def test_a_starting_worker_queues_again_what_a_stopped_one_left_and_gives_up_after_three_attempts(
    client, compared, zemgale, coordinator, worker
):
    client.force_login(coordinator)
    with DATABASE_TASKS:
        client.get(reverse("worksheets:region_review_xlsx", args=[zemgale.slug]))
        prepared = PreparedFile.objects.get()
        DBTaskResult.objects.all().delete()  # its task result is gone (pruned, or the queue was lost)
        call_command("tidy_prepared_files", stdout=io.StringIO())
        prepared.refresh_from_db()
        assert (prepared.status, prepared.attempt, DBTaskResult.objects.count()) == ("waiting", 2, 1)
        PreparedFile.objects.filter(pk=prepared.pk).update(attempt=3, task_result_id="")
        PreparedFile.objects.filter(pk=prepared.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
        call_command("tidy_prepared_files", stdout=io.StringIO())
        prepared.refresh_from_db()
        assert prepared.status == PreparedFileStatus.FAILED
        assert prepared.failure == "Faila sagatavošana tika pārtraukta 3 reizes. Mēģiniet vēlāk vēlreiz."
        worker()  # the task queued for attempt 2 finds the job given up
        prepared.refresh_from_db()
        assert prepared.status == PreparedFileStatus.FAILED
        assert list(DBTaskResult.objects.values_list("return_value", flat=True)) == ["superseded"]


def test_finished_jobs_older_than_a_day_are_removed_with_their_files(client, compared, zemgale, coordinator):
    client.force_login(coordinator)
    client.get(reverse("worksheets:region_review_xlsx", args=[zemgale.slug]))
    prepared = PreparedFile.objects.get()
    storage = prepared.file.storage
    assert storage.exists(prepared.file.name)
    assert tasks.tidy_prepared_files() == (0, 0)
    assert tasks.tidy_prepared_files(now=timezone.now() + datetime.timedelta(days=2)) == (0, 1)
    assert not storage.exists(prepared.file.name)
    assert PreparedFile.objects.count() == 0


# --- e-mails and reminders through tasks ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_review_emails_are_sent_by_the_worker_in_the_recipients_language(sound_plan, editor, coordinator, worker):
    with DATABASE_TASKS:
        plan_transition(plan=sound_plan, action="submit", user=editor)
        task = DBTaskResult.objects.get()
        assert task.task_path == "worksheets.tasks.send_transition_notice"
        assert mail.outbox == []
        worker()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert mail.outbox[0].subject == "Aizkraukles novads 2026–2027 ir iesniegts izvērtēšanai"
    assert DBTaskResult.objects.get().return_value == 1


def test_review_emails_go_out_at_once_with_the_immediate_backend(
    sound_plan, editor, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan_transition(plan=sound_plan, action="submit", user=editor)
    assert [m.subject for m in mail.outbox] == ["Aizkraukles novads 2026–2027 ir iesniegts izvērtēšanai"]


@pytest.mark.django_db(transaction=True)
def test_daily_reminders_are_queued_by_the_command_and_sent_by_the_worker(plan, editor, worker):
    plan.status = PlanStatus.APPROVED
    plan.save()
    Activity.objects.create(plan=plan, position=1, description="Seminārs", due_date=datetime.date(2026, 11, 1))
    out = io.StringIO()
    with DATABASE_TASKS:
        call_command("send_progress_reminders", "--date", "2026-11-24", stdout=out)
        task = DBTaskResult.objects.get()
        assert out.getvalue() == f"Reminders for 2026-11-24 queued as task {task.id}\n"
        assert (task.task_path, task.args_kwargs) == (
            "worksheets.tasks.send_daily_reminders",
            {"args": ["2026-11-24"], "kwargs": {}},
        )
        assert mail.outbox == []
        worker()
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert mail.outbox[0].subject == "Rīcības plāna atgādinājums: Aizkraukles novads"


def test_reminder_command_reports_what_the_immediate_task_sent(plan, editor):
    plan.status = PlanStatus.APPROVED
    plan.save()
    Activity.objects.create(plan=plan, position=1, description="Seminārs", due_date=datetime.date(2026, 11, 1))
    out = io.StringIO()
    call_command("send_progress_reminders", "--date", "2026-11-24", stdout=out)
    assert out.getvalue() == "1 reminder e-mails sent for 2026-11-24\n"
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_a_file_gone_from_the_storage_is_404_not_an_error(client, compared, zemgale, coordinator):
    client.force_login(coordinator)
    client.get(reverse("worksheets:region_review_xlsx", args=[zemgale.slug]))
    prepared = PreparedFile.objects.get()
    prepared.file.storage.delete(prepared.file.name)
    assert client.get(reverse("worksheets:prepared_file_download", args=[prepared.pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["worksheets:region_review_pdf", "worksheets:region_review_xlsx", "worksheets:region_xlsx"]
)
def test_a_query_string_longer_than_a_job_keeps_is_refused_with_400(client, compared, zemgale, coordinator, name):
    """No page makes such a query (the comparisons' filter is a few parameters); PostgreSQL would refuse to store it
    (a 500 before), SQLite would keep it whole."""
    client.force_login(coordinator)
    response = client.get(reverse(name, args=[zemgale.slug]), {"text": "x" * 2001})
    assert response.status_code == 400
    assert not PreparedFile.objects.exists()
