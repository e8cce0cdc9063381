import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    CooperationFactory,
    CoreIndicatorFactory,
    DataSourceFactory,
    EngagementActivityFactory,
    IndicatorFactory,
    MunicipalityFactory,
    PolicyDocumentFactory,
    RegionFactory,
    ResourceFactory,
    StrategicGoalFactory,
    TargetGroupNeedFactory,
    TaskFactory,
    coordinator_of,
    editor_of,
    viewer_of,
)
from worksheets.editing import services
from worksheets.models import ActionPlan
from worksheets.seed.plans import load_seed_plans

# Property tests: no deadline (wall-clock limits are flaky on shared machines), a database per example is slow
# to set up, so fewer examples than Hypothesis's default; SEIMPACT_HYPOTHESIS_EXAMPLES raises it for a deeper run.
# The same examples every run (derandomize), so the suite's verdict does not depend on the run; a search with new
# examples: SEIMPACT_HYPOTHESIS_RANDOM=1.
hypothesis_settings.register_profile(
    "seimpact",
    deadline=None,
    derandomize=not os.environ.get("SEIMPACT_HYPOTHESIS_RANDOM"),
    max_examples=int(os.environ.get("SEIMPACT_HYPOTHESIS_EXAMPLES", "40")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
hypothesis_settings.load_profile("seimpact")


@pytest.fixture(autouse=True)
def interface_language():
    """Every test starts in the default interface language (Latvian). A request answered in another language
    leaves that language active in the test's thread (the locale middleware activates it and does not reset it), so
    without this a test's lazily translated labels would depend on the tests run before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# --- tests whose checks cannot differ by database ---------------------------------------------------------------

DATABASE_VENDOR = "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


def database_independent(why: str, *, run_on: str = "sqlite") -> pytest.MarkDecorator:
    """A mark for a test (or, as ``pytestmark``, a module) whose checks cannot differ by database: it runs in the
    suite's ``run_on`` run ("sqlite", the default and the developers' run, or "postgresql") and is skipped in the
    other, which would repeat it word for word. ``why`` says why the database adds nothing (shown with the skip).

    CI runs the suite on both databases, so nothing is checked less; use it only where the database cannot change
    the outcome (pure rendering, layout, files, behaviour in the browser that saves nothing)."""
    if run_on not in ("sqlite", "postgresql"):
        raise ValueError(f"run_on is 'sqlite' or 'postgresql', not {run_on!r}")
    return pytest.mark.skipif(
        run_on != DATABASE_VENDOR, reason=f"does not depend on the database ({why}); the {run_on} run checks it"
    )


CHROMIUM = os.environ.get("SEIMPACT_CHROMIUM", "/usr/bin/chromium")
SEED_PLANS_DIR = Path(settings.BASE_DIR) / "fixtures" / "plans"


@pytest.fixture
def zemgale(db):
    return RegionFactory(name="Zemgales plānošanas reģions", slug="zemgale", country="LV")


@pytest.fixture
def panevezys(db):
    return RegionFactory(name="Panevėžio regionas", slug="panevezys", country="LT")


@pytest.fixture
def aizkraukle(zemgale):
    return MunicipalityFactory(name="Aizkraukles novads", slug="aizkraukles-novads", region=zemgale)


@pytest.fixture
def bauska(zemgale):
    return MunicipalityFactory(name="Bauskas novads", slug="bauskas-novads", region=zemgale)


@pytest.fixture
def birzai(panevezys):
    return MunicipalityFactory(name="Biržų rajono savivaldybė", slug="birzai", region=panevezys)


@pytest.fixture
def editor(aizkraukle):
    return editor_of(aizkraukle, user__username="anna")


@pytest.fixture
def viewer(aizkraukle):
    return viewer_of(aizkraukle, user__username="janis")


@pytest.fixture
def other_editor(bauska):
    return editor_of(bauska, user__username="peteris")


@pytest.fixture
def coordinator(zemgale):
    return coordinator_of(zemgale, user__username="zane")


@pytest.fixture
def other_coordinator(panevezys):
    return coordinator_of(panevezys, user__username="ruta")


@pytest.fixture
def plan(aizkraukle, editor):
    """A new draft plan as an editor starts it: the template's standard risks and monitoring pre-filled."""
    return services.plan_create(
        user=editor, municipality=aizkraukle, period_start=2026, period_end=2027, title="Rīcības plāns 2026–2027"
    )


@pytest.fixture
def sound_plan(plan):
    """A plan without open problems: a row on every worksheet (none is left empty), a time-bound goal with a task,
    an activity and an indicator."""
    return add_sound_rows(plan)


def add_sound_rows(plan: ActionPlan) -> ActionPlan:
    """Give ``plan`` the rows of ``sound_plan`` (a row on every worksheet, a time-bound goal with a task, an
    activity and an indicator); returns ``plan``. For fixtures of a wider scope that need such a plan."""
    PolicyDocumentFactory(plan=plan, title="Sociālā uzņēmuma likums")
    CooperationFactory(
        plan=plan, organisation="Biedrība „Aizkraukles partnerība”", cooperation_type="Partnerības līgums"
    )
    DataSourceFactory(plan=plan, data_type="Sociālo uzņēmumu skaits", source="Labklājības ministrija")
    TargetGroupNeedFactory(plan=plan, target_group="Jaunieši bez darba pieredzes")
    ResourceFactory(plan=plan, description="Telpas kultūras namā", holder="Attīstības nodaļa")
    EngagementActivityFactory(plan=plan, activity="Informatīvs seminārs uzņēmējiem")
    goal = StrategicGoalFactory(plan=plan, text="Līdz 2027. gadam divi jauni sociālie uzņēmumi")
    task = TaskFactory(goal=goal, text="Grantu konkurss jaunajiem uzņēmējiem")
    ActivityFactory(
        task=task,
        description="Grantu konkursa „Sociālā uzņēmējdarbība” nolikums",
        timeline="2026. gada pirmā puse",
        funding_source="Pašvaldības budžets",
        responsible_unit="Attīstības nodaļa",
    )
    IndicatorFactory(goal=goal, indicator="SU skaits", target="2")
    return plan


@pytest.fixture
def birzai_plan(birzai):
    return ActionPlanFactory(municipality=birzai, title="Socialinio verslo plėtros veiksmų planas")


@pytest.fixture(scope="module")
def seed_plans(django_db_setup, django_db_blocker):
    """The regions and the six real Zemgale plans of ``fixtures/plans`` (published by the loader), loaded once
    per module: ``[plan, …]`` ordered by municipality slug.

    They are loaded inside a transaction that is rolled back when the module is done, and each test's own
    changes are rolled back after it as usual (its transaction nests in this one), so no test sees another's
    changes and no other module sees the plans. Tests using it must not use ``transactional_db``.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", str(SEED_PLANS_DIR.parent / "regions.json"), verbosity=0)
        load_seed_plans(SEED_PLANS_DIR)
        plans = list(
            ActionPlan.objects.filter(municipality__region__slug="zemgale")
            .select_related("municipality")
            .order_by("municipality__slug")
        )
        with django_db_blocker.block():  # the tests get the database as they ask for it
            yield plans
        transaction.set_rollback(True)


# --- real Chromium for the browser tests -------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Reduced motion: Bootstrap then drops its colour transitions, so axe never measures a button's contrast
    # half-way between its normal and hover colours (a clicked "+ Add" button is still under the pointer).
    return {**browser_context_args, "locale": "en-US", "reduced_motion": "reduce"}


@pytest.fixture
def count_indicator(zemgale):
    """Zemgale's core indicator K1, counted."""
    return CoreIndicatorFactory(region=zemgale, code="K1", name="Sociālo uzņēmumu skaits", unit="count")


@pytest.fixture
def eur_indicator(zemgale):
    """Zemgale's core indicator K5, in euro."""
    return CoreIndicatorFactory(region=zemgale, code="K5", name="Atbalsta apjoms", unit="eur")


@pytest.fixture
def text_indicator(zemgale):
    """Zemgale's qualitative core indicator KV2, as text."""
    return CoreIndicatorFactory(region=zemgale, code="KV2", name="Izpratnes līmenis", unit="text", kind="qualitative")
