"""Locust users of the production load test (``manage.py loadtest_production`` starts Locust with this file).

Three kinds of people, each signed in through the login form as a browser is (CSRF cookie and token, Origin and
Referer), paced by a think time between their steps:

- ``Officer`` (one per load-test editor, each with their own draft plan): opens a worksheet of their plan, saves it
  with a few text cells changed ("worksheet save"), then saves it again and again with one cell changed each time
  ("worksheet autosave": the whole form with one cell changed, as an autosave of one cell would post it), and moves
  on to another worksheet. Each save posts every control of the form as a browser does (hidden fields, CSRF token,
  CRLF line breaks: ``worksheets.loadtest.Form.entries``) and follows the redirect back to the page. Every cell a
  save changes gets a unique marker; each save answered 302 is recorded, so the command can check afterwards that
  every confirmed marker is stored (lost writes).
- ``Coordinator`` (the load-test region's coordinators): the region's dashboard and its comparisons.
- ``Reader`` (no login): the public portal's region list, the region's page, its published plans and comparisons.

Requests are named by page type, so Locust and the command's report give latencies per page type. What to load comes
from the JSON file named by ``SEIMPACT_LOADTEST_CONFIG`` (written by the command); at the end of the run the file
named there under ``"records"`` receives every request (name, milliseconds, status, error), every confirmed save's
markers and the errors raised inside users. Django is set up here only to read the worksheet registry (which
controls are free-text cells); this process never opens a database connection.
"""

import json
import os
import random
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

import django

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seimpact.settings")
django.setup()

from locust import HttpUser, between, events, task  # noqa: E402
from locust.exception import StopUser  # noqa: E402

from worksheets.loadtest import parse_forms, text_cells  # noqa: E402

CONFIG = json.loads(Path(os.environ["SEIMPACT_LOADTEST_CONFIG"]).read_text(encoding="utf-8"))
THINK = between(*CONFIG["think_seconds"])
TIMEOUT = CONFIG["timeout_seconds"]
AUTOSAVES = CONFIG["autosaves"]  # one-cell saves after each worksheet save, before the officer moves on

_records = {"requests": [], "saves": [], "user_errors": [], "users": {}}
_lock = threading.Lock()
_written = False


@events.request.add_listener
def _record_request(request_type, name, response_time, response, exception, **_kwargs):
    status = getattr(response, "status_code", None) or None
    with _lock:
        _records["requests"].append(
            {
                "method": request_type,
                "name": name,
                "ms": response_time,
                "status": status,
                "error": "" if exception is None else f"{type(exception).__name__}: {exception}"[:300],
            }
        )


@events.user_error.add_listener
def _record_user_error(user_instance, exception, tb, **_kwargs):
    with _lock:
        _records["user_errors"].append(f"{type(user_instance).__name__}: {type(exception).__name__}: {exception}")


@events.test_stop.add_listener
def _write_records(**_kwargs):
    global _written
    with _lock:
        if _written:
            return
        _written = True
        Path(CONFIG["records"]).write_text(json.dumps(_records), encoding="utf-8")


class _Accounts:
    """Hands out the configured accounts of one kind, one per started user, in order."""

    def __init__(self, accounts: list[dict]):
        self._accounts = list(accounts)
        self._next = 0

    def take(self) -> dict:
        with _lock:
            account = self._accounts[self._next % len(self._accounts)]
            self._next += 1
            return account


class SignedIn(HttpUser):
    """A user who signs in through the login form on start."""

    abstract = True
    wait_time = THINK
    accounts: _Accounts

    def on_start(self):
        self.account = self.accounts.take()
        with _lock:
            _records["users"][type(self).__name__] = _records["users"].get(type(self).__name__, 0) + 1
        page = self.client.get(CONFIG["login_path"], name="login page", timeout=TIMEOUT)
        form = next((f for f in parse_forms(page.text) if any(c.type == "password" for c in f.controls)), None)
        if page.status_code != 200 or form is None:
            raise StopUser()
        entries = [
            (name, self.account["username"] if name == "username" else self.account["password"])
            if name in ("username", "password")
            else (name, value)
            for name, value in form.entries()
        ]
        with self.post(page, form, entries, name="login") as answer:
            signed_in = answer.status_code == 302
            if not signed_in:
                answer.failure(f"sign-in of {self.account['username']} answered {answer.status_code}")
        if not signed_in:
            raise StopUser()

    def post(self, page, form, entries, *, name: str):
        """POST ``entries`` to ``form``'s action on ``page`` as a browser does (Origin, Referer), redirects not
        followed; a ``catch_response`` context manager."""
        return self.client.post(
            urljoin(page.url, form.attrs.get("action") or page.url),
            data=entries,
            headers={"Origin": self.host.rstrip("/"), "Referer": page.url},
            name=name,
            allow_redirects=False,
            catch_response=True,
            timeout=TIMEOUT,
        )

    def read(self, path: str, name: str):
        """GET a page that must answer 200."""
        with self.client.get(path, name=name, catch_response=True, timeout=TIMEOUT) as answer:
            if answer.status_code != 200:
                answer.failure(f"{name} answered {answer.status_code}")
            return answer


class Officer(SignedIn):
    """A municipal editor editing their own plan: a worksheet save with a few cells, then one-cell autosaves."""

    fixed_count = CONFIG["counts"]["officers"]
    accounts = _Accounts(CONFIG["officers"])

    def on_start(self):
        super().on_start()
        self.rng = random.Random(self.account["username"])
        self.page = None  # the worksheet page being edited (its last answer)
        self.saves_left = 0
        self.number = 0
        self.saved = 0

    @task
    def edit(self):
        if self.page is None or self.saves_left == 0:
            self.number = self.rng.choice(CONFIG["worksheets"])
            answer = self.read(self.worksheet_path(), "worksheet page")
            self.page = answer if answer.status_code == 200 else None
            self.saves_left = 1 + AUTOSAVES
            return
        first = self.saves_left == 1 + AUTOSAVES
        self.save(
            cells=self.rng.randint(2, 3) if first else 1, name="worksheet save" if first else "worksheet autosave"
        )
        self.saves_left -= 1

    def worksheet_path(self) -> str:
        return CONFIG["worksheet_path"].format(plan=self.account["plan_id"], number=self.number)

    def save(self, *, cells: int, name: str) -> None:
        """Change ``cells`` text cells of one form of the current page to new markers, post the whole form, follow
        the redirect (the page for the next save) and record the markers when the save answered 302."""
        found = text_cells(parse_forms(self.page.text))
        if not found:
            self.page = None
            raise RuntimeError(f"worksheet {self.number} of plan {self.account['plan_id']} has no text cell")
        form = self.rng.choice(found).form
        in_form = [c for c in found if c.form is form]
        chosen = self.rng.sample(in_form, k=min(cells, len(in_form)))
        markers = {}
        for cell in chosen:
            self.saved += 1
            markers[cell.name] = f"{CONFIG['tag']}-{self.account['username']}-{self.saved}#"
        entries = [(key, markers.get(key, value)) for key, value in form.entries()]
        with self.post(self.page, form, entries, name=name) as answer:
            finished = time.monotonic()
            if answer.status_code != 302:
                answer.failure(f"{name} of worksheet {self.number} answered {answer.status_code}")
                self.page = None
                return
            answer.success()
            location = answer.headers.get("Location", "")
        with _lock:
            for cell in chosen:
                _records["saves"].append(
                    {
                        "kind": name,
                        "username": self.account["username"],
                        "plan_id": self.account["plan_id"],
                        "worksheet": self.number,
                        "marker": markers[cell.name],
                        "table": cell.table,
                        "row_id": cell.row_id,
                        "column": cell.column,
                        "finished": finished,
                    }
                )
        followed = self.read(location, "worksheet page")
        self.page = followed if followed.status_code == 200 else None


class Coordinator(SignedIn):
    """A regional coordinator reading the region's dashboard and comparisons."""

    fixed_count = CONFIG["counts"]["coordinators"]
    accounts = _Accounts(CONFIG["coordinators"])

    @task(3)
    def dashboard(self):
        self.read(CONFIG["coordinator"]["dashboard"], "dashboard")

    @task(1)
    def comparisons(self):
        self.read(CONFIG["coordinator"]["comparisons"], "comparisons")

    @task(4)
    def comparison(self):
        self.read(random.choice(CONFIG["coordinator"]["comparison"]), "comparison")


class Reader(HttpUser):
    """A member of the public reading the portal: no login."""

    fixed_count = CONFIG["counts"]["readers"]
    wait_time = THINK

    def on_start(self):
        with _lock:
            _records["users"]["Reader"] = _records["users"].get("Reader", 0) + 1

    def read(self, path: str, name: str):
        with self.client.get(path, name=name, catch_response=True, timeout=TIMEOUT) as answer:
            if answer.status_code != 200:
                answer.failure(f"{name} answered {answer.status_code}")

    @task(1)
    def regions(self):
        self.read(CONFIG["public"]["regions"], "public regions")

    @task(3)
    def region(self):
        self.read(CONFIG["public"]["region"], "public region")

    @task(4)
    def plan(self):
        self.read(random.choice(CONFIG["public"]["plan"]), "public plan")

    @task(3)
    def comparison(self):
        self.read(random.choice(CONFIG["public"]["comparison"]), "public comparison")
