"""The review of a plan: its status changes, the coordinator's comments and the frozen approved versions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .plan import ActionPlan, PlanStatus


class PlanTransition(models.Model):
    """One change of a plan's status: who moved it, when, and what they said."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("plan"))
    from_status = models.CharField(_("from"), max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PlanStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["plan", "at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class Comment(models.Model):
    """A review comment on a worksheet (optionally on one of its rows), or an answer to one."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="comments", verbose_name=_("plan"))
    worksheet = models.PositiveSmallIntegerField(_("worksheet"))
    table = models.CharField(_("table"), max_length=30, blank=True)
    row_id = models.PositiveIntegerField(_("row"), null=True, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("answer to")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    text = models.TextField(_("comment"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        ordering = ["plan", "worksheet", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["plan", "worksheet"], name="comment_plan_worksheet")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.parent_id is None and self.resolved_at is None


class PlanVersion(models.Model):
    """The content of a plan as approved: version N, with the council decision that adopted it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("version"))
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("approved by")
    )
    decision_number = models.CharField(_("council decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    content = models.JSONField(_("content"))

    # The council decision recorded or corrected after approval is kept with who and when (the content never
    # changes, so it is not copied into the history).
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("approved version")
        verbose_name_plural = _("approved versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class DashboardVisit(models.Model):
    """When a coordinator last looked at a region's dashboard: what changed since then is marked there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    region = models.ForeignKey(
        "municipalities.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    visited_at = models.DateTimeField(_("last visit"))

    class Meta:
        ordering = ["user", "region"]
        verbose_name = _("dashboard visit")
        verbose_name_plural = _("dashboard visits")
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="one_dashboard_visit_per_region")]

    def __str__(self) -> str:
        return f"{self.user} {self.region} {self.visited_at:%Y-%m-%d %H:%M}"
