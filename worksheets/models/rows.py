"""The rows of the 11 worksheets. Every row belongs to one plan and has a position in its table.

Field labels (``verbose_name``) are the worksheet template's column headings; the edit page, the
history, exports and imports take them from here through ``worksheets.registry``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .plan import ActionPlan


class WorksheetRow(models.Model):
    """Common part of every worksheet row: the plan it belongs to and its place in the table."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="+", verbose_name=_("plan"))
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at"])

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return getattr(self, self.TITLE_FIELD)[:80]


class PolicyCategory(models.TextChoices):
    """The three kinds of documents of worksheet 1 (seeds/002)."""

    NATIONAL_ACT = "national_act", _("National legal act")
    DEVELOPMENT_STRATEGY = "development_strategy", _("Regional or municipal development strategy")
    SUPPORT_PROGRAMME = "support_programme", _("Support programme")


class PolicyDocument(WorksheetRow):
    """Ws 1: a legal act, development strategy or support programme that affects social entrepreneurship."""

    TITLE_FIELD = "title"
    category = models.CharField(_("Category"), max_length=30, choices=PolicyCategory.choices)
    title = models.TextField(_("Document or programme"))
    reference = models.TextField(_("Section, point or sub-point referred to"), blank=True)
    implementer = models.TextField(_("Implementer (support programmes)"), blank=True)
    link = models.URLField(_("Link"), max_length=500, blank=True)

    class Meta(WorksheetRow.Meta):
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")


class Cooperation(WorksheetRow):
    """Ws 2: a cooperation model with a social partner."""

    TITLE_FIELD = "organisation"
    organisation = models.TextField(_("Organisation"))
    cooperation_type = models.TextField(_("Type of cooperation"), blank=True)
    result = models.TextField(_("Result"), blank=True)

    class Meta(WorksheetRow.Meta):
        verbose_name = _("cooperation model")
        verbose_name_plural = _("cooperation models")


class DataSource(WorksheetRow):
    """Ws 3: a type of data available to the municipality and where it comes from."""

    TITLE_FIELD = "data_type"
    data_type = models.TextField(_("Types of data available or obtainable in the municipality"))
    source = models.TextField(_("Data source (institution, unit)"), blank=True)
    update_frequency = models.TextField(_("Update frequency"), blank=True)

    class Meta(WorksheetRow.Meta):
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")


class TargetGroupNeed(WorksheetRow):
    """Ws 4: a target group, the support it has and the needs left unmet."""

    TITLE_FIELD = "target_group"
    target_group = models.TextField(_("Target group"))
    existing_support = models.TextField(_("Existing forms of support already available and implemented"), blank=True)
    unmet_needs = models.TextField(_("Unmet needs"), blank=True)
    opportunities = models.TextField(_("Opportunities to involve social enterprises"), blank=True)

    class Meta(WorksheetRow.Meta):
        verbose_name = _("target group need")
        verbose_name_plural = _("target group needs")


class ResourceType(models.TextChoices):
    """The four types of resources of worksheet 5 (seeds/002)."""

    FINANCIAL = "financial", _("Financial resources")
    MATERIAL = "material", _("Material resources")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    INFORMATIONAL = "informational", _("Informational and human resources")


class Resource(WorksheetRow):
    """Ws 5: a resource of the municipality that can support social enterprises."""

    TITLE_FIELD = "description"
    resource_type = models.CharField(_("Type of resource"), max_length=20, choices=ResourceType.choices)
    description = models.TextField(_("Resource"))
    holder = models.TextField(_("Holder of the resource (institution / unit)"), blank=True)

    class Meta(WorksheetRow.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")


class StrategicGoal(WorksheetRow):
    """Ws 6: a strategic goal (SMART) of the plan."""

    TITLE_FIELD = "text"
    text = models.TextField(_("Strategic goal"))

    class Meta(WorksheetRow.Meta):
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")


class Task(WorksheetRow):
    """Ws 6: a specific task that serves one strategic goal."""

    TITLE_FIELD = "text"
    goal = models.ForeignKey(
        StrategicGoal, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("Strategic goal")
    )
    text = models.TextField(_("Specific task"))

    class Meta(WorksheetRow.Meta):
        verbose_name = _("specific task")
        verbose_name_plural = _("specific tasks")


class ProgressStatus(models.TextChoices):
    """The progress of a ws 7 activity or ws 11 monitoring activity, recorded while the plan runs (PRODUCT §6)."""

    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    LATE = "late", _("late")
    CANCELLED = "cancelled", _("cancelled")


class ActionGroup(models.TextChoices):
    """The action groups the regional review sorts municipalities' activities into."""

    FINANCIAL_SUPPORT = "financial_support", _("Financial support")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    INFORMATION = "information", _("Information and communication")
    COOPERATION = "cooperation", _("Cooperation")
    EDUCATION = "education", _("Integration in education")


class Activity(WorksheetRow):
    """Ws 7: an activity of the action plan, serving one specific task."""

    TITLE_FIELD = "description"
    task = models.ForeignKey(
        Task,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Specific task"),
    )
    task_as_written = models.TextField(
        _("Specific task (as written)"),
        blank=True,
        help_text=_("The task as the plan document words it, where it is not one of worksheet 6's tasks."),
    )
    description = models.TextField(_("Activity"))
    timeline = models.TextField(_("Timeline"), blank=True)
    funding_source = models.TextField(_("Source of funding"), blank=True)
    involved_parties = models.TextField(_("Parties involved"), blank=True)
    responsible_unit = models.TextField(_("Responsible municipal unit"), blank=True)
    action_group = models.CharField(_("Action group"), max_length=20, choices=ActionGroup.choices, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.PLANNED
    )
    due_date = models.DateField(_("Due date"), null=True, blank=True)

    class Meta(WorksheetRow.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")


class Indicator(WorksheetRow):
    """Ws 8: a measurable indicator of a strategic goal, with its target and achieved result."""

    TITLE_FIELD = "indicator"
    indicator = models.TextField(_("Indicator of the goals, tasks and activities"))
    goal = models.ForeignKey(
        StrategicGoal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("Strategic goal measured"),
    )
    target = models.TextField(_("Target defined in the action plan"), blank=True)
    achieved_result = models.TextField(_("Achieved result"), blank=True)
    data_method = models.TextField(_("Data collection method"), blank=True)
    recommendations = models.TextField(_("Recommendations for the next planning period"), blank=True)
    evaluation_parties = models.TextField(_("Parties involved in the evaluation"), blank=True)
    core_indicator = models.ForeignKey(
        "indicators.CoreIndicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_indicators",
        verbose_name=_("Regional core indicator"),
    )

    class Meta(WorksheetRow.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")


class EngagementActivity(WorksheetRow):
    """Ws 9: an activity of the information and engagement plan."""

    TITLE_FIELD = "activity"
    activity = models.TextField(_("Activity"))
    target_audience = models.TextField(_("Target audience"), blank=True)
    channel = models.TextField(_("Channel"), blank=True)
    timeline = models.TextField(_("Timeline"), blank=True)
    responsible = models.TextField(_("Responsible institution / unit"), blank=True)

    class Meta(WorksheetRow.Meta):
        verbose_name = _("engagement activity")
        verbose_name_plural = _("engagement activities")


class RiskLevel(models.TextChoices):
    """The risk levels of worksheet 10 (seeds/002)."""

    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


LEVELS_NEEDING_PREVENTION = (RiskLevel.MEDIUM, RiskLevel.HIGH)


class Risk(WorksheetRow):
    """Ws 10: an implementation risk, its level and how it is prevented and handled."""

    TITLE_FIELD = "factor"
    factor = models.TextField(_("Risk factor"))
    impact = models.TextField(_("Possible impact"), blank=True)
    level = models.CharField(_("Risk level (low/medium/high)"), max_length=10, choices=RiskLevel.choices, blank=True)
    preventive_measures = models.TextField(_("Preventive measures (how to prevent the risk)"), blank=True)
    reactive_action = models.TextField(
        _("Reactive action and who is responsible (who does what if the risk occurs)"), blank=True
    )

    class Meta(WorksheetRow.Meta):
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def clean(self):
        super().clean()
        if self.level in LEVELS_NEEDING_PREVENTION and not self.preventive_measures.strip():
            raise ValidationError(
                {"preventive_measures": _("A medium or high risk needs preventive measures.")}, code="prevention"
            )


class MonitoringActivity(WorksheetRow):
    """Ws 11: an activity that monitors the plan's implementation, with who does it and by when."""

    TITLE_FIELD = "activity"
    activity = models.TextField(_("Monitoring activity of the action plan's implementation"))
    responsible = models.TextField(_("Responsible institution / unit"), blank=True)
    deadline = models.TextField(_("Deadline"), blank=True)
    completion_indicator = models.TextField(_("Completion indicator"), blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.PLANNED
    )
    due_date = models.DateField(_("Due date"), null=True, blank=True)

    class Meta(WorksheetRow.Meta):
        verbose_name = _("monitoring activity")
        verbose_name_plural = _("monitoring activities")


class WorksheetState(models.Model):
    """The revision of one worksheet of a plan: bumped on every save, so a stale save is detected."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="worksheet_states")
    number = models.PositiveSmallIntegerField(_("worksheet"))
    revision = models.PositiveIntegerField(_("revision"), default=0)
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("worksheet state")
        verbose_name_plural = _("worksheet states")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_state_per_worksheet")]

    def __str__(self) -> str:
        return f"{self.plan} #{self.number} r{self.revision}"


class ChecklistItem(WorksheetRow):
    """Ws 9: a partnership checklist item of the municipality's own, beside the template's three on the plan, and
    whether it is done (ticked)."""

    TITLE_FIELD = "text"
    text = models.TextField(_("Checklist item"))
    done = models.BooleanField(_("Done"), default=False)

    class Meta(WorksheetRow.Meta):
        verbose_name = _("own checklist item")
        verbose_name_plural = _("own checklist items")


class WorksheetNote(models.Model):
    """What the officers write beside a worksheet's table (an introduction, a paragraph under the table, sub-headings
    of its rows, hints of their own): one free text per plan and worksheet, empty by default."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="worksheet_notes")
    number = models.PositiveSmallIntegerField(_("worksheet"))
    text = models.TextField(_("Notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("worksheet note")
        verbose_name_plural = _("worksheet notes")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_note_per_worksheet")]

    def __str__(self) -> str:
        return f"{self.plan} #{self.number}"
