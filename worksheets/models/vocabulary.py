"""A region's vocabularies: the canonical entries of the free-text fields compared across municipalities, and the
coordinator's decisions on which written variants mean which entry.

A decision is kept per region, field and normalised variant (``worksheets.regional.vocabulary.variant_key``), not per
row, so it applies to every plan of the region, of this period and the next ones.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class VocabularyField(models.TextChoices):
    """The fields the regional comparisons and the regional review count across municipalities."""

    POLICY_DOCUMENTS = "policy_documents", _("Policy documents")
    COOPERATION_TYPES = "cooperation_types", _("Cooperation types")
    TARGET_GROUPS = "target_groups", _("Target groups")
    RESOURCES = "resources", _("Resources")
    FUNDING_SOURCES = "funding_sources", _("Funding sources")
    RESPONSIBLE_UNITS = "responsible_units", _("Responsible units")
    ACTION_GROUPS = "action_groups", _("Action groups")


class VocabularyEntry(models.Model):
    """A canonical entry of a region's vocabulary for one field, e.g. "Pašvaldības budžets" among funding sources."""

    region = models.ForeignKey(
        "municipalities.Region", on_delete=models.CASCADE, related_name="vocabulary_entries", verbose_name=_("region")
    )
    field = models.CharField(_("field"), max_length=30, choices=VocabularyField.choices)
    text = models.TextField(_("canonical text"))
    # The comparison's own group this entry is, where it is one: an action group's value ("education"), a resource
    # type's value, or a suggested value of the template ("std-3"); "" for the region's own entries.
    code = models.CharField(_("standard group"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "field", "position", "id"]
        verbose_name = _("vocabulary entry")
        verbose_name_plural = _("vocabulary entries")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "field", "code"],
                condition=~models.Q(code=""),
                name="vocabulary_entry_one_per_standard_group",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


def key_digest(key: str) -> str:
    """The SHA-1 of a normalised variant (40 hex digits): the unique, indexable form of keys of any length."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


class VariantMapping(models.Model):
    """The coordinator's decision on a written variant of a field in a region: it is ``entry``, or not a plan entry
    (e.g. the template's example list left in a plan); confirmed by whom and when (unconfirmed: ``confirmed_at`` is
    None, counted as a suggestion only)."""

    region = models.ForeignKey(
        "municipalities.Region", on_delete=models.CASCADE, related_name="variant_mappings", verbose_name=_("region")
    )
    field = models.CharField(_("field"), max_length=30, choices=VocabularyField.choices)
    key = models.TextField(_("normalised variant"))
    digest = models.CharField(_("digest of the normalised variant"), max_length=40, editable=False)
    text = models.TextField(_("variant as written"))
    entry = models.ForeignKey(
        VocabularyEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="variants",
        verbose_name=_("entry"),
    )
    not_plan_entry = models.BooleanField(_("not a plan entry"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "field", "key"]
        verbose_name = _("variant mapping")
        verbose_name_plural = _("variant mappings")
        constraints = [
            models.UniqueConstraint(fields=["region", "field", "digest"], name="variant_mapping_unique_key"),
            models.CheckConstraint(
                condition=models.Q(entry__isnull=True) | models.Q(not_plan_entry=False),
                name="variant_mapping_entry_or_excluded",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.digest = key_digest(self.key)
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
