"""The seed loader: reads the fixture format, links goals and tasks, and is idempotent."""

import textwrap

import pytest
from django.core.management import CommandError, call_command

from worksheets.models import ActionPlan, Activity, Indicator, Risk, StrategicGoal, Task
from worksheets.seed.plans import load_plan_file

pytestmark = pytest.mark.django_db

SAMPLE = textwrap.dedent(
    """
    municipality: aizkraukles-novads
    period_start: 2025
    period_end: 2027
    title: "Rīcības plāns"
    support_given: "Telpas „Ābelē”"
    partnership_checklist: {partners_identified: true, meetings_held: false, agreements_signed: true}
    worksheets:
      6:
        - ref: "1"
          text: "Līdz 2027. gadam divi jauni SU"
          tasks:
            - {ref: "1.1", text: "Grozīt attīstības programmu"}
            - {ref: "1.2", text: "Nodokļu atlaides"}
        - ref: "2"
          text: "2026. gadā SU spēle skolās"
          tasks:
            - {ref: "2.1", text: "Spēle klases stundās"}
      7:
        - {task: "1.2", description: "Priekšlikums domei", timeline: "2026", funding_source: "-",
           involved_parties: "", responsible_unit: "Finanšu nodaļa"}
        - {task: null, description: "Bez uzdevuma", timeline: "", funding_source: "", involved_parties: "",
           responsible_unit: ""}
      8:
        - {indicator: "SU skaits", goal: "1", target: "2", achieved_result: "", data_method: "",
           recommendations: "", evaluation_parties: ""}
      10:
        - {factor: "Finansējuma trūkums vai nestabilitāte", impact: "Kavē", level: medium,
           preventive_measures: "ES fondi", reactive_action: ""}
    """
)


@pytest.fixture
def sample(tmp_path, aizkraukle):
    path = tmp_path / "aizkraukles-novads.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_loader_builds_the_plan_with_its_links(sample):
    result = load_plan_file(sample)
    plan = ActionPlan.objects.get()
    assert (result.created, plan.status, plan.period) == (True, "published", "2025–2027")
    assert (plan.partners_identified, plan.meetings_held, plan.agreements_signed) == (True, False, True)
    assert plan.support_given == "Telpas „Ābelē”"
    assert list(Task.objects.filter(plan=plan).values_list("goal__text", "text")) == [
        ("Līdz 2027. gadam divi jauni SU", "Grozīt attīstības programmu"),
        ("Līdz 2027. gadam divi jauni SU", "Nodokļu atlaides"),
        ("2026. gadā SU spēle skolās", "Spēle klases stundās"),
    ]
    assert list(Activity.objects.filter(plan=plan).values_list("task__text", flat=True)) == ["Nodokļu atlaides", None]
    assert Indicator.objects.get(plan=plan).goal.text == "Līdz 2027. gadam divi jauni SU"
    assert Risk.objects.get(plan=plan).level == "medium"
    assert result.rows[6] == 5
    assert plan.history.first().history_user.username == "importa-lietotajs"


def test_loader_twice_changes_nothing(sample):
    load_plan_file(sample)
    goal_ids = list(StrategicGoal.objects.values_list("pk", flat=True))
    history = StrategicGoal.history.count()
    result = load_plan_file(sample)
    assert (result.created, result.changed) == (False, False)
    assert list(StrategicGoal.objects.values_list("pk", flat=True)) == goal_ids
    assert StrategicGoal.history.count() == history


def test_loader_applies_a_changed_fixture(sample):
    load_plan_file(sample)
    sample.write_text(SAMPLE.replace("Nodokļu atlaides", "Nekustamā īpašuma nodokļa atlaides"), encoding="utf-8")
    assert load_plan_file(sample).changed
    assert Task.objects.filter(text="Nekustamā īpašuma nodokļa atlaides").exists()
    assert Activity.objects.get(description="Priekšlikums domei").task.text == "Nekustamā īpašuma nodokļa atlaides"


def test_loader_refuses_a_link_to_a_missing_task(sample, tmp_path):
    sample.write_text(SAMPLE.replace('task: "1.2"', 'task: "9.9"'), encoding="utf-8")
    with pytest.raises(CommandError, match="activities row 1 links to unknown task '9.9'"):
        call_command("load_seed_plans", dir=str(tmp_path))
    assert not ActionPlan.objects.exists()
