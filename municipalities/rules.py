"""Predicates on a municipality or a region, shared by the apps' permissions (``rules`` autodiscovers them).

Each takes the user and the object (``None`` when a permission is checked without one) and answers from
the membership facts of ``municipalities.access``.
"""

import rules

from .access import access_of


@rules.predicate
def edits_municipality(user, municipality) -> bool:
    """The user is an editor of ``municipality`` (administrators are not, unless they are members)."""
    return municipality is not None and access_of(user).edits_municipality(municipality)


@rules.predicate
def reads_municipality(user, municipality) -> bool:
    """The user belongs to ``municipality`` or coordinates its region (or is an administrator)."""
    return municipality is not None and access_of(user).reads_municipality(municipality)


@rules.predicate
def coordinates_region(user, region) -> bool:
    """The user is a coordinator of ``region`` (or an administrator)."""
    access = access_of(user)
    return region is not None and (access.is_admin or access.coordinates(region.pk))
