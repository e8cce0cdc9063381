"""factory_boy factories: regions, municipalities, users with a role, plans and the worksheets' rows.

Row factories put a row in its plan after the rows already there (``position`` = last + 1) unless a
position is given, and take the plan from the row they link to: ``TaskFactory(goal=goal)`` is in
``goal.plan``, ``ActivityFactory(task=task)`` in ``task.plan``.
"""

import factory
from django.contrib.auth import get_user_model
from django.db.models import Max

from indicators.models import CoreIndicator
from municipalities.models import Membership, Municipality, Region, Role
from worksheets.models import (
    ActionPlan,
    Activity,
    Comment,
    Cooperation,
    DataSource,
    EngagementActivity,
    Indicator,
    MonitoringActivity,
    PolicyCategory,
    PolicyDocument,
    Resource,
    ResourceType,
    Risk,
    StrategicGoal,
    TargetGroupNeed,
    Task,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Reģions {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    country = "LV"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["slug"]

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Novads {n}")
    slug = factory.Sequence(lambda n: f"novads-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.lv")
    first_name = "Ilze"
    last_name = "Bērziņa"
    password = factory.PostGenerationMethodCall("set_password", "parole-123")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR
    municipality = factory.SubFactory(MunicipalityFactory)
    region = None


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    municipality = factory.SubFactory(MunicipalityFactory)
    period_start = 2026
    period_end = 2027
    title = "Sociālās uzņēmējdarbības attīstības rīcības plāns"


class WorksheetRowFactory(factory.django.DjangoModelFactory):
    """A row of one of the 11 worksheets; without a ``position``, after the plan's last row of that table."""

    class Meta:
        abstract = True

    plan = factory.SubFactory(ActionPlanFactory)
    position = None

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if kwargs.get("position") is None:
            rows = cls._meta.model.objects.filter(plan=kwargs["plan"])
            kwargs["position"] = (rows.aggregate(last=Max("position"))["last"] or 0) + 1
        return kwargs


def linked_plan(link: str):
    """The plan of the row linked through ``link`` when one is given, else a new plan (for optional links)."""
    return factory.Maybe(
        link,
        yes_declaration=factory.SelfAttribute(f"{link}.plan"),
        no_declaration=factory.SubFactory(ActionPlanFactory),
    )


class PolicyDocumentFactory(WorksheetRowFactory):
    class Meta:
        model = PolicyDocument

    category = PolicyCategory.NATIONAL_ACT
    title = factory.Sequence(lambda n: f"Sociālā uzņēmuma likums, {n}. pants")


class CooperationFactory(WorksheetRowFactory):
    class Meta:
        model = Cooperation

    organisation = factory.Sequence(lambda n: f"Biedrība „Ābele {n}”")


class DataSourceFactory(WorksheetRowFactory):
    class Meta:
        model = DataSource

    data_type = factory.Sequence(lambda n: f"Sociālo uzņēmumu reģistrs {n}")


class TargetGroupNeedFactory(WorksheetRowFactory):
    class Meta:
        model = TargetGroupNeed

    target_group = factory.Sequence(lambda n: f"Mērķa grupa {n}")


class ResourceFactory(WorksheetRowFactory):
    class Meta:
        model = Resource

    resource_type = ResourceType.INFRASTRUCTURE
    description = factory.Sequence(lambda n: f"Telpas kultūras namā {n}")


class StrategicGoalFactory(WorksheetRowFactory):
    class Meta:
        model = StrategicGoal

    text = factory.Sequence(lambda n: f"Līdz 2027. gadam {n} jauni sociālie uzņēmumi")


class TaskFactory(WorksheetRowFactory):
    """A specific task of a goal, in the goal's plan (a new goal of a new plan unless ``goal`` is given)."""

    class Meta:
        model = Task

    goal = factory.SubFactory(StrategicGoalFactory)
    plan = factory.SelfAttribute("goal.plan")
    text = factory.Sequence(lambda n: f"Uzdevums {n}")


class ActivityFactory(WorksheetRowFactory):
    """An activity of ``task`` (in the task's plan), or of no task when only ``plan`` is given."""

    class Meta:
        model = Activity

    task = None
    plan = linked_plan("task")
    description = factory.Sequence(lambda n: f"Aktivitāte {n}")


class IndicatorFactory(WorksheetRowFactory):
    """An indicator measuring ``goal`` (in the goal's plan), or no goal when only ``plan`` is given."""

    class Meta:
        model = Indicator

    goal = None
    plan = linked_plan("goal")
    indicator = factory.Sequence(lambda n: f"Sociālo uzņēmumu skaits {n}")


class EngagementActivityFactory(WorksheetRowFactory):
    class Meta:
        model = EngagementActivity

    activity = factory.Sequence(lambda n: f"Informatīvs seminārs {n}")


class RiskFactory(WorksheetRowFactory):
    class Meta:
        model = Risk

    factor = factory.Sequence(lambda n: f"Riska faktors {n}")


class MonitoringActivityFactory(WorksheetRowFactory):
    class Meta:
        model = MonitoringActivity

    activity = factory.Sequence(lambda n: f"Uzraudzības pasākums {n}")


class CommentFactory(factory.django.DjangoModelFactory):
    """A review comment on a worksheet of a plan (worksheet 6 unless told)."""

    class Meta:
        model = Comment

    plan = factory.SubFactory(ActionPlanFactory)
    worksheet = 6
    text = factory.Sequence(lambda n: f"Lūdzu precizēt ({n})")


class CoreIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoreIndicator

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"K{n + 1}")
    name = factory.Sequence(lambda n: f"Sociālo uzņēmumu skaits {n}")
    unit = "count"
    kind = "quantitative"
    position = factory.Sequence(lambda n: n)


def editor_of(municipality, **kwargs):
    return MembershipFactory(role=Role.EDITOR, municipality=municipality, **kwargs).user


def viewer_of(municipality, **kwargs):
    return MembershipFactory(role=Role.VIEWER, municipality=municipality, **kwargs).user


def coordinator_of(region, **kwargs):
    return MembershipFactory(role=Role.COORDINATOR, municipality=None, region=region, **kwargs).user
