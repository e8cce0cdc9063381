"""May this user do X with a municipality's indicator values, a region's core indicators or the links of a plan's
indicators to them?

The matching "which values may this user read" is ``IndicatorValue.objects.visible_to``; both are built on
the membership facts of ``municipalities.access``.
"""

import rules

from municipalities.access import access_of
from municipalities.rules import coordinates_region, edits_municipality, reads_municipality

ENTER_VALUES = "indicators.enter_values"  # on a municipality
READ_ALL_VALUES = "indicators.read_all_values"  # on a municipality: drafts' periods and the history too
MANAGE_CORE_INDICATORS = "indicators.manage_core_indicators"  # on a region
IMPORT_VALUES = "indicators.import_values"  # on a region: values of all its municipalities from a spreadsheet
LINK_PLAN_INDICATORS = "indicators.link_plan_indicators"  # on a plan: confirm or reject its indicators' links
LINK_REGION_INDICATORS = "indicators.link_region_indicators"  # on a region: confirm its plans' links in bulk


@rules.predicate
def edits_plan_content(user, plan) -> bool:
    """The user may change the plan's content: its municipality's editor while it is a draft
    (``worksheets.change_plan_content``)."""
    return plan is not None and user.has_perm("worksheets.change_plan_content", plan)


@rules.predicate
def coordinates_plan_region(user, plan) -> bool:
    """The user is a coordinator of the plan's region (being an administrator does not make one)."""
    return plan is not None and access_of(user).coordinates(plan.municipality.region_id)


@rules.predicate
def is_region_coordinator(user, region) -> bool:
    """The user is a coordinator of ``region`` (being an administrator does not make one)."""
    return region is not None and access_of(user).coordinates(region.pk)


rules.add_perm(ENTER_VALUES, edits_municipality)
rules.add_perm(READ_ALL_VALUES, reads_municipality)
rules.add_perm(MANAGE_CORE_INDICATORS, coordinates_region)
rules.add_perm(IMPORT_VALUES, coordinates_region)
# A confirmation changes the plan's content: its editors while it is a draft; the region's coordinators at every
# stage, attributed to them (``indicators.links``).
rules.add_perm(LINK_PLAN_INDICATORS, edits_plan_content | coordinates_plan_region)
rules.add_perm(LINK_REGION_INDICATORS, is_region_coordinator)
