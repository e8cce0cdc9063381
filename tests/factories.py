import factory
from django.contrib.auth import get_user_model

from indicators.models import CoreIndicator
from municipalities.models import Membership, Municipality, Region, Role
from worksheets.models import ActionPlan


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
