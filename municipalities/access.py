"""Who belongs where: the roles, and the membership facts every permission question starts from.

One user's memberships are read once per request and kept on the user object, so that any number of
permission checks on a page costs one query. Both answers are built on these facts: the ``rules``
predicates (*may this user do X to this object?*, ``municipalities.rules``) and the querysets
(*which regions and municipalities?*, ``Region.objects`` and ``Municipality.objects``). This module reads
the memberships through the user (``user.memberships``), so that ``municipalities.models`` can import it.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a membership lets its user do: edit or read a municipality's plans, or coordinate a region."""

    EDITOR = "editor", _("Municipal editor")
    VIEWER = "viewer", _("Municipal viewer")
    COORDINATOR = "coordinator", _("Regional coordinator")


_CACHE_ATTR = "_seimpact_access"


@dataclass(frozen=True)
class Access:
    """The municipalities and regions a user belongs to, by role."""

    editor_of: frozenset[int] = field(default_factory=frozenset)
    viewer_of: frozenset[int] = field(default_factory=frozenset)
    coordinator_of: frozenset[int] = field(default_factory=frozenset)
    is_admin: bool = False

    @property
    def member_of(self) -> frozenset[int]:
        """Municipalities whose plans (drafts included) the user reads as a member."""
        return self.editor_of | self.viewer_of

    def reads_municipality(self, municipality) -> bool:
        """The user reads ``municipality``'s drafts: a member, its region's coordinator or an administrator."""
        return self.is_admin or municipality.pk in self.member_of or municipality.region_id in self.coordinator_of

    def edits_municipality(self, municipality) -> bool:
        """The user is an editor of ``municipality``."""
        return municipality.pk in self.editor_of

    def coordinates(self, region_id: int) -> bool:
        """The user is a coordinator of the region with primary key ``region_id``."""
        return region_id in self.coordinator_of


ANONYMOUS = Access()


def access_of(user) -> Access:
    """The user's memberships, cached on the user for the request."""
    if not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    by_role: dict[str, set[int]] = {role: set() for role in Role.values}
    for role, municipality_id, region_id in user.memberships.values_list("role", "municipality_id", "region_id"):
        by_role[role].add(municipality_id if role != Role.COORDINATOR else region_id)
    access = Access(
        editor_of=frozenset(by_role[Role.EDITOR]),
        viewer_of=frozenset(by_role[Role.VIEWER]),
        coordinator_of=frozenset(by_role[Role.COORDINATOR]),
        is_admin=user.is_superuser,
    )
    setattr(user, _CACHE_ATTR, access)
    return access


def forget_access(user) -> None:
    """Drop the cached memberships (after changing them)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
