from django.core.management import BaseCommand

from ...seed import load_core_indicators


class Command(BaseCommand):
    help = "Create the regional core indicator sets (the Zemgale set from worksheet 8); keeps existing ones."

    def handle(self, *args, **options):
        for region, created in load_core_indicators():
            self.stdout.write(f"{region}: {created} core indicators created")
