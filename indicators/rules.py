"""May this user do X with a municipality's indicator values or a region's core indicators?

The matching "which values may this user read" is ``IndicatorValue.objects.visible_to``; both are built on
the membership facts of ``municipalities.access``.
"""

import rules

from municipalities.rules import coordinates_region, edits_municipality, reads_municipality

ENTER_VALUES = "indicators.enter_values"  # on a municipality
READ_ALL_VALUES = "indicators.read_all_values"  # on a municipality: drafts' periods and the history too
MANAGE_CORE_INDICATORS = "indicators.manage_core_indicators"  # on a region

rules.add_perm(ENTER_VALUES, edits_municipality)
rules.add_perm(READ_ALL_VALUES, reads_municipality)
rules.add_perm(MANAGE_CORE_INDICATORS, coordinates_region)
