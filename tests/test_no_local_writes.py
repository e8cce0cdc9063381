"""No request leaves anything on the app server's own disk: what a later request needs (pending imports, prepared
downloads, sessions, last visits) is in the database or behind Django's storage API, so any app server behind a
load balancer can answer the next request.

The storages are Django's ``InMemoryStorage`` here, and an audit hook (``sys.addaudithook``) records, while a
request is being answered, every file opened for writing, appending or creating and every ``os.mkdir``,
``os.rename``/``os.replace``, ``os.remove``, ``os.rmdir`` and ``os.truncate`` outside pytest's temporary folder.
The walk: every page of the project (``tests/test_bad_parameters.py``'s URL walk) as an anonymous visitor, an
outsider, a reader, an editor, the region's coordinator and an administrator; then a worksheet save, an Excel import
previewed and applied, the plan's PDF and Excel, the region's Excel and the regional review's PDF and Excel.
"""

import ctypes
import io
import os
import shutil
import sys
import tempfile

import openpyxl
import pytest
import weasyprint
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.test_bad_parameters import ADMIN_ROUTES, APP_ROUTES, valid_values, world  # noqa: F401 (world: fixture)
from worksheets.editing.page_data import post_data
from worksheets.models import MonitoringActivity

pytestmark = [
    pytest.mark.django_db,
    # Where the app writes files does not depend on the database: the walk over every page as every role runs once,
    # in the suite's SQLite run.
    pytest.mark.skipif(
        "sqlite" not in settings.DATABASES["default"]["ENGINE"],
        reason="file writes do not depend on the database; the SQLite run covers them",
    ),
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
# event: (index of the path argument, index of its dir_fd argument or None); os.replace raises "os.rename"
PATH_EVENTS = {
    "os.mkdir": ((0, 2),),
    "os.remove": ((0, 1),),
    "os.rmdir": ((0, 1),),
    "os.truncate": ((0, None),),
    "os.rename": ((0, 2), (1, 3)),
    "os.link": ((0, 2), (1, 3)),
    "os.symlink": ((1, 2),),
}
# Scratch files two libraries make in the system's temporary folder and remove themselves, which no later request
# needs: openpyxl's write-only workbooks, WeasyPrint's font folders (and its first look for shared libraries,
# through ctypes.util). Writes there by anything else count.
SCRATCH_WRITERS = tuple(os.path.dirname(module.__file__) + os.sep for module in (openpyxl, weasyprint, ctypes))
TEMPORARY_FOLDER = os.path.realpath(tempfile.gettempdir()) + os.sep


class WriteRecorder:
    """An audit hook recording writes to the file system while ``active``: ``writes`` is ``[(event, path)]``.

    Not recorded: paths under ``allowed`` (pytest's temporary folder), ``/dev/null``, unnamed temporary files
    (``O_TMPFILE``, gone when closed) and the scratch files of ``SCRATCH_WRITERS`` in the temporary folder. Audit
    hooks cannot be removed, so the hook stays installed for the rest of the test run and does nothing while
    inactive."""

    def __init__(self):
        self.active = False
        self.allowed: tuple[str, ...] = ()
        self.writes: list[tuple[str, str]] = []

    def __call__(self, event, args):
        if not self.active:
            return
        if event == "open":
            path, _mode, flags = args
            if flags is not None and flags & WRITE_FLAGS and flags & os.O_TMPFILE != os.O_TMPFILE:
                self.record(event, path, None)
        elif event in PATH_EVENTS:
            for path_index, dir_fd_index in PATH_EVENTS[event]:
                dir_fd = args[dir_fd_index] if dir_fd_index is not None else None
                self.record(event, args[path_index], dir_fd)

    def record(self, event, path, dir_fd):
        if isinstance(path, int):  # a file descriptor: the file was opened (and seen) before
            return
        path = os.fsdecode(path)
        if dir_fd is not None and not os.path.isabs(path):
            path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        path = os.path.abspath(path)
        if path == os.devnull or path.startswith(self.allowed):
            return
        if (path + os.sep).startswith(TEMPORARY_FOLDER) and self.by_scratch_writer():
            return
        self.writes.append((event, path))

    @staticmethod
    def by_scratch_writer() -> bool:
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename.startswith(SCRATCH_WRITERS):
                return True
            frame = frame.f_back
        return False


RECORDER = WriteRecorder()
_installed = []


@pytest.fixture
def recorder(settings, tmp_path_factory):
    """The write recorder, with the ``default`` and ``imports`` storages in memory; its ``writes`` empty."""
    if not _installed:
        sys.addaudithook(RECORDER)
        _installed.append(True)
    settings.STORAGES = {**settings.STORAGES, "default": IN_MEMORY, "imports": IN_MEMORY}
    RECORDER.allowed = (str(tmp_path_factory.getbasetemp().resolve()) + os.sep,)
    RECORDER.writes = []
    yield RECORDER
    RECORDER.active = False


class RecordingClient(Client):
    """A test client whose requests are answered with the recorder on; every answer is kept in ``answers`` as
    ``(method, path, status)``."""

    def __init__(self, recorder, user=None):
        super().__init__(raise_request_exception=False)
        self.recorder = recorder
        self.user = user
        self.answers = []
        if user is not None:
            self.force_login(user)

    def request(self, **request):
        if self.user is not None and "_auth_user_id" not in self.session:
            self.force_login(self.user)  # a page signed the user out: back in, outside the recording
        self.recorder.active = True
        try:
            response = super().request(**request)
        finally:
            self.recorder.active = False
        self.answers.append((request["REQUEST_METHOD"], request["PATH_INFO"], response.status_code))
        return response

    def server_errors(self):
        return [answer for answer in self.answers if answer[2] >= 500]


# A PDF takes seconds to render and is the same file whoever reads it: the anonymous visitor (published plans), an
# outsider (refused) and the coordinator (every plan of the region, the regional review) fetch them.
PDF_ROLES = ("anonymous", "outsider", "coordinator")


def test_no_page_writes_to_the_local_filesystem_for_any_role(recorder, world):  # noqa: F811
    users = {**world["users"], "admin": world["admin"]}
    errors = []
    for role, user in users.items():
        client = RecordingClient(recorder, user)
        routes = APP_ROUTES + (ADMIN_ROUTES if role == "admin" else [])
        if role not in PDF_ROLES:
            routes = [route for route in routes if not route.name.endswith("pdf")]
        for route in routes:
            client.get(route.url(valid_values(route, world)))
        errors += [(role, *answer) for answer in client.server_errors()]
        assert len(client.answers) == len(routes)
    assert errors == []
    assert recorder.writes == []


def test_saving_importing_and_downloading_write_nothing_locally(recorder, world):  # noqa: F811
    draft, published = world["draft"], world["published"]
    editor = RecordingClient(recorder, world["users"]["editor"])

    data = post_data(draft, 11)
    data["monitoring-0-deadline"] = "2026. gada marts"
    assert editor.post(reverse("worksheets:worksheet", args=[draft.pk, 11]), data).status_code == 302

    export = editor.get(reverse("worksheets:plan_xlsx", args=[draft.pk]))
    assert export.status_code == 200
    workbook = load_workbook(io.BytesIO(export.content))
    monitoring = workbook[next(name for name in workbook.sheetnames if name.split(" ", 1)[0] == "11")]
    monitoring["C2"] = "Attīstības nodaļa (importēts)"
    edited = io.BytesIO()
    workbook.save(edited)
    upload = SimpleUploadedFile("plāns.xlsx", edited.getvalue(), content_type="application/octet-stream")
    preview = editor.post(reverse("worksheets:plan_import", args=[draft.pk]), {"file": upload})
    assert preview.status_code == 200
    token = preview.context["token"]
    assert storages["imports"].exists(f"{token}.xlsx")  # the pending upload is in the (in-memory) storage
    applied = editor.post(reverse("worksheets:plan_import_apply", args=[draft.pk]), {"token": token})
    assert applied.status_code == 302
    responsible = (
        MonitoringActivity.objects.filter(plan=draft).order_by("position").values_list("responsible", flat=True)
    )
    assert responsible[0] == "Attīstības nodaļa (importēts)"

    assert editor.get(reverse("worksheets:plan_pdf", args=[draft.pk])).status_code == 200
    coordinator = RecordingClient(recorder, world["users"]["coordinator"])
    assert coordinator.get(reverse("worksheets:plan_pdf", args=[published.pk])).status_code == 200
    assert coordinator.get(reverse("worksheets:plan_xlsx", args=[published.pk])).status_code == 200
    downloads = {
        "worksheets:region_xlsx": XLSX,
        "worksheets:region_review_pdf": "application/pdf",
        "worksheets:region_review_xlsx": XLSX,
    }
    for name, content_type in downloads.items():  # prepared in the background, then handed out
        download = coordinator.get(reverse(name, args=[world["region"]]), follow=True)
        assert (download.status_code, download["Content-Type"]) == (200, content_type)
    assert editor.server_errors() + coordinator.server_errors() == []
    assert recorder.writes == []


def test_the_recorder_sees_pending_imports_kept_in_a_local_folder(recorder, settings, world):  # noqa: F811
    """The walk above would fail if pending imports went back to a folder of the app server."""
    folder = tempfile.mkdtemp(prefix="seimpact-local-imports-")
    try:
        settings.STORAGES = {
            **settings.STORAGES,
            "imports": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}},
        }
        draft = world["draft"]
        editor = RecordingClient(recorder, world["users"]["editor"])
        export = editor.get(reverse("worksheets:plan_xlsx", args=[draft.pk]))
        upload = SimpleUploadedFile("plāns.xlsx", export.content, content_type="application/octet-stream")
        token = editor.post(reverse("worksheets:plan_import", args=[draft.pk]), {"file": upload}).context["token"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert ("open", os.path.join(os.path.realpath(folder), f"{token}.xlsx")) in [
        (event, os.path.realpath(path)) for event, path in recorder.writes
    ]
