"""The action plan: one municipality's plan for one planning period."""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.access import access_of
from municipalities.models import Municipality


class PlanStatus(models.TextChoices):
    """The stages of a plan (PRODUCT §3): draft, submitted, returned for changes, approved, published."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)
PUBLIC_STATUSES = (PlanStatus.PUBLISHED,)
ADOPTED_STATUSES = (PlanStatus.APPROVED, PlanStatus.PUBLISHED)  # the council's plan: content locked


class ActionPlanQuerySet(models.QuerySet):
    """Which plans a user may read or change; mirrors the predicates in ``worksheets.permissions``."""

    def accessible_to(self, user) -> "ActionPlanQuerySet":
        """Plans the user reads because of a membership (drafts included): "my plans"."""
        access = access_of(user)
        if access.is_admin:
            return self.all()
        return self.filter(
            Q(municipality_id__in=access.member_of) | Q(municipality__region_id__in=access.coordinator_of)
        )

    def visible_to(self, user) -> "ActionPlanQuerySet":
        """Plans the user may read: their own ones at every stage, everybody's published ones."""
        access = access_of(user)
        if access.is_admin:
            return self.all()
        return self.filter(
            Q(status__in=PUBLIC_STATUSES)
            | Q(published_version__isnull=False)
            | Q(municipality_id__in=access.member_of)
            | Q(municipality__region_id__in=access.coordinator_of)
        )

    def editable_by(self, user) -> "ActionPlanQuerySet":
        """Plans whose content the user may change: drafts of the municipalities they edit."""
        return self.filter(municipality_id__in=access_of(user).editor_of, status__in=EDITABLE_STATUSES)

    def public(self) -> "ActionPlanQuerySet":
        """Plans everybody may read: the published ones, and those being revised after publication (read as their
        published version, ``ActionPlan.published_version``)."""
        return self.filter(Q(status__in=PUBLIC_STATUSES) | Q(published_version__isnull=False))


class ActionPlan(models.Model):
    """A municipality's action plan for developing social entrepreneurship in one planning period."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="plans", verbose_name=_("municipality")
    )
    period_start = models.PositiveSmallIntegerField(_("period from (year)"))
    period_end = models.PositiveSmallIntegerField(_("period to (year)"))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    # Plan-level answers that belong to a worksheet but are not rows of its table.
    support_given = models.TextField(
        _("Support already given to social enterprises or innovators"),
        blank=True,
        help_text=_("Worksheet 5 closes by naming the support already given to social enterprises or innovators."),
    )
    partners_identified = models.BooleanField(
        _("Potential partners have been identified (NGOs, business sector, academic institutions)"), default=False
    )
    meetings_held = models.BooleanField(_("Meetings with potential partners have been organised"), default=False)
    agreements_signed = models.BooleanField(
        _("Memoranda or agreements for developing social entrepreneurship have been signed"), default=False
    )
    # What the municipality wrote beside each ws 9 checklist item (e.g. "(plānoti 2026. gadā …)").
    partners_identified_note = models.TextField(_("Note on the identified partners"), blank=True)
    meetings_held_note = models.TextField(_("Note on the meetings with partners"), blank=True)
    agreements_signed_note = models.TextField(_("Note on the memoranda or agreements"), blank=True)
    # The plan in force: the approved version the plan had when it was last published. Set on publishing and kept
    # while a revision is drafted (reopened → returned → submitted → approved), so the public, the comparisons and
    # other municipalities keep reading it; publishing the revision replaces it.
    published_version = models.ForeignKey(
        "worksheets.PlanVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )

    # The earlier plan this one was started from as a copy (``worksheets.editing.rollover``), if any.
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "updated_by"])

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "-period_start"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_start", "period_end"],
                name="one_plan_per_municipality_and_period",
                violation_error_message=_("This municipality already has a plan for this period."),
            ),
            models.CheckConstraint(
                name="plan_period_ordered",
                condition=Q(period_end__gte=F("period_start")),
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("worksheets:plan", args=[self.pk])

    @property
    def period(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        """Everybody may read the plan: it is published, or being revised after publication."""
        return self.status in PUBLIC_STATUSES or self.published_version_id is not None

    @property
    def in_revision(self) -> bool:
        """The plan was published and is being revised: outside its municipality and region it is read as its
        ``published_version`` until the revision is published."""
        return self.status not in PUBLIC_STATUSES and self.published_version_id is not None


# A municipality has two plans that matter at a time, and each place names which one it shows: the plan in
# force (what the council decided: comparisons, the regional review, the public) and its latest plan (what
# its officers and the coordinator are working on now: the coordinator's dashboard, where a new period's
# draft or a plan in review must show). Both read ``plans`` once and run no query of their own.


def plans_in_force(plans: Iterable[ActionPlan]) -> dict[int, ActionPlan]:
    """Each municipality's plan in force among ``plans``, as ``{municipality id: plan}``.

    The plan in force is the municipality's latest adopted plan (approved, published, or being revised after
    publication: ``ActionPlan.published_version`` stays in force meanwhile), else its latest plan, so a new
    period's draft does not hide the plan in force. "Latest" is by period (start, then end).
    """
    return _best_per_municipality(plans, lambda plan: (_adopted(plan), *_period(plan)))


def _adopted(plan: ActionPlan) -> bool:
    return plan.status in ADOPTED_STATUSES or plan.published_version_id is not None


def latest_plans(plans: Iterable[ActionPlan]) -> dict[int, ActionPlan]:
    """Each municipality's latest plan among ``plans`` by period (start, then end), whatever its status, as
    ``{municipality id: plan}``: the one being prepared or reviewed, else the one in force."""
    return _best_per_municipality(plans, _period)


def _period(plan: ActionPlan) -> tuple[int, int]:
    return (plan.period_start, plan.period_end)


def _best_per_municipality(plans: Iterable[ActionPlan], rank) -> dict[int, ActionPlan]:
    best: dict[int, ActionPlan] = {}
    for plan in plans:
        held = best.get(plan.municipality_id)
        if held is None or rank(plan) > rank(held):
            best[plan.municipality_id] = plan
    return best
