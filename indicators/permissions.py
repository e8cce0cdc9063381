"""May this user do X with a municipality's indicator values or a region's core indicators?

The matching "which values may this user read" is ``IndicatorValue.objects.visible_to``; both are built on
the membership facts of ``municipalities.access``.
"""

import rules

from municipalities.access import access_of


@rules.predicate
def edits_municipality(user, municipality) -> bool:
    return municipality is not None and access_of(user).edits_municipality(municipality)


@rules.predicate
def reads_municipality(user, municipality) -> bool:
    return municipality is not None and access_of(user).reads_municipality(municipality)


@rules.predicate
def coordinates_region(user, region) -> bool:
    access = access_of(user)
    return region is not None and (access.is_admin or access.coordinates(region.pk))


ENTER_VALUES = "indicators.enter_values"  # on a municipality
READ_ALL_VALUES = "indicators.read_all_values"  # on a municipality: drafts' periods and the history too
MANAGE_CORE_INDICATORS = "indicators.manage_core_indicators"  # on a region
FOLLOW_REGION = "indicators.follow_region"  # on a region: the overdue list of all its plans

rules.add_perm(ENTER_VALUES, edits_municipality)
rules.add_perm(READ_ALL_VALUES, reads_municipality)
rules.add_perm(MANAGE_CORE_INDICATORS, coordinates_region)
rules.add_perm(FOLLOW_REGION, coordinates_region)
