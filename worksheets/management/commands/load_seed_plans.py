from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from ...seed.plans import SeedError, load_seed_plans


class Command(BaseCommand):
    """Load the six Zemgale municipalities' real plans (``fixtures/plans``, transcribed from seeds/001); run once
    after the regions are loaded (``make setup``), and again whenever a fixture changes: unchanged plans are left
    alone."""

    help = "Load the municipalities' real plans from fixtures/plans/*.yaml (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "fixtures" / "plans"))

    def handle(self, *args, dir, **options):
        try:
            results = load_seed_plans(Path(dir))
        except SeedError as error:
            raise CommandError(str(error)) from error
        for result in results:
            state = "created" if result.created else ("updated" if result.changed else "unchanged")
            counts = " ".join(f"{n}:{c}" for n, c in result.rows.items())
            self.stdout.write(f"{result.municipality}: {state} (rows per worksheet {counts})")
