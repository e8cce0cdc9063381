"""gunicorn's settings for the production run (``make serve``; README "Production"), read from the environment
and the checkout's ``.env`` (the environment wins).

    gunicorn -c seimpact/gunicorn.conf.py seimpact.wsgi

- ``GUNICORN_BIND``: address to listen on, ``127.0.0.1:8000`` by default (behind a reverse proxy on the same
  machine); several separated by commas; ``unix:/run/seimpact.sock`` for a socket.
- ``WEB_CONCURRENCY``: worker processes, by default 2 × CPUs + 1, at most 12. Each worker holds the whole app
  (WeasyPrint included) in its memory and one database connection per busy thread.
- ``GUNICORN_THREADS``: threads per worker (the ``gthread`` worker), 4 by default: a worker waiting on the database
  or rendering a PDF still answers the others. Workers × threads is the most requests served at once, and the most
  database connections the app servers open (PostgreSQL's ``max_connections`` must exceed it plus the task worker's).
- ``GUNICORN_TIMEOUT``: seconds a request may take before its worker is restarted, 120 by default: a plan's PDF
  takes about 10 s on a busy machine, a whole region's Excel more.
- ``GUNICORN_MAX_REQUESTS``: a worker is replaced after this many requests (with jitter), 1000 by default, so
  memory a long-lived process gathers (fonts, rendered documents) is given back.
- ``GUNICORN_CONTROL_SOCKET``: path of gunicorn's control socket (``gunicornc``); off unless set.

The app is not preloaded in the arbiter (``preload_app`` off): each worker imports it itself, so a restart of one
worker (``max_requests``, ``timeout``) or ``kill -HUP`` of the arbiter loads the new code, and no database connection
or WeasyPrint state is shared between forked processes. Memory shared by preloading would be small beside what each
worker builds while serving.

Logs: the access log and errors go to stdout/stderr (a service manager or container runtime keeps them).
"""

import multiprocessing
import os
from pathlib import Path

import environ

# The same `.env` as Django's settings (README "Production"): its GUNICORN_* and WEB_CONCURRENCY count here too; a
# variable set in the process environment wins.
_env_file = Path(__file__).resolve().parent.parent / ".env"
if _env_file.exists():
    environ.Env.read_env(_env_file, overwrite=False)

bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address.strip()]
workers = int(os.environ.get("WEB_CONCURRENCY", 0)) or min(2 * multiprocessing.cpu_count() + 1, 12)
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = max_requests // 10
preload_app = False

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address, request line, status, bytes, time taken in microseconds, browser; never cookies.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'

# The worker heartbeat file in memory (/dev/shm) where there is one: on a disk it can stall workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

# Proxy headers (X-Forwarded-For…) are trusted by gunicorn only from these addresses: the reverse proxy's.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
