"""The coordinator's regional review as a document: editions of a region's review for a year, with the coordinator's
text in each of the six sections (those of ``seeds/000``), conclusions, numbered recommendations, strengths and
challenges, and sources. Issuing an edition freezes its text and the review's figures as they were (``snapshot``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.models import Region

from .plan import ActionPlan


class EditionStatus(models.TextChoices):
    """Where an edition is: a draft the coordinators write, or issued (frozen, public)."""

    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


# The edition's text field of each review section (``worksheets.regional.review.SECTION_TITLES``), in order.
SECTION_TEXT_FIELDS = {
    1: "introduction",
    2: "policy_framework",
    3: "needs_and_resources",
    4: "strategy",
    5: "evaluation_and_risks",
    6: "partnerships",
}
TEXT_FIELDS = (*SECTION_TEXT_FIELDS.values(), "conclusions")  # everything the coordinator writes as one text


class RegionalReviewEdition(models.Model):
    """One edition of a region's regional review for a year: the coordinator's texts and, once issued, the frozen
    figures."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="review_editions", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    # 1 for the year's first edition; a corrected re-issue of the year is the next number and supersedes the earlier.
    number = models.PositiveSmallIntegerField(_("edition number"), default=1, validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    plans = models.ManyToManyField(
        ActionPlan, blank=True, related_name="review_editions", verbose_name=_("plans reviewed")
    )
    introduction = models.TextField(_("Introduction"), blank=True)
    policy_framework = models.TextField(_("Policy framework and cooperation models"), blank=True)
    needs_and_resources = models.TextField(_("Needs and resources"), blank=True)
    strategy = models.TextField(_("Strategy and action plan"), blank=True)
    evaluation_and_risks = models.TextField(_("Evaluation and risks"), blank=True)
    partnerships = models.TextField(_("Partnerships and public engagement"), blank=True)
    conclusions = models.TextField(_("Conclusions"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
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
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    # The institution that issued it, as the public copy names it (never a person).
    issuer = models.CharField(_("issued by (institution)"), max_length=200, blank=True)
    # The review's figures as they were when issued: ``worksheets.regional.editions.review_snapshot``.
    snapshot = models.JSONField(_("figures as issued"), null=True, blank=True, editable=False)
    # The issued edition's files, produced once from its frozen text and figures (``worksheets.regional.editions``).
    pdf_file = models.FileField(_("PDF as issued"), upload_to="editions/", max_length=300, blank=True, editable=False)
    xlsx_file = models.FileField(
        _("Excel as issued"), upload_to="editions/", max_length=300, blank=True, editable=False
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started from"),
    )

    history = HistoricalRecords(
        excluded_fields=["updated_at", "updated_by", "revision", "snapshot", "pdf_file", "xlsx_file"],
        m2m_fields=[plans],
    )

    class Meta:
        ordering = ["region", "-year", "-number"]
        verbose_name = _("regional review edition")
        verbose_name_plural = _("regional review editions")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "number"], name="one_review_edition_number_per_region_year"
            ),
            # One draft at a time per year: the year's first edition, or the correction of its issued one.
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=Q(status="draft"),
                name="one_draft_review_edition_per_region_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}" + (f" ({self.number})" if self.number > 1 else "")

    @property
    def is_correction(self) -> bool:
        """A corrected re-issue of the year's review (edition number 2 or later)."""
        return self.number > 1

    @property
    def is_issued(self) -> bool:
        return self.status == EditionStatus.ISSUED

    def section_text(self, number: int) -> str:
        """The coordinator's text of review section ``number`` (1–6)."""
        return getattr(self, SECTION_TEXT_FIELDS[number])


class EditionRow(models.Model):
    """A numbered row of an edition's list (recommendations, strengths and challenges, sources)."""

    position = models.PositiveIntegerField(_("number"), default=0)

    class Meta:
        abstract = True
        ordering = ["edition", "position", "id"]


class ReviewRecommendation(EditionRow):
    """A recommendation of the review, numbered by its position."""

    edition = models.ForeignKey(
        RegionalReviewEdition, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("edition")
    )
    text = models.TextField(_("recommendation"))

    history = HistoricalRecords()

    class Meta(EditionRow.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]


class FindingKind(models.TextChoices):
    """A row of the strengths and challenges table: which column it is in."""

    STRENGTH = "strength", _("Strength")
    CHALLENGE = "challenge", _("Challenge")


class ReviewFinding(EditionRow):
    """A strength or a challenge the review names (the seed review's two-column table)."""

    edition = models.ForeignKey(
        RegionalReviewEdition, on_delete=models.CASCADE, related_name="findings", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FindingKind.choices, default=FindingKind.STRENGTH)
    text = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta(EditionRow.Meta):
        verbose_name = _("strength or challenge")
        verbose_name_plural = _("strengths and challenges")

    def __str__(self) -> str:
        return self.text[:80]


class ReviewSource(EditionRow):
    """A source the review cites: its description and, optionally, its address."""

    edition = models.ForeignKey(
        RegionalReviewEdition, on_delete=models.CASCADE, related_name="sources", verbose_name=_("edition")
    )
    text = models.CharField(_("source"), max_length=500)
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta(EditionRow.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.text[:80]
