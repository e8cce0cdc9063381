"""Regions, municipalities and who belongs to them in which role.

*Which regions and municipalities may this user see or change?* is answered here, by the querysets
``Region.objects`` and ``Municipality.objects``, built on the membership facts of ``municipalities.access``
like ``ActionPlan.objects`` (``worksheets.models.plan``); *may this user do X to this one?* is answered by
the ``rules`` predicates (``municipalities.rules``). Views fetch through the queryset (an outsider gets 404),
then check the action with ``user.has_perm`` (403).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seimpact.lib.collation import sort_key

from .access import Role, access_of


class Country(models.TextChoices):
    """The countries of the regions (``fixtures/regions.json``): Latvia (Zemgale, seeds/001) and Lithuania (Panevėžys,
    seeds/000)."""

    LATVIA = "LV", _("Latvia")
    LITHUANIA = "LT", _("Lithuania")

    @property
    def language(self) -> str:
        """The language plans are written in there (the template's standard rows are pre-filled in it)."""
        return self.value.lower()


class RegionQuerySet(models.QuerySet):
    """Which regions a user may see or coordinate; mirrors the predicates in ``municipalities.rules``."""

    def coordinated_by(self, user) -> "RegionQuerySet":
        """Regions whose municipalities' plans the user reviews and compares: those they coordinate (all for
        an administrator)."""
        access = access_of(user)
        if access.is_admin:
            return self.all()
        return self.filter(pk__in=access.coordinator_of)

    def known_to(self, user) -> "RegionQuerySet":
        """Regions the user belongs to: as coordinator, or through a municipality they edit or read (all for
        an administrator)."""
        access = access_of(user)
        if access.is_admin:
            return self.all()
        return self.filter(Q(pk__in=access.coordinator_of) | Q(municipalities__pk__in=access.member_of)).distinct()


class Region(models.Model):
    """A planning region whose coordinator reviews the plans of its municipalities."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    coordinator_body = models.CharField(
        _("coordinating body"), max_length=200, blank=True, help_text=_("E.g. Zemgales plānošanas reģions.")
    )
    synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        help_text=_(
            "Generated for measuring (manage.py generate_region): not a real region. Marked so to staff and left "
            "out of the public portal's list of regions."
        ),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def language(self) -> str:
        """The language of the region's plans and names ("lv", "lt"): its country's."""
        return Country(self.country).language

    def name_key(self) -> bytes:
        """Sort key of the name in the region's language (``seimpact.lib.collation.sort_key``)."""
        return sort_key(self.name, self.language)


class MunicipalityQuerySet(models.QuerySet):
    """Which municipalities a user may read or edit; mirrors the predicates in ``municipalities.rules``."""

    def get_by_natural_key(self, slug):
        """The municipality with short name ``slug`` (fixtures name municipalities so); raises ``DoesNotExist``."""
        return self.get(slug=slug)

    def readable_by(self, user) -> "MunicipalityQuerySet":
        """Municipalities whose drafts, values and histories the user reads: those they belong to and those of
        the regions they coordinate (all for an administrator)."""
        access = access_of(user)
        if access.is_admin:
            return self.all()
        return self.filter(Q(pk__in=access.member_of) | Q(region_id__in=access.coordinator_of))

    def edited_by(self, user) -> "MunicipalityQuerySet":
        """Municipalities whose plans and indicator values the user changes: those they are an editor of."""
        return self.filter(pk__in=access_of(user).editor_of)


class Municipality(models.Model):
    """A municipality that plans its support for social entrepreneurship."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def language(self) -> str:
        """The language its plans are written in ("lv", "lt"): its region's (reads ``region``)."""
        return self.region.language

    def name_key(self) -> bytes:
        """Sort key of the name in its language, so "Jēkabpils" comes before "Jelgava" (reads ``region``)."""
        return sort_key(self.name, self.language)


class MembershipQuerySet(models.QuerySet):
    """Reads over memberships: who is to be told of a municipality's or a region's news."""

    def emails_by_scope(self, role: str, scope_ids) -> dict[int, set[str]]:
        """``{municipality or region id: e-mail addresses}`` of the active users holding ``role`` there, in one
        query.

        The scope is a municipality for editors and viewers and a region for coordinators; users without an
        e-mail address are left out.
        """
        scope = "region_id" if role == Role.COORDINATOR else "municipality_id"
        emails: dict[int, set[str]] = {}
        rows = (
            self.filter(role=role, **{f"{scope}__in": scope_ids}, user__is_active=True)
            .exclude(user__email="")
            .values_list(scope, "user__email")
        )
        for scope_id, email in rows:
            emails.setdefault(scope_id, set()).add(email)
        return emails


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


def interface_languages() -> list[tuple[str, str]]:
    """The interface languages a user may prefer: ``settings.LANGUAGES`` (read when asked, so a new language needs
    no migration)."""
    return list(settings.LANGUAGES)


class Profile(models.Model):
    """A user's own settings: the preferred interface language (also that of the e-mails the app sends them)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=interface_languages,
        blank=True,
        help_text=_(
            "The interface and e-mails are in this language. Empty: the language of the user's region "
            "(Latvian for a user of no region or of regions of several languages)."
        ),
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return str(self.user)
