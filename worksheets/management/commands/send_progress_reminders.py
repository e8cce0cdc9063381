from datetime import date

from django.core.management import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus

from worksheets.tasks import send_daily_reminders


class Command(BaseCommand):
    """E-mail each municipality's editors their plans' overdue and soon-due activities (ws 7) and monitoring
    activities (ws 11) of their approved or published plans, through the background task ``send_daily_reminders``
    (sent at once with the immediate backend, by the worker with the database one). Run daily (cron or a systemd
    timer: the Tasks framework has no scheduler; README "Background jobs"); ``--date`` takes another day as today."""

    help = (
        "E-mail each municipality's editors the overdue activities and monitoring activities of their approved "
        "or published plans, and those due within the next 30 days (a background task). Meant for a daily cron job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Take this day (YYYY-MM-DD) as today.")

    def handle(self, *args, date=None, **options):
        try:
            today = _parse(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        result = send_daily_reminders.enqueue(today.isoformat())
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"{result.return_value} reminder e-mails sent for {today.isoformat()}")
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(f"Sending the reminders for {today.isoformat()} failed (task {result.id}).")
        else:
            self.stdout.write(f"Reminders for {today.isoformat()} queued as task {result.id}")


def _parse(text: str) -> date:
    return date.fromisoformat(text)
