"""Load-test a running server over loopback: officers saving worksheets at the same time (``worksheets/loadtest.py``).

    python manage.py runserver --noreload 127.0.0.1:8000        # one terminal, DJANGO_DEBUG=true
    python manage.py loadtest --url http://127.0.0.1:8000 --clients 10 --saves 15 --pairs 5
    python manage.py loadtest --serve ...                        # or let the command start and stop a server
    python manage.py loadtest --clean                            # remove the load-test data

The command and the server must use the same database (the same ``DATABASE_URL``): the command writes the
load-test officers and plans into it, and reads the saved cells back. Exits non-zero when a save failed (5xx, no
answer), was refused as invalid, or was lost.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from ... import loadtest


class Command(BaseCommand):
    """Load-test a running server (or one it starts with ``--serve``) with concurrent worksheet saves and print
    statuses, errors, conflicts shown, lost writes and latency; ``--clean`` removes the load-test data."""

    help = "Load-test a running server with concurrent worksheet saves; report errors and lost writes."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running server's address")
        parser.add_argument("--serve", action="store_true", help="start runserver on a free port for the run")
        parser.add_argument("--clients", type=int, default=10, help="officers saving their own plans at once")
        parser.add_argument("--saves", type=int, default=15, help="worksheet saves per officer")
        parser.add_argument("--pairs", type=int, default=5, help="pairs saving the same worksheet at the same moment")
        parser.add_argument("--pair-rounds", type=int, default=1, help="simultaneous saves per pair")
        parser.add_argument(
            "--seed", type=int, default=None, help="random seed of the cells chosen (markers are new every run)"
        )
        parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for one answer")
        parser.add_argument("--clean", action="store_true", help="remove the load-test data and stop")

    def handle(self, *args, url, serve, clients, saves, pairs, pair_rounds, seed, timeout, clean, **options):
        if clean:
            removed = loadtest.clean()
            self.stdout.write(f"Removed the load-test data ({removed} plans).")
            return
        if min(clients, saves, pairs, pair_rounds) < 0 or clients + pairs == 0:
            raise CommandError("--clients, --saves, --pairs and --pair-rounds count from 0; give clients or pairs")
        database = connection.settings_dict
        self.stdout.write(f"Database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
        server = log = None
        try:
            if serve:
                if getattr(settings, "SECURE_SSL_REDIRECT", False):
                    raise CommandError("the server would redirect to HTTPS: run with DJANGO_DEBUG=true")
                handle, name = tempfile.mkstemp(prefix="seimpact-loadtest-", suffix=".log")
                os.close(handle)
                log = Path(name)
                server, url = start_server(log)
            self.stdout.write(
                f"Server: {url}; {clients} clients × {saves} saves, {pairs} pairs × {pair_rounds} simultaneous saves"
            )
            try:
                report = loadtest.load_test(
                    url, clients=clients, saves=saves, pairs=pairs, pair_rounds=pair_rounds, seed=seed, timeout=timeout
                )
            except loadtest.LoadTestError as error:
                raise CommandError(str(error)) from error
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            if log is not None:
                self.stdout.write(f"The server's log: {log}")
            raise CommandError(
                f"load test failed: {len(report.errors)} errors, {len(report.rejected)} refused, "
                f"{len(report.lost)} lost writes"
            )
        if log is not None:
            log.unlink()


def start_server(log: Path) -> tuple[subprocess.Popen, str]:
    """Start ``manage.py runserver --noreload`` on a free loopback port with this process's environment (the same
    database), writing its output to ``log``; wait until it answers (up to 60 s). Returns the process and its URL.
    Raises ``CommandError`` when it does not come up."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "runserver",
        "--noreload",
        f"127.0.0.1:{port}",
    ]
    with log.open("w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"the server stopped at once; see {log}")
        try:
            with urllib.request.urlopen(url + reverse("login"), timeout=2):
                return server, url
        except urllib.error.HTTPError:
            return server, url  # it answers
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise CommandError(f"the server did not answer within 60 s; see {log}")
