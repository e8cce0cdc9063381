"""Who belongs where: the membership facts every permission question starts from.

One user's memberships are read once per request and kept on the user object, so that any number of
permission checks on a page costs one query.
"""

from dataclasses import dataclass, field

from .models import Membership, Role

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
        return self.is_admin or municipality.pk in self.member_of or municipality.region_id in self.coordinator_of

    def edits_municipality(self, municipality) -> bool:
        return municipality.pk in self.editor_of

    def coordinates(self, region_id: int) -> bool:
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
    for role, municipality_id, region_id in Membership.objects.filter(user=user).values_list(
        "role", "municipality_id", "region_id"
    ):
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


def member_emails(role: str, scope_ids) -> dict[int, set[str]]:
    """``{municipality or region id: e-mail addresses}`` of the active users holding ``role`` there, in one query.

    The scope is a municipality for editors and viewers and a region for coordinators.
    """
    scope = "region_id" if role == Role.COORDINATOR else "municipality_id"
    emails: dict[int, set[str]] = {}
    rows = (
        Membership.objects.filter(role=role, **{f"{scope}__in": scope_ids}, user__is_active=True)
        .exclude(user__email="")
        .values_list(scope, "user__email")
    )
    for scope_id, email in rows:
        emails.setdefault(scope_id, set()).add(email)
    return emails
