"""Files prepared in the background: starting one from a download button, the page "being prepared…" with its
progress (polled by htmx), and the download itself, streamed from the default storage.

Who may see a prepared file is ``PreparedFile.objects.visible_to``: the regional review's files to the region's
coordinators and administrators, the whole region's workbook to whoever asked for it; anyone else gets 404.
"""

from datetime import timedelta

from django.core.exceptions import BadRequest
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from seimpact.lib.downloads import CONTENT_TYPES

from ..models import PreparedFile, PreparedFileStatus
from ..tasks import recover_if_stale, start_preparation

# A job still waiting this long after it was asked for has not been taken up by a worker: none runs, or it is stuck
# (a worker takes a job within seconds, and the longest step takes about a minute).
UNSTARTED_AFTER = timedelta(minutes=2)


def start_download(request, *, kind: str, region, edition=None):
    """Start (or join) the preparation of ``kind`` for ``region`` (and ``edition``, for an edition's file) with the
    request's query string and language, and redirect: to the file when it is ready already (the immediate backend),
    else to its page "being prepared…". ``BadRequest`` (400) for a query string longer than the job keeps (no page
    makes one: the comparisons' filter is a few parameters)."""
    query = "" if edition is not None else request.GET.urlencode()
    if len(query) > PreparedFile._meta.get_field("query").max_length:
        raise BadRequest("query string too long")
    prepared = start_preparation(
        kind=kind,
        region=region,
        user=request.user,
        query=query,
        language=get_language(),
        edition=edition,
    )
    if prepared.is_ready:
        return redirect("worksheets:prepared_file_download", pk=prepared.pk)
    return redirect("worksheets:prepared_file", pk=prepared.pk)


def stored_file_response(stored, filename: str) -> FileResponse:
    """A file kept in the default storage (a ``FieldFile``) streamed as ``filename`` with the project's download
    headers: a PDF opens in the browser, a workbook is saved. 404 when it is no longer in the storage."""
    extension = filename.rsplit(".", 1)[-1]
    try:
        content = stored.open("rb")
    except OSError:  # removed from the storage meanwhile
        raise Http404 from None
    return FileResponse(
        content, as_attachment=extension != "pdf", filename=filename, content_type=CONTENT_TYPES[extension]
    )


def get_prepared_for(user, pk: int) -> PreparedFile:
    """The prepared file ``pk`` if ``user`` may see it (else 404); a job whose worker stopped is queued again."""
    prepared = get_object_or_404(PreparedFile.objects.visible_to(user).select_related("region"), pk=pk)
    if recover_if_stale(prepared):
        prepared.refresh_from_db()
    return prepared


def not_started(prepared: PreparedFile, *, now=None) -> bool:
    """Whether ``prepared`` is still waiting for a worker ``UNSTARTED_AFTER`` (2 minutes) or more after it was asked
    for (``created_at``): no worker has taken it up, so the page says so instead of "waiting: 0%"."""
    if prepared.status != PreparedFileStatus.WAITING:
        return False
    return (now or timezone.now()) - prepared.created_at >= UNSTARTED_AFTER


def status_context(prepared: PreparedFile) -> dict:
    return {"prepared": prepared, "not_started": not_started(prepared)}


def prepared_file(request, pk: int):
    """The page of a prepared file: its progress while it is prepared (the status part polls every two seconds), a
    plain word when no worker has started it after ``UNSTARTED_AFTER``, then the download link, or why it failed."""
    prepared = get_prepared_for(request.user, pk)
    return render(request, "worksheets/regional/prepared_file.html", status_context(prepared))


def prepared_file_status(request, pk: int):
    """The status part of ``prepared_file`` alone, for htmx to swap in; it stops polling once the file is ready or
    failed."""
    prepared = get_prepared_for(request.user, pk)
    return render(request, "worksheets/regional/prepared_file.html#status", status_context(prepared))


def prepared_file_download(request, pk: int):
    """The prepared file, streamed from the default storage with the project's download headers (a PDF opens in the
    browser, a workbook is saved; ``Cache-Control: private, no-store`` from the middleware). Not ready yet: back to its
    page; no longer in the storage: 404."""
    prepared = get_prepared_for(request.user, pk)
    if not prepared.is_ready:
        return redirect("worksheets:prepared_file", pk=prepared.pk)
    extension = prepared.filename.rsplit(".", 1)[-1]
    try:
        content = prepared.file.open("rb")
    except OSError:  # removed from the storage meanwhile: ask for it again
        raise Http404 from None
    return FileResponse(
        content,
        as_attachment=extension != "pdf",
        filename=prepared.filename,
        content_type=prepared.content_type,
    )
