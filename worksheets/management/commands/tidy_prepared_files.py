from django.core.management import BaseCommand

from worksheets.tasks import tidy_prepared_files


class Command(BaseCommand):
    """Queue again the prepared files whose worker stopped (killed or restarted mid-task) and remove the finished ones
    older than a day with their files (``worksheets.tasks.tidy_prepared_files``). ``make worker`` runs it before the
    worker starts; run it daily too (README "Background jobs")."""

    help = "Queue again the prepared downloads a stopped worker left unfinished; remove those finished over a day ago."

    def handle(self, *args, **options):
        recovered, removed = tidy_prepared_files()
        self.stdout.write(f"{recovered} prepared files queued again, {removed} old ones removed")
