"""The regional core indicator set: what every municipality of a region measures the same way, and the
values each municipality records for it per period."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.access import access_of
from municipalities.models import Municipality, Region
from worksheets.models import ActionPlan

from .values import display, parse_value


class IndicatorUnit(models.TextChoices):
    """The unit of a core indicator's values (``indicators.values`` parses them); "text" for a qualitative one."""

    COUNT = "count", _("count")
    EUR = "eur", _("EUR")
    PERCENT = "percent", _("%")
    TEXT = "text", _("text (qualitative)")


class IndicatorKind(models.TextChoices):
    """Quantitative or qualitative: the two kinds of indicators of worksheet 8 (seeds/002)."""

    QUANTITATIVE = "quantitative", _("quantitative")
    QUALITATIVE = "qualitative", _("qualitative")


class CoreIndicatorQuerySet(models.QuerySet):
    """The reference list protocol of ``worksheets.registry`` (``BoundColumn.is_reference``): the choices a
    plan's rows offer, and the note shown beside a cell that references one of them."""

    def for_plan(self, plan) -> "CoreIndicatorQuerySet":
        """The indicators a plan's worksheet 8 rows may be linked to: those of its municipality's region."""
        return self.filter(region_id=plan.municipality.region_id)

    def notes_for(self, plan) -> dict[int, str]:
        """``{indicator pk: "Latest actual value: 7 (2026, second half)"}``: for each of these indicators with
        an actual value recorded by the plan's municipality in a year of the plan's period, the latest one
        (ordered by year, then part of the year). One query."""
        latest: dict[int, IndicatorValue] = {}
        values = (
            IndicatorValue.objects.filter(
                municipality_id=plan.municipality_id,
                year__gte=plan.period_start,
                year__lte=plan.period_end,
                indicator__in=self,
            )
            .exclude(actual="")
            .select_related("indicator")
            .order_by("year", "half")
        )
        for value in values:
            latest[value.indicator_id] = value  # later periods overwrite earlier ones
        return {
            pk: _("Latest actual value: %(value)s (%(period)s)")
            % {"value": display(value.indicator.unit, value.actual), "period": value.period_label}
            for pk, value in latest.items()
        }


class CoreIndicator(models.Model):
    """An indicator of the region's common methodology, maintained by the regional coordinator."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="core_indicators", verbose_name=_("region")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=IndicatorUnit.choices)
    kind = models.CharField(_("kind"), max_length=15, choices=IndicatorKind.choices)
    collection = models.TextField(_("how it is collected"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = CoreIndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["region", "position", "code"]
        verbose_name = _("core indicator")
        verbose_name_plural = _("core indicators")
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="one_core_indicator_code_per_region")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_quantitative(self) -> bool:
        return self.kind == IndicatorKind.QUANTITATIVE


class Half(models.IntegerChoices):
    """The period of an indicator value within its year: the whole year (0) or its first or second half."""

    WHOLE_YEAR = 0, _("whole year")
    FIRST = 1, _("first half")
    SECOND = 2, _("second half")


class IndicatorValueQuerySet(models.QuerySet):
    """Which indicator values a user may read; mirrors the permissions in ``indicators.rules``."""

    def visible_to(self, user) -> "IndicatorValueQuerySet":
        """Values the user may read: their municipalities' and regions' all, everybody's in published plans
        (a value is in a published plan when the year lies in the period of a published plan of its
        municipality)."""
        access = access_of(user)
        if access.is_admin:
            return self.all()
        published = ActionPlan.objects.public().filter(  # a plan being revised stays public (its version in force)
            municipality_id=OuterRef("municipality_id"),
            period_start__lte=OuterRef("year"),
            period_end__gte=OuterRef("year"),
        )
        return self.filter(
            Q(municipality_id__in=access.member_of)
            | Q(municipality__region_id__in=access.coordinator_of)
            | Q(Exists(published))
        )


class IndicatorValue(models.Model):
    """What one municipality recorded for one core indicator in one period (a year or a half-year)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="indicator_values", verbose_name=_("municipality")
    )
    indicator = models.ForeignKey(
        CoreIndicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("core indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("part of the year"), choices=Half.choices, default=Half.WHOLE_YEAR)
    baseline = models.TextField(_("baseline"), blank=True)
    target = models.TextField(_("target"), blank=True)
    actual = models.TextField(_("actual value"), blank=True)
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "updated_by"])

    objects = IndicatorValueQuerySet.as_manager()

    NUMERIC_FIELDS = ("baseline", "target", "actual")

    class Meta:
        ordering = ["municipality", "indicator__position", "indicator__code", "year", "half"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator", "year", "half"],
                name="one_value_per_municipality_indicator_and_period",
                violation_error_message=_("This indicator already has a value for this period."),
            ),
            models.CheckConstraint(
                name="indicator_value_year_in_range",
                condition=Q(year__gte=2000, year__lte=2100),
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.indicator.code} {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.half)

    def clean(self):
        super().clean()
        if self.indicator_id and self.municipality_id and self.indicator.region_id != self.municipality.region_id:
            raise ValidationError({"indicator": _("This indicator belongs to another region.")})
        if self.indicator_id:
            errors = {}
            for name in self.NUMERIC_FIELDS:
                try:
                    setattr(self, name, parse_value(self.indicator.unit, getattr(self, name)).text)
                except ValidationError as error:
                    errors[name] = error.messages
            if errors:
                raise ValidationError(errors)

    def number(self, name: str):
        """A numeric field's value as a ``Decimal`` (None when empty or qualitative)."""
        return parse_value(self.indicator.unit, getattr(self, name)).number


def period_label(year: int, half: int) -> str:
    """A period as readers see it, in the interface language: "2026", "2026, first half" (``half``: a ``Half``)."""
    if half == Half.FIRST:
        return _("%(year)s, first half") % {"year": year}
    if half == Half.SECOND:
        return _("%(year)s, second half") % {"year": year}
    return str(year)


class LinkDecision(models.TextChoices):
    """What a person decided about a worksheet 8 indicator's link to a core indicator."""

    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class DeciderRole(models.TextChoices):
    """In which capacity a link was decided: the plan's municipal editor or the region's coordinator."""

    EDITOR = "editor", _("municipal editor")
    COORDINATOR = "coordinator", _("regional coordinator")


class CoreIndicatorLink(models.Model):
    """A person's decision on linking a plan's worksheet 8 indicator to a core indicator of its region.

    A confirmed link is what the indicator row's ``core_indicator`` holds (the confirmation writes it, in the row's
    history); a rejection keeps the app from suggesting ``core_indicator`` again while the indicator's text stays
    ``text``. ``suggested``/``score``: whether the app had suggested this core indicator (``indicators.matching``)
    and how strongly (0–100)."""

    plan_indicator = models.OneToOneField(
        "worksheets.Indicator", on_delete=models.CASCADE, related_name="core_link", verbose_name=_("indicator")
    )
    core_indicator = models.ForeignKey(
        CoreIndicator, on_delete=models.CASCADE, related_name="links", verbose_name=_("core indicator")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=LinkDecision.choices)
    suggested = models.BooleanField(_("suggested by the app"), default=False)
    score = models.PositiveSmallIntegerField(_("match score"), null=True, blank=True)
    text = models.TextField(_("indicator text decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_as = models.CharField(_("decided as"), max_length=12, choices=DeciderRole.choices)
    decided_at = models.DateTimeField(_("decided at"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_indicator"]
        verbose_name = _("core indicator link")
        verbose_name_plural = _("core indicator links")

    def __str__(self) -> str:
        return f"{self.plan_indicator_id} → {self.core_indicator.code} ({self.decision})"
