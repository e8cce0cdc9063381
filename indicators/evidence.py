"""The core indicators' tables of the regional review (``worksheets.regional.review``), which must not import this
app: ``IndicatorsConfig.ready`` adds them with ``add_evidence``.

- Section 1 (introduction), "The region in figures": for each counted or summed core indicator with values, the
  region's total of the municipalities' latest values in their plans' periods and each municipality's value; e.g.
  the number of social enterprises from K1 (seeds/000 opens with the region's social enterprises).
- Section 5 (evaluation and risks), "Core indicators in the plans": every core indicator, the plans whose
  worksheet 8 links it (confirmed), those where the app only suggests it, and the latest values.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from worksheets.regional.review import ReviewTable, once_per_review

from .models import IndicatorUnit
from .reports import core_indicator_usage


def _usage(columns, plans) -> list:
    """``reports.core_indicator_usage`` of the review's plans, each read as the review reads it: a plan being revised
    as its published version (``PlanColumn.content``), the others as they are now. Computed once per review
    (``once_per_review``): both tables of this module read it, and matching every worksheet 8 indicator against the
    core indicators is most of its cost."""
    plans = list(plans)
    if not plans:
        return []

    def usage() -> list:
        contents = {column.plan_id: column.content for column in columns if column.content is not None}
        return core_indicator_usage(plans[0].municipality.region, plans, contents)

    return once_per_review("core indicator usage", usage)


def _values_text(usage) -> str:
    return "\n".join(f"{v.municipality}: {v.text} ({v.period})" for v in usage.values)


def context_figures(columns, plans):
    """The review's table "The region in figures (core indicators)", or None when no municipality recorded a count
    or an amount: ``[code and name, total, values by municipality]`` per indicator."""
    rows = [
        [f"{u.indicator.code} {u.indicator.name}", u.total_text, _values_text(u)]
        for u in _usage(columns, plans)
        if u.indicator.unit in (IndicatorUnit.COUNT, IndicatorUnit.EUR) and u.total is not None
    ]
    if not rows:
        return None
    return ReviewTable(
        _("The region in figures (core indicators)"),
        [_("Core indicator"), _("Region's total"), _("Latest values by municipality")],
        rows,
        [50, 16, 70],
    )


def _named(names: list[str]) -> str:
    if not names:
        return "0"
    count = ngettext("%(count)s plan", "%(count)s plans", len(names)) % {"count": len(names)}
    return f"{count}: {', '.join(names)}"


def core_indicators_in_plans(columns, plans):
    """The review's table "Core indicators in the plans", or None when the region has none: per core indicator its
    code and name, unit, the plans linking it, the plans where it is only suggested, the latest values."""
    usage = _usage(columns, plans)
    if not usage:
        return None
    rows = [
        [
            f"{u.indicator.code} {u.indicator.name}",
            str(u.indicator.get_unit_display()),
            len(u.confirmed),
            _named(u.confirmed) if u.confirmed else "",
            _named(u.suggested) if u.suggested else "",
            _values_text(u),
        ]
        for u in usage
    ]
    return ReviewTable(
        _("Core indicators in the plans"),
        [
            _("Core indicator"),
            _("Unit"),
            _("Plans linking it"),
            _("Linked (confirmed)"),
            _("Suggested, not confirmed"),
            _("Latest values by municipality"),
        ],
        rows,
        [44, 10, 10, 40, 40, 50],
    )
