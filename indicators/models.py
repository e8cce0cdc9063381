"""The regional core indicator set: what every municipality of a region measures the same way."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from municipalities.models import Region


class IndicatorUnit(models.TextChoices):
    COUNT = "count", _("count")
    EUR = "eur", _("EUR")
    PERCENT = "percent", _("%")
    TEXT = "text", _("text (qualitative)")


class IndicatorKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("quantitative")
    QUALITATIVE = "qualitative", _("qualitative")


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

    class Meta:
        ordering = ["region", "position", "code"]
        verbose_name = _("core indicator")
        verbose_name_plural = _("core indicators")
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="one_core_indicator_code_per_region")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
