"""Demo data for a first look: the regions, one user per role, and a draft plan to work on, in Zemgale (Latvian)
and in the Panevėžys region (Lithuanian: an editor and a viewer of Biržai who prefer Lithuanian, and a draft plan
with a few rows in Lithuanian).

Safe to run any number of times: it updates what exists and creates what is missing.
"""

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, call_command
from django.db import transaction

from municipalities.languages import store_preferred_language
from municipalities.models import Membership, Municipality, Region, Role
from worksheets.editing import services

from ...models import ActionPlan
from ...seed.demo import fill_lithuanian_demo_plan

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
    (
        "redaktorius",
        "demo-redaktorius-2026",
        "Aušra Redaktorė",
        Role.EDITOR,
        "birzai",
        "municipal editor, Biržų rajono savivaldybė (Lithuanian)",
    ),
    (
        "skaitytojas",
        "demo-skaitytojas-2026",
        "Jonas Skaitytojas",
        Role.VIEWER,
        "birzai",
        "municipal viewer, Biržų rajono savivaldybė (Lithuanian)",
    ),
]

# Users who prefer another language than Latvian (the switcher changes it; ``municipalities.languages``).
DEMO_LANGUAGES = {"redaktorius": "lt", "skaitytojas": "lt"}

DEMO_PLAN_PERIOD = (2028, 2029)
# The demo draft plans: (municipality, editor, title, what fills it beyond the standard rows). The title marks a plan
# as demo content.
DEMO_PLANS = (
    ("aizkraukles-novads", "redaktors", "Sociālās uzņēmējdarbības attīstības rīcības plāns (demo melnraksts)", None),
    (
        "birzai",
        "redaktorius",
        "Socialinio verslumo plėtros veiksmų planas (demonstracinis juodraštis)",
        fill_lithuanian_demo_plan,
    ),
)


class Command(BaseCommand):
    """Load the regions and municipalities, create the demo users (one per role, passwords reset to the listed ones;
    a Lithuanian editor and viewer of Biržai) and the demo draft plans (Aizkraukle's with the template's standard
    rows, Biržai's with a few rows in Lithuanian), and print the accounts. For a development or demo database only;
    safe to run again."""

    help = (
        "Load regions and municipalities, create the demo users (one per role, and a Lithuanian editor and viewer) "
        "and the demo draft plans."
    )

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
            if username in DEMO_LANGUAGES:
                store_preferred_language(user, DEMO_LANGUAGES[username])
            rows.append((username, password, description))

        for slug, username, title, fill in DEMO_PLANS:
            editor = User.objects.get(username=username)
            municipality = Municipality.objects.get(slug=slug)
            exists = ActionPlan.objects.filter(
                municipality=municipality, period_start=DEMO_PLAN_PERIOD[0], period_end=DEMO_PLAN_PERIOD[1]
            ).exists()
            if exists:
                continue
            # A new plan as an editor starts it: the template's standard risks and monitoring, in its language.
            plan = services.plan_create(
                user=editor,
                municipality=municipality,
                period_start=DEMO_PLAN_PERIOD[0],
                period_end=DEMO_PLAN_PERIOD[1],
                title=title,
            )
            if fill is not None:
                fill(plan, user=editor)

        width = max(len(r[0]) for r in rows)
        self.stdout.write("Demo accounts (username / password — role):")
        for username, password, description in rows:
            self.stdout.write(f"  {username.ljust(width)}  {password.ljust(24)} {description}")
