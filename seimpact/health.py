"""The health URL a load balancer or monitor probes: ``/health/``, open to everybody, never cached.

It answers ``200 ok`` when the database answers and the task queue is reachable, and ``503 unavailable`` when either
is not; nothing else, to anybody: which check failed and why (exception texts, host names, versions) goes to the
log (logger ``health_check``), never into the answer. The checks are django-health-check's: its ``Database`` check
(``SELECT 1`` on a connection of its own, closed afterwards) and :class:`TaskQueue` below.
"""

import asyncio
import dataclasses

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connections, router
from django.http import HttpResponse
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from health_check import Database, HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The task queue (``settings.TASKS``, django-tasks) can take work: for every backend that keeps its queue in
    the database (``django_tasks_db.DatabaseBackend``), its table is read (one ``SELECT … LIMIT 1``, on a connection
    of its own, closed afterwards). A backend that runs tasks at once (the immediate backend of ``make run`` and the
    tests) has no queue that could fail. Whether a worker is running is not asked: the app servers serve without
    one, and a load balancer should not take them out of service for it.

    Raises ``ServiceUnavailable("task queue unreachable")`` when the table cannot be read (database down, migrations
    not run).
    """

    def run(self):
        if not any(isinstance(backend, DatabaseBackend) for backend in task_backends.all()):
            return
        alias = router.db_for_read(DBTaskResult)
        try:
            with connections[alias].temporary_connection():
                list(DBTaskResult.objects.using(alias).order_by().values_list("pk", flat=True)[:1])
        except DatabaseError as error:
            raise ServiceUnavailable("task queue unreachable") from error


class HealthView(HealthCheckView):
    """``GET``/``HEAD /health/``: ``200`` with the body ``ok``, or ``503`` with ``unavailable`` (``text/plain``),
    whatever the ``Accept`` header or ``?format=`` asks for. ``Cache-Control: no-cache, no-store…`` (the package's
    ``dispatch``), so no proxy answers for the app."""

    checks = (Database, TaskQueue)

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:  # as the package's view runs them, without its choice of formats
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        healthy = not any(result.error for result in self.results)
        return HttpResponse(
            "ok\n" if healthy else "unavailable\n",
            status=200 if healthy else 503,
            content_type="text/plain; charset=utf-8",
        )


health = login_not_required(HealthView.as_view())
