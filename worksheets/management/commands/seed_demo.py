"""Demo data for a first look: the regions, one user per role, and a draft plan to work on.

Safe to run any number of times: it updates what exists and creates what is missing.
"""

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from django.db import transaction

from municipalities.models import Membership, Municipality, Region, Role
from worksheets.editing import services

from ...models import ActionPlan

DEMO_USERS = [
    # username, password, full name, role, scope slug, description
    ("admin", "demo-admin-2026", "Administrators", None, None, "administrator (Django admin)"),
    (
        "koordinators",
        "demo-koordinators-2026",
        "Zane Koordinatore",
        Role.COORDINATOR,
        "zemgale",
        "regional coordinator, Zemgales plānošanas reģions",
    ),
    (
        "redaktors",
        "demo-redaktors-2026",
        "Anna Redaktore",
        Role.EDITOR,
        "aizkraukles-novads",
        "municipal editor, Aizkraukles novads",
    ),
    (
        "skatitajs",
        "demo-skatitajs-2026",
        "Jānis Skatītājs",
        Role.VIEWER,
        "aizkraukles-novads",
        "municipal viewer, Aizkraukles novads",
    ),
    (
        "redaktors.bauska",
        "demo-bauska-2026",
        "Pēteris Bauskas",
        Role.EDITOR,
        "bauskas-novads",
        "municipal editor, Bauskas novads",
    ),
    (
        "koordinators.panevezys",
        "demo-panevezys-2026",
        "Rūta Koordinatorė",
        Role.COORDINATOR,
        "panevezys",
        "regional coordinator, Panevėžio regionas",
    ),
]

DEMO_PLAN_PERIOD = (2028, 2029)


class Command(BaseCommand):
    """Load the regions and municipalities, create the demo users (one per role, passwords reset to the listed ones)
    and a demo draft plan, and print the accounts. For a development or demo database only; safe to run again."""

    help = "Load regions and municipalities, create the demo users (one per role) and a demo draft plan."

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("loaddata", "fixtures/regions.json", verbosity=0)
        User = get_user_model()
        rows = []
        for username, password, full_name, role, scope, description in DEMO_USERS:
            first, _, last = full_name.partition(" ")
            user, _created = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.seimpact.localhost",
                    "is_staff": role is None,
                    "is_superuser": role is None,
                },
            )
            user.set_password(password)
            user.save()
            if role == Role.COORDINATOR:
                Membership.objects.get_or_create(user=user, role=role, region=Region.objects.get(slug=scope))
            elif role is not None:
                Membership.objects.get_or_create(
                    user=user, role=role, municipality=Municipality.objects.get(slug=scope)
                )
            rows.append((username, password, description))

        editor = User.objects.get(username="redaktors")
        municipality = Municipality.objects.get(slug="aizkraukles-novads")
        exists = ActionPlan.objects.filter(
            municipality=municipality, period_start=DEMO_PLAN_PERIOD[0], period_end=DEMO_PLAN_PERIOD[1]
        ).exists()
        if not exists:  # a new plan as an editor starts it: the template's standard risks and monitoring
            services.plan_create(
                user=editor,
                municipality=municipality,
                period_start=DEMO_PLAN_PERIOD[0],
                period_end=DEMO_PLAN_PERIOD[1],
                title="Sociālās uzņēmējdarbības attīstības rīcības plāns (demo melnraksts)",
            )

        width = max(len(r[0]) for r in rows)
        self.stdout.write("Demo accounts (username / password — role):")
        for username, password, description in rows:
            self.stdout.write(f"  {username.ljust(width)}  {password.ljust(24)} {description}")
