"""Background tasks (django-tasks, the backport of Django 6's Tasks framework): files prepared for download, the
review's e-mails and the daily progress reminders.

``settings.TASKS`` chooses where they run: at once inside the request (the immediate backend: development and tests)
or queued in the database for ``manage.py db_worker`` (production; README "Background jobs"). Task arguments are
JSON: ids, never objects.

A prepared file (``PreparedFile``) is built by ``prepare_file``, one attempt at a time: the attempt's number travels
with the task, and only the current attempt may change the record, so an attempt a worker abandoned (killed, or
restarted mid-task) and that ``recover_if_stale`` replaced can never overwrite its successor. Nothing is lost when a
worker stops: a job that has not moved for ``STALE_AFTER``, or whose task result is gone, is queued again when someone
looks at it (its page polls) or when a worker starts (``manage.py tidy_prepared_files``, run by ``make worker``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from municipalities.models import Region
from seimpact.lib.downloads import CONTENT_TYPES
from seimpact.lib.excel import workbook_bytes

from .exports.excel import region_workbook
from .followup.reminders import send_progress_reminders
from .models import (
    ActionPlan,
    EditionStatus,
    PlanTransition,
    PreparationStep,
    PreparedFile,
    PreparedFileKind,
    PreparedFileStatus,
    RegionalReviewEdition,
)
from .models.jobs import ACTIVE_STATUSES, request_key
from .regional.comparisons import ComparisonFilter, chosen_plans, region_plans
from .regional.editions import edition_filename, edition_pdf, edition_workbook, issued_file
from .regional.excel import review_workbook
from .regional.review import regional_review, review_filename, review_pdf
from .review.notifications import notify_transition
from .rules import VIEW_CURRENT

STALE_AFTER = timedelta(minutes=10)  # a job this long without progress lost its worker (the longest step: ~1 min)
ENQUEUE_GRACE = timedelta(minutes=1)  # a job this long without a task result never reached the queue
MAX_ATTEMPTS = 3  # attempts of one job before it is given up as failed
KEEP_FINISHED = timedelta(days=1)  # ready and failed jobs (and their files) are removed after this


class PreparationRefused(Exception):
    """The file cannot be made from what the request chose (e.g. its plans were deleted meanwhile); the message is
    the user's, in the job's language."""


class Superseded(Exception):
    """This attempt is no longer the job's current one: another attempt took over, or the job was removed."""


# --- what a file is made of (shared with the views, which answer 404 before a job is started for nothing) --------


def review_plans(region: Region, query: QueryDict) -> list[ActionPlan]:
    """The plans a regional review of ``region`` is made of: those the query string (``m``, ``period``, ``q``) chooses
    among every plan of the region, drafts included (by default each municipality's plan in force)."""
    return chosen_plans(region_plans(region, published_only=False), ComparisonFilter.from_query(query))


def region_export_plans(region: Region, user) -> tuple[list[ActionPlan], dict]:
    """Every plan of ``region`` that ``user`` may see, in the order of municipality and latest period first, and
    ``{plan id: PlanVersion}`` of those ``user`` reads as their published version (a plan being revised, for a
    reader who does not see its drafts)."""
    plans = sorted(
        ActionPlan.objects.visible_to(user)
        .filter(municipality__region=region)
        .select_related("municipality__region", "published_version"),
        key=lambda p: (p.municipality.name_key(), -p.period_start),
    )
    versions = {p.pk: p.published_version for p in plans if not user.has_perm(VIEW_CURRENT, p)}
    return plans, versions


# --- starting, running and recovering a job ------------------------------------------------------------------------


def start_preparation(*, kind: str, region: Region, user, query: str, language: str, edition=None) -> PreparedFile:
    """A ``PreparedFile`` of ``kind`` for ``user``: the one already waiting or being prepared for the same request
    (same kind, region, chosen plans ``query`` and ``language``; for the region's workbook also the same reader; for
    an edition's file (``edition``, a ``RegionalReviewEdition``) the same edition at the same revision), else
    a new one whose task is queued (and, with the immediate backend, already done when this returns). Safe when two
    requests arrive at once: a unique constraint lets only one job per request be active."""
    key = request_key(
        kind=kind,
        region_id=region.pk,
        language=language,
        query=query,
        user_id=user.pk if kind == PreparedFileKind.REGION_XLSX else None,
        edition=(edition.pk, edition.revision) if edition is not None else None,
    )
    for _try in range(3):
        existing = PreparedFile.objects.active().filter(key=key).first()
        if existing is not None:
            recover_if_stale(existing)
            existing.refresh_from_db()
            return existing
        try:
            with transaction.atomic():
                prepared = PreparedFile.objects.create(
                    kind=kind,
                    region=region,
                    query=query,
                    language=language,
                    key=key,
                    requested_by=user,
                    edition=edition,
                )
        except IntegrityError:
            continue  # a colleague's identical request was created meanwhile: reuse it
        enqueue_preparation(prepared)
        prepared.refresh_from_db()
        return prepared
    raise RuntimeError("A prepared file kept being created and finished by concurrent requests.")


def enqueue_preparation(prepared: PreparedFile) -> None:
    """Queue ``prepare_file`` for the job's current attempt and note its task result's id (on the record only if that
    attempt is still the current one)."""
    result = prepare_file.enqueue(prepared.pk, prepared.attempt)
    PreparedFile.objects.filter(pk=prepared.pk, attempt=prepared.attempt).update(task_result_id=str(result.id))


def task_state(task_result_id: str) -> str:
    """What the task backend knows of a task result: "missing" (no id, or the backend no longer has it), "waiting",
    "running", "finished" (successful or failed), or "unknown" (a backend that keeps no results, e.g. immediate)."""
    if not task_result_id:
        return "missing"
    try:
        result = prepare_file.get_result(task_result_id)
    except NotImplementedError:
        return "unknown"
    except TaskResultDoesNotExist:
        return "missing"
    return {
        TaskResultStatus.READY: "waiting",
        TaskResultStatus.RUNNING: "running",
    }.get(result.status, "finished")


def is_stale(prepared: PreparedFile, *, now=None) -> bool:
    """Whether an active job lost its task: its task result is gone or finished while the job is not; it has been
    running without progress for ``STALE_AFTER`` (its worker was killed or restarted); or it never reached the queue
    (no task result after ``ENQUEUE_GRACE``). A job waiting behind others in a live queue is not stale."""
    if not prepared.is_active:
        return False
    quiet_for = (now or timezone.now()) - prepared.updated_at
    state = task_state(prepared.task_result_id)
    if state == "missing":
        return bool(prepared.task_result_id) or quiet_for > ENQUEUE_GRACE
    if state == "finished":
        return True
    if state == "waiting":
        return False
    return quiet_for > STALE_AFTER  # running, or a backend that keeps no results


def recover_if_stale(prepared: PreparedFile) -> bool:
    """Queue a stale job (``is_stale``) again as its next attempt, or after ``MAX_ATTEMPTS`` mark it failed with a
    message in the job's language. True when something was done. Only one of several callers at once does it."""
    if not is_stale(prepared):
        return False
    now = timezone.now()
    current = PreparedFile.objects.filter(pk=prepared.pk, attempt=prepared.attempt, status__in=ACTIVE_STATUSES)
    if prepared.attempt >= MAX_ATTEMPTS:
        with translation.override(prepared.language):
            failure = ngettext(
                "Preparing the file was interrupted %(count)d time. Try again later.",
                "Preparing the file was interrupted %(count)d times. Try again later.",
                prepared.attempt,
            ) % {"count": prepared.attempt}
        return bool(current.update(status=PreparedFileStatus.FAILED, failure=failure, finished_at=now, updated_at=now))
    moved = current.update(
        attempt=F("attempt") + 1,
        status=PreparedFileStatus.WAITING,
        progress=0,
        step=PreparationStep.QUEUED,
        task_result_id="",
        started_at=None,
        updated_at=now,
    )
    if moved:
        prepared.refresh_from_db()
        enqueue_preparation(prepared)
    return bool(moved)


def tidy_prepared_files(*, now=None) -> tuple[int, int]:
    """Queue again every stale job (``recover_if_stale``) and remove the jobs finished more than ``KEEP_FINISHED``
    ago with their files; ``(jobs recovered, jobs removed)``. Run when a worker starts and daily."""
    now = now or timezone.now()
    recovered = sum(recover_if_stale(prepared) for prepared in PreparedFile.objects.active())
    removed = 0
    old = PreparedFile.objects.exclude(status__in=ACTIVE_STATUSES).filter(updated_at__lt=now - KEEP_FINISHED)
    for prepared in old:
        if prepared.file:
            prepared.file.delete(save=False)
        prepared.delete()
        removed += 1
    return recovered, removed


class Progress:
    """Records how far an attempt got (percent and step) and when; raises ``Superseded`` when the attempt is no longer
    the job's current one, which stops the attempt."""

    def __init__(self, prepared: PreparedFile):
        self.current = PreparedFile.objects.filter(
            pk=prepared.pk, attempt=prepared.attempt, status=PreparedFileStatus.RUNNING
        )

    def __call__(self, percent: int, step: str) -> None:
        if not self.current.update(progress=percent, step=step, updated_at=timezone.now()):
            raise Superseded


Builder = Callable[[PreparedFile, Progress], tuple[bytes, str]]


def _chosen_review(prepared: PreparedFile, progress: Progress):
    progress(10, PreparationStep.READING)
    plans = review_plans(prepared.region, QueryDict(prepared.query))
    if not plans:
        raise PreparationRefused(_("None of the chosen plans exists any more. Choose the plans again."))
    progress(30, PreparationStep.ASSEMBLING)
    return regional_review(prepared.region, plans)


def _review_pdf(prepared: PreparedFile, progress: Progress) -> tuple[bytes, str]:
    review = _chosen_review(prepared, progress)
    progress(60, PreparationStep.WRITING_PDF)
    return review_pdf(review), review_filename(review, "pdf")


def _review_xlsx(prepared: PreparedFile, progress: Progress) -> tuple[bytes, str]:
    review = _chosen_review(prepared, progress)
    progress(60, PreparationStep.WRITING_WORKBOOK)
    return workbook_bytes(review_workbook(review)), review_filename(review, "xlsx")


def _region_xlsx(prepared: PreparedFile, progress: Progress) -> tuple[bytes, str]:
    progress(10, PreparationStep.READING)
    plans, versions = region_export_plans(prepared.region, prepared.requested_by)
    if not plans:
        raise PreparationRefused(_("There is no plan of this region you may see."))
    progress(40, PreparationStep.WRITING_WORKBOOK)
    return workbook_bytes(region_workbook(plans, versions=versions)), f"{prepared.region.slug}-plans.xlsx"


def _edition_file(prepared: PreparedFile, progress: Progress, extension: str) -> tuple[bytes, str]:
    """An edition's PDF or workbook: an issued edition's kept file (``issued_file``: made once from its frozen text
    and figures), a draft's made now from its text and the live figures."""
    progress(10, PreparationStep.READING)
    edition = prepared.edition
    if edition is None:
        raise PreparationRefused(_("The edition no longer exists."))
    writing = PreparationStep.WRITING_PDF if extension == "pdf" else PreparationStep.WRITING_WORKBOOK
    progress(40, writing)
    if edition.is_issued:
        with issued_file(edition, extension).open("rb") as stored:
            content = stored.read()
    elif extension == "pdf":
        content = edition_pdf(edition)
    else:
        content = workbook_bytes(edition_workbook(edition))
    return content, edition_filename(edition, extension)


def _edition_pdf(prepared: PreparedFile, progress: Progress) -> tuple[bytes, str]:
    return _edition_file(prepared, progress, "pdf")


def _edition_xlsx(prepared: PreparedFile, progress: Progress) -> tuple[bytes, str]:
    return _edition_file(prepared, progress, "xlsx")


BUILDERS: dict[str, Builder] = {
    PreparedFileKind.REVIEW_PDF: _review_pdf,
    PreparedFileKind.REVIEW_XLSX: _review_xlsx,
    PreparedFileKind.REGION_XLSX: _region_xlsx,
    PreparedFileKind.EDITION_PDF: _edition_pdf,
    PreparedFileKind.EDITION_XLSX: _edition_xlsx,
}


def _fail(prepared: PreparedFile, message: str) -> None:
    now = timezone.now()
    PreparedFile.objects.filter(pk=prepared.pk, attempt=prepared.attempt, status=PreparedFileStatus.RUNNING).update(
        status=PreparedFileStatus.FAILED, failure=message, finished_at=now, updated_at=now
    )


@task()
def prepare_file(prepared_id: int, attempt: int) -> str:
    """Build the file of ``PreparedFile`` ``prepared_id`` for its attempt ``attempt``, in the job's language, recording
    progress between steps, and keep it in the default storage. Returns "ready", "refused" (nothing to make it from:
    failed with the user's message), or "superseded" (the attempt is no longer current: nothing done). Any other error
    marks the job failed with a message for the user and is raised again, so the task result keeps its traceback."""
    now = timezone.now()
    claimed = PreparedFile.objects.filter(pk=prepared_id, attempt=attempt, status=PreparedFileStatus.WAITING).update(
        status=PreparedFileStatus.RUNNING, step=PreparationStep.READING, progress=5, started_at=now, updated_at=now
    )
    if not claimed:
        return "superseded"
    prepared = PreparedFile.objects.select_related("region", "requested_by", "edition__region").get(pk=prepared_id)
    progress = Progress(prepared)
    with translation.override(prepared.language):
        try:
            content, filename = BUILDERS[prepared.kind](prepared, progress)
            progress(90, PreparationStep.SAVING)
            prepared.file.save(f"{uuid.uuid4().hex}/{filename}", ContentFile(content), save=False)
        except Superseded:
            return "superseded"
        except PreparationRefused as refused:
            _fail(prepared, str(refused))
            return "refused"
        except Exception:
            _fail(prepared, _("The file could not be prepared because of an error. Try again later."))
            raise
    done = progress.current.update(
        status=PreparedFileStatus.READY,
        file=prepared.file.name,
        filename=filename,
        content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]],
        progress=100,
        step=PreparationStep.DONE,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not done:
        prepared.file.delete(save=False)
        return "superseded"
    return "ready"


@task()
def keep_issued_files(edition_id: int) -> int:
    """Produce an issued edition's PDF and workbook once and keep them in the default storage (``issued_file``), so the
    public downloads stream them; queued when an edition is issued. The number of files made now (0 when both were
    kept already, or the edition is gone or not issued)."""
    editions = RegionalReviewEdition.objects.select_related("region")
    edition = editions.filter(pk=edition_id, status=EditionStatus.ISSUED).first()
    if edition is None:
        return 0
    made = 0
    for extension in ("pdf", "xlsx"):
        stored = getattr(edition, f"{extension}_file")
        if not (stored and stored.storage.exists(stored.name)):
            issued_file(edition, extension)
            made += 1
    return made


# --- e-mails ---------------------------------------------------------------------------------------------------


@task()
def send_transition_notice(transition_id: int) -> int:
    """E-mail the people a plan's status change concerns (``notify_transition``), each in their language; the number
    of messages sent (0 when the status change no longer exists)."""
    record = PlanTransition.objects.select_related("plan__municipality").filter(pk=transition_id).first()
    return notify_transition(record) if record is not None else 0


def notify_transition_on_commit(record: PlanTransition) -> None:
    """Queue ``send_transition_notice`` of ``record`` once the transaction that made it commits (nothing is sent for
    a status change rolled back)."""
    transaction.on_commit(lambda: send_transition_notice.enqueue(record.pk))


@task()
def send_daily_reminders(today: str) -> int:
    """Send the progress reminders of the day ``today`` (ISO date, ``YYYY-MM-DD``): each municipality's editors their
    plans' overdue and soon-due items (``send_progress_reminders``); the number of messages sent."""
    return send_progress_reminders(today=date.fromisoformat(today))
