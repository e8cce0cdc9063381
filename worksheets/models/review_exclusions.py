"""Officers' working notes ("Altum?", "visticamāk?") that the region's coordinator keeps out of the regional review.

A note is a piece of the text of one cell of a plan's row (the table's registry key, the row's id and the field), or
the whole cell; the review prints the cell without it (``worksheets.regional.working_notes``). The plan itself keeps
the text as typed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .plan import ActionPlan


class ReviewExclusion(models.Model):
    """A working note in a cell of a plan's row, marked by the region's coordinator as not for the regional review."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="review_exclusions", verbose_name=_("plan")
    )
    table = models.CharField(_("table"), max_length=30)  # the registry's table key, e.g. "activities"
    row_id = models.PositiveIntegerField(_("row"))
    field = models.CharField(_("field"), max_length=50)
    text = models.TextField(_("note left out"), blank=True)  # as it stands in the cell; "" leaves out the whole cell
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "table", "row_id", "field", "id"]
        verbose_name = _("working note left out of the review")
        verbose_name_plural = _("working notes left out of the review")
        constraints = [
            models.UniqueConstraint(fields=["plan", "table", "row_id", "field", "text"], name="one_exclusion_per_note")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.table}#{self.row_id}.{self.field}: {self.text[:40]}"
