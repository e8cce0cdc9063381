"""Regions, municipalities and who belongs to them in which role."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    LATVIA = "LV", _("Latvia")
    LITHUANIA = "LT", _("Lithuania")

    @property
    def language(self) -> str:
        """The language plans are written in there (the template's standard rows are pre-filled in it)."""
        return self.value.lower()


class Region(models.Model):
    """A planning region whose coordinator reviews the plans of its municipalities."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    coordinator_body = models.CharField(
        _("coordinating body"), max_length=200, blank=True, help_text=_("E.g. Zemgales plānošanas reģions.")
    )

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)


class MunicipalityManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Municipality(models.Model):
    """A municipality that plans its support for social entrepreneurship."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)

    objects = MunicipalityManager()

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)


class Role(models.TextChoices):
    EDITOR = "editor", _("Municipal editor")
    VIEWER = "viewer", _("Municipal viewer")
    COORDINATOR = "coordinator", _("Regional coordinator")


MUNICIPAL_ROLES = (Role.EDITOR, Role.VIEWER)


class MembershipQuerySet(models.QuerySet):
    def of(self, user) -> "MembershipQuerySet":
        return self.filter(user=user) if user.is_authenticated else self.none()


class Membership(models.Model):
    """A user's role in one municipality (editor, viewer) or one region (coordinator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("region")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role="coordinator", region__isnull=False, municipality__isnull=True)
                    | Q(role__in=["editor", "viewer"], municipality__isnull=False, region__isnull=True)
                ),
                violation_error_message=_(
                    "A coordinator belongs to a region; an editor or viewer belongs to a municipality."
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "municipality"], name="unique_municipal_membership"),
            models.UniqueConstraint(fields=["user", "role", "region"], name="unique_regional_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.municipality or self.region}"
