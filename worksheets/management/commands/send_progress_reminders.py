from datetime import date

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from worksheets.followup.reminders import send_progress_reminders


class Command(BaseCommand):
    """E-mail each municipality's editors their plans' overdue and soon-due activities (ws 7) and monitoring
    activities (ws 11) of their approved or published plans. Run daily (cron); ``--date`` takes another day as
    today."""

    help = (
        "E-mail each municipality's editors the overdue activities and monitoring activities of their approved "
        "or published plans, and those due within the next 30 days. Meant for a daily cron job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Take this day (YYYY-MM-DD) as today.")

    def handle(self, *args, date=None, **options):
        try:
            today = _parse(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        sent = send_progress_reminders(today=today)
        self.stdout.write(f"{sent} reminder e-mails sent for {today.isoformat()}")


def _parse(text: str) -> date:
    return date.fromisoformat(text)
