from django.core.management import BaseCommand

from ...seed import load_core_indicators


class Command(BaseCommand):
    """Create the missing core indicators of the regions that have a set in ``indicators.seed`` (Zemgale: seeds/002,
    worksheet 8, as seeds/000 recommends; Panevėžys: the set the Panevėžys review recommends, seeds/000, second part).
    Run once after the regions are loaded (``make setup``); it only adds what a region lacks, so edits stay but a
    deleted indicator comes back."""

    help = "Create the regional core indicator sets (Zemgale, Panevėžys); keeps existing ones."

    def handle(self, *args, **options):
        for region, created in load_core_indicators():
            self.stdout.write(f"{region}: {created} core indicators created")
