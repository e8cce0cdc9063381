from django.core.management import BaseCommand

from worksheets.exports.pending import clear_expired


class Command(BaseCommand):
    """Remove the Excel uploads of import previews that were never applied, once they are a day old. Run daily
    (cron); applying an import runs the same clean-up."""

    help = "Remove the uploaded Excel files of import previews older than a day that were never applied (run daily)."

    def handle(self, *args, **options):
        removed = clear_expired()
        self.stdout.write(f"{removed} pending imports removed")
