import os
import shutil

import pytest

from tests.factories import (
    ActionPlanFactory,
    MunicipalityFactory,
    RegionFactory,
    coordinator_of,
    editor_of,
    viewer_of,
)
from worksheets.editing import services

CHROMIUM = os.environ.get("SEIMPACT_CHROMIUM", "/usr/bin/chromium")


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
    """A plan without open problems: a time-bound goal with a task, an activity and an indicator."""
    from worksheets.models import Activity, Indicator, StrategicGoal, Task

    goal = StrategicGoal.objects.create(plan=plan, position=1, text="Līdz 2027. gadam divi jauni sociālie uzņēmumi")
    task = Task.objects.create(plan=plan, goal=goal, position=1, text="Grantu konkurss jaunajiem uzņēmējiem")
    Activity.objects.create(
        plan=plan,
        task=task,
        position=1,
        description="Grantu konkursa nolikums",
        timeline="2026. gada pirmā puse",
        funding_source="Pašvaldības budžets",
        responsible_unit="Attīstības nodaļa",
    )
    Indicator.objects.create(plan=plan, goal=goal, position=1, indicator="SU skaits", target="2")
    return plan


@pytest.fixture
def birzai_plan(birzai):
    return ActionPlanFactory(municipality=birzai, title="Socialinio verslo plėtros veiksmų planas")


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
    return {**browser_context_args, "locale": "en-US"}
