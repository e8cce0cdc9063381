"""Load-test the production setup: gunicorn serving ``seimpact.wsgi`` on PostgreSQL, driven by Locust over loopback.

    DATABASE_URL=postgres://… python manage.py loadtest_production                  # 2 minutes, 110 users
    DATABASE_URL=postgres://… python manage.py loadtest_production --run-time 30s --officers 10 …
    DATABASE_URL=postgres://… python manage.py loadtest_production --clean          # remove the load-test data

What it does, in order:

1. prepares its own data in the ``DATABASE_URL`` database (``worksheets.loadtest``): the load-test region with one
   municipality and draft plan per officer, the region's coordinators, and municipalities with a published plan each
   for the public;
2. collects the static files into a temporary folder and starts gunicorn on a free loopback port (``DEBUG`` off, a
   generated secret key, no HTTPS redirect nor secure cookies, ``seimpact/gunicorn.conf.py`` when it exists);
3. runs Locust headless in a subprocess (``loadtests/locustfile.py``) for ``--run-time``: officers editing their own
   plans (worksheet saves and one-cell autosaves), coordinators reading the dashboard and comparisons, public readers;
4. checks the database for **lost writes** (a save answered 302 whose marker is not in its cell, unless a later
   confirmed save of the same cell replaced it) and counts **errors** (5xx, no answer, any failed request, errors
   inside a simulated user), prints p50/p95 per page type, stops gunicorn and removes the load-test data.

Exits non-zero on any error or lost write. Locust is only ever imported by its own process.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from ... import loadtest
from ...regional.comparisons import COMPARISONS

LOCUSTFILE = Path(settings.BASE_DIR) / "loadtests" / "locustfile.py"
GUNICORN_CONF = Path(settings.BASE_DIR) / "seimpact" / "gunicorn.conf.py"
PAGE_ORDER = (
    "login page",
    "login",
    "worksheet page",
    "worksheet save",
    "worksheet autosave",
    "dashboard",
    "comparisons",
    "comparison",
    "public regions",
    "public region",
    "public plan",
    "public comparison",
)


@dataclass
class PageStats:
    """The requests of one page type: latencies in milliseconds and the failed ones (``"status or error"``)."""

    name: str
    latencies: list[float] = field(default_factory=list)
    failures: Counter = field(default_factory=Counter)

    def percentile(self, p: int) -> float | None:
        """The ``p``-th percentile (1–99) of the latencies in milliseconds, None without any."""
        if not self.latencies:
            return None
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(sorted(self.latencies), n=100, method="inclusive")[p - 1]


@dataclass
class Outcome:
    """What a run left in its records file: per page type statistics, errors, the confirmed saves and lost writes."""

    pages: dict[str, PageStats]
    saves: list[loadtest.Save]
    lost: list[loadtest.Save]
    user_errors: list[str]
    users: dict[str, int]

    @property
    def requests(self) -> int:
        return sum(len(page.latencies) for page in self.pages.values())

    @property
    def errors(self) -> int:
        """Failed requests of every kind (5xx, no answer, a wrong status) plus errors raised inside users."""
        return sum(sum(page.failures.values()) for page in self.pages.values()) + len(self.user_errors)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not self.lost and bool(self.saves)

    def lines(self) -> list[str]:
        """The printout: a table of page types (requests, failures, p50, p95, max in ms), then totals."""
        lines = [f"{'page type':<20} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"]
        for name in sorted(self.pages, key=lambda n: (PAGE_ORDER.index(n) if n in PAGE_ORDER else 99, n)):
            page = self.pages[name]
            p50, p95 = page.percentile(50), page.percentile(95)
            lines.append(
                f"{name:<20} {len(page.latencies):>8} {sum(page.failures.values()):>6} "
                f"{p50 or 0:>7.0f} {p95 or 0:>7.0f} {max(page.latencies, default=0):>7.0f}"
            )
        kinds = Counter(save.phase for save in self.saves)
        lines += [
            "users started: " + ", ".join(f"{kind} {count}" for kind, count in sorted(self.users.items())),
            f"requests: {self.requests}; cells saved (confirmed 302): {len(self.saves)} "
            f"({', '.join(f'{kind}: {count}' for kind, count in sorted(kinds.items()))})",
            f"errors (5xx, no answer, failed requests, errors in users): {self.errors}",
            f"lost writes: {len(self.lost)}",
        ]
        for name, page in self.pages.items():
            for failure, count in page.failures.most_common(3):
                lines.append(f"  {name}: {failure} × {count}")
        lines += [f"  in a user: {error}" for error in self.user_errors[:5]]
        lines += [f"  lost: {save.describe()}" for save in self.lost[:5]]
        return lines


def saves_from_records(records: dict) -> list[loadtest.Save]:
    """The confirmed saves of a records file (``records["saves"]``, one entry per changed cell: kind, username,
    plan_id, worksheet, marker, table, row_id, column, finished) as ``loadtest.Save``s answered 302."""
    return [
        loadtest.Save(
            phase=entry["kind"],
            username=entry["username"],
            plan_id=entry["plan_id"],
            worksheet=entry["worksheet"],
            marker=entry["marker"],
            table=entry["table"],
            row_id=entry["row_id"],
            column=entry["column"],
            status=302,
            finished=entry["finished"],
        )
        for entry in records.get("saves", [])
    ]


def outcome_of(records: dict) -> Outcome:
    """Read a records file's content (see ``loadtests/locustfile.py``): statistics per page type, the failures (a
    request with an error: its status, or "no answer"), and the lost writes, read from the database
    (``loadtest.lost_writes``)."""
    pages: dict[str, PageStats] = {}
    for request in records.get("requests", []):
        page = pages.setdefault(request["name"], PageStats(request["name"]))
        page.latencies.append(float(request["ms"]))
        if request["error"]:
            status = request["status"]
            kind = "no answer" if status is None else f"{status}"
            page.failures[f"{kind}: {request['error'][:120]}"] += 1
    saves = saves_from_records(records)
    return Outcome(
        pages=pages,
        saves=saves,
        lost=loadtest.lost_writes(saves),
        user_errors=list(records.get("user_errors", [])),
        users=dict(records.get("users", {})),
    )


class Command(BaseCommand):
    """Run the production load test (gunicorn + PostgreSQL + Locust) and report errors, lost writes and p50/p95 per
    page type; ``--clean`` removes the load-test data."""

    help = "Load-test gunicorn on PostgreSQL with Locust (officers, coordinators, public readers); report and check."

    def add_arguments(self, parser):
        parser.add_argument("--officers", type=int, default=40, help="editors saving their own plans")
        parser.add_argument("--coordinators", type=int, default=10, help="coordinators reading dashboards")
        parser.add_argument("--readers", type=int, default=60, help="public readers")
        parser.add_argument("--published", type=int, default=6, help="published plans the public reads")
        parser.add_argument("--run-time", default="2m", help="Locust's --run-time (e.g. 2m, 90s)")
        parser.add_argument("--spawn-rate", type=float, default=2, help="users arriving (signing in) per second")
        parser.add_argument(
            "--think",
            type=float,
            nargs=2,
            default=(5.0, 15.0),
            metavar=("MIN", "MAX"),
            help="seconds a person reads or types between two steps",
        )
        parser.add_argument("--autosaves", type=int, default=3, help="one-cell saves after each worksheet save")
        parser.add_argument("--timeout", type=float, default=60, help="seconds a request may wait for its answer")
        parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: its config's)")
        parser.add_argument("--keep-data", action="store_true", help="keep the load-test data afterwards")
        parser.add_argument("--clean", action="store_true", help="remove the load-test data and stop")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The production load test runs on PostgreSQL: set DATABASE_URL=postgres://… (a migrated database).",
                returncode=2,
            )
        if options["clean"]:
            self.stdout.write(f"Removed the load-test data ({loadtest.clean()} plans).")
            return
        if min(options["officers"], options["coordinators"], options["readers"]) < 0 or options["officers"] < 1:
            raise CommandError("--officers counts from 1, --coordinators and --readers from 0", returncode=2)
        if options["coordinators"] and options["published"] < 1 or options["readers"] and options["published"] < 1:
            raise CommandError("coordinators and readers need --published 1 or more", returncode=2)
        if not (0 <= options["think"][0] <= options["think"][1]):
            raise CommandError("--think MIN MAX: 0 ≤ MIN ≤ MAX", returncode=2)
        workdir = Path(tempfile.mkdtemp(prefix="seimpact-loadtest-production-"))
        server = None
        failed = True
        try:
            config = self.prepare(options, workdir)
            server, url = start_gunicorn(workdir, workers=options["workers"])
            self.stdout.write(f"gunicorn: {url} (log {workdir / 'gunicorn.log'})")
            self.stdout.write(
                f"Locust: {options['officers']} officers, {options['coordinators']} coordinators, "
                f"{options['readers']} public readers for {options['run_time']} (log {workdir / 'locust.log'})"
            )
            load_before = os.getloadavg()[0]
            run_locust(url, config, workdir, options)
            self.stdout.write(
                f"Machine: {os.cpu_count()} CPUs, load average {load_before:.1f} before the run, "
                f"{os.getloadavg()[0]:.1f} after it"
            )
            records_path = Path(config["records"])
            if not records_path.exists():
                raise CommandError(f"Locust left no records; see {workdir / 'locust.log'}")
            outcome = outcome_of(json.loads(records_path.read_text(encoding="utf-8")))
            for line in outcome.lines():
                self.stdout.write(line)
            failed = not outcome.ok
            if failed:
                raise CommandError(
                    f"load test failed: {outcome.errors} errors, {len(outcome.lost)} lost writes, "
                    f"{len(outcome.saves)} cells saved; logs in {workdir}"
                )
        finally:
            if server is not None:
                stop(server)
            if not options["keep_data"]:
                loadtest.clean()
            if not failed:
                shutil.rmtree(workdir, ignore_errors=True)

    def prepare(self, options, workdir: Path) -> dict:
        """Create the load-test data and write Locust's configuration file; returns the configuration."""
        self.stdout.write(f"Database: PostgreSQL {connection.settings_dict['NAME']}; preparing the load-test data…")
        offices = loadtest.prepare(offices=options["officers"])
        coordinators = loadtest.prepare_coordinators(count=options["coordinators"])
        published = loadtest.prepare_published(count=options["published"]) if options["published"] else []
        slug = loadtest.REGION_SLUG
        worksheet_path = reverse("worksheets:worksheet", args=[999999, 888888])
        config = {
            "tag": f"slodze-{secrets.token_hex(4)}",  # new every run: an earlier run's marker never passes for this
            "records": str(workdir / "records.json"),
            "think_seconds": list(options["think"]),
            "timeout_seconds": options["timeout"],
            "autosaves": options["autosaves"],
            "counts": {k: options[k] for k in ("officers", "coordinators", "readers")},
            "login_path": reverse("login"),
            "worksheets": loadtest.editable_worksheets(),
            "worksheet_path": worksheet_path.replace("999999", "{plan}").replace("888888", "{number}"),
            "officers": [
                {"username": o.officer.username, "password": o.officer.password, "plan_id": o.officer.plan_id}
                for o in offices
            ],
            "coordinators": [{"username": a.username, "password": a.password} for a in coordinators],
            "coordinator": {
                "dashboard": reverse("worksheets:dashboard", args=[slug]),
                "comparisons": reverse("worksheets:region_comparisons", args=[slug]),
                "comparison": [reverse("worksheets:region_comparison", args=[slug, s.key]) for s in COMPARISONS],
            },
            "public": {
                "regions": reverse("public:regions"),
                "region": reverse("public:region", args=[slug]),
                "plan": [reverse("public:plan", args=[pk]) for pk in published],
                "comparison": [reverse("public:comparison", args=[slug, s.key]) for s in COMPARISONS],
            },
        }
        path = workdir / "config.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        config["path"] = str(path)
        return config


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(workdir: Path) -> dict[str, str]:
    """The environment of the production server: this one's (the same ``DATABASE_URL``) with ``DEBUG`` off, a
    generated secret key, plain HTTP on loopback, and static files, media and pending imports in ``workdir``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "seimpact.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SEIMPACT_SSL_REDIRECT": "false",
        "SEIMPACT_SECURE_COOKIES": "false",
        "SEIMPACT_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "SEIMPACT_MEDIA_DIR": str(workdir / "media"),
        "SEIMPACT_IMPORT_DIR": str(workdir / "imports"),
    }


def start_gunicorn(workdir: Path, *, workers: int | None = None) -> tuple[subprocess.Popen, str]:
    """Collect the static files into ``workdir`` and start gunicorn on ``seimpact.wsgi`` on a free loopback port, with
    ``seimpact/gunicorn.conf.py`` when it exists (else ``2 × CPUs + 1`` workers of 4 threads, at most 8 workers)
    and ``workers`` when given; output goes to ``workdir/gunicorn.log``. Waits until the login page answers (up to 60 s). Returns the
    process and its URL; ``CommandError`` when collectstatic fails or the server does not come up."""
    env = server_environment(workdir)
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    collected = subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"], env=env, capture_output=True, text=True, check=False
    )
    if collected.returncode:
        raise CommandError(f"collectstatic failed: {collected.stderr[-2000:]}")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn"]
    if GUNICORN_CONF.exists():
        command += ["--config", str(GUNICORN_CONF)]
    else:
        command += ["--worker-class", "gthread", "--threads", "4", "--timeout", "120"]
        workers = workers or min(2 * (os.cpu_count() or 1) + 1, 8)
    if workers is not None:
        command += ["--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "seimpact.wsgi"]
    log = workdir / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn stopped at once; see {log}")
        try:
            with urllib.request.urlopen(url + reverse("login"), timeout=5):
                return server, url
        except urllib.error.HTTPError:
            return server, url  # it answers
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise CommandError(f"gunicorn did not answer within 60 s; see {log}")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn gracefully (SIGTERM to its master), or kill it after 30 s."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def run_locust(url: str, config: dict, workdir: Path, options: dict) -> int:
    """Run Locust headless against ``url`` with ``loadtests/locustfile.py`` for the configured run time, its output in
    ``workdir/locust.log``; returns Locust's exit code (the command judges the run from the records itself)."""
    users = options["officers"] + options["coordinators"] + options["readers"]
    command = [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        url,
        "--users",
        str(users),
        "--spawn-rate",
        str(options["spawn_rate"]),
        "--run-time",
        options["run_time"],
        "--stop-timeout",
        str(int(options["timeout"]) + 10),
        "--only-summary",
    ]
    env = {**os.environ, "SEIMPACT_LOADTEST_CONFIG": config["path"]}
    with (workdir / "locust.log").open("w") as output:
        return subprocess.run(
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, check=False
        ).returncode
