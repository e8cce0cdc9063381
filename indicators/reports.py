"""What the indicator pages show: a municipality's values over time, a region's municipalities side by side.

Every function runs a fixed number of queries, whatever the number of municipalities, indicators and
periods; values are always read through ``IndicatorValue.objects.visible_to``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from municipalities.models import Municipality, Region
from seimpact.lib.collation import sort_key

from .links import matcher_for, usage_by_indicator
from .models import CoreIndicator, Half, IndicatorValue, period_label
from .values import UNIT_SUFFIX, chart_number, display, stored_number


@dataclass(frozen=True, order=True)
class Period:
    """A year (``half`` 0) or half-year of indicator values. ``sort_key`` puts a whole year after its halves; ``slug``
    ("2026", "2026-1") carries it in URLs, and ``from_slug`` gives None for anything else or a year outside
    2000–2100."""

    year: int
    half: int = Half.WHOLE_YEAR

    @property
    def sort_key(self) -> tuple:
        return (self.year, self.half or 3)  # a whole year after its halves

    @property
    def label(self) -> str:
        return period_label(self.year, self.half)

    @property
    def slug(self) -> str:
        return str(self.year) if not self.half else f"{self.year}-{self.half}"

    @classmethod
    def from_slug(cls, slug: str | None) -> Period | None:
        if not slug:
            return None
        year, _sep, half = slug.partition("-")
        try:
            period = cls(int(year), int(half or 0))
        except ValueError:
            return None
        return period if 2000 <= period.year <= 2100 and period.half in Half.values else None


def visible_values(user, **filters) -> QuerySet:
    """The values ``user`` may read (``IndicatorValue.objects.visible_to``) narrowed by ``filters`` (e.g.
    ``municipality=…``), with their indicator and municipality: a queryset."""
    return IndicatorValue.objects.visible_to(user).filter(**filters).select_related("indicator", "municipality")


def indicator_chart(indicator: CoreIndicator, kind: str, labels: list[str], values: list) -> dict:
    """The data of one chart (``static/js/indicators.js`` draws it): the actual values and the targets of
    ``values`` (``IndicatorValue`` or ``None`` where there is none, one per label), as numbers in the
    indicator's unit. ``kind`` is Chart.js's type: "line" (a municipality over time), "bar" (a region)."""
    unit = indicator.unit
    return {
        "id": f"chart-{indicator.pk}",
        "type": kind,
        "title": f"{indicator.code} {indicator.name}",
        "unit": UNIT_SUFFIX.get(unit, "").strip(),
        "labels": labels,
        "datasets": [
            {"label": _("Actual value"), "data": [chart_number(unit, v.actual) if v else None for v in values]},
            {
                "label": _("Target"),
                "data": [chart_number(unit, v.target) if v else None for v in values],
                "target": True,
            },
        ],
    }


@dataclass
class IndicatorSeries:
    """One indicator of one municipality: its values by period, and the chart drawn from them."""

    indicator: CoreIndicator
    values: list[IndicatorValue] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        unit = self.indicator.unit
        return [
            {
                "period": v.period_label,
                "baseline": display(unit, v.baseline),
                "target": display(unit, v.target),
                "actual": display(unit, v.actual),
                "source": v.source,
                "note": v.note,
                "value": v,
            }
            for v in self.values
        ]

    @property
    def chart_id(self) -> str:
        return f"chart-{self.indicator.pk}"

    @property
    def chart(self) -> dict | None:
        """A time series of the actual values with the target as a dashed line (quantitative indicators)."""
        if not self.indicator.is_quantitative or not self.values:
            return None
        return indicator_chart(self.indicator, "line", [v.period_label for v in self.values], self.values)


def _period_sorted(values) -> list[IndicatorValue]:
    return sorted(values, key=lambda v: Period(v.year, v.half).sort_key)


def municipality_series(municipality: Municipality, user) -> list[IndicatorSeries]:
    """Every core indicator of the municipality's region with the values the user may read."""
    series = {
        indicator.pk: IndicatorSeries(indicator)
        for indicator in CoreIndicator.objects.filter(region_id=municipality.region_id)
    }
    for value in _period_sorted(visible_values(user, municipality=municipality)):
        if value.indicator_id in series:
            series[value.indicator_id].values.append(value)
    return list(series.values())


def periods_of(values_queryset) -> list[Period]:
    """The periods that have values, latest first."""
    pairs = values_queryset.order_by().values_list("year", "half").distinct()
    return sorted({Period(year, half) for year, half in pairs}, key=lambda p: p.sort_key, reverse=True)


@dataclass
class ComparisonRow:
    """One core indicator across a region: ``cells`` are ``[(municipality, value or None)]`` in the region's
    alphabetical order; ``table`` gives the same as display texts, ``chart`` the bars."""

    indicator: CoreIndicator
    cells: list[tuple[Municipality, IndicatorValue | None]]

    @property
    def chart_id(self) -> str:
        return f"chart-{self.indicator.pk}"

    def display(self, value: IndicatorValue | None, name: str) -> str:
        return display(self.indicator.unit, getattr(value, name)) if value else ""

    @property
    def table(self) -> list[dict]:
        return [
            {
                "municipality": municipality,
                "baseline": self.display(value, "baseline"),
                "target": self.display(value, "target"),
                "actual": self.display(value, "actual"),
                "source": value.source if value else "",
            }
            for municipality, value in self.cells
        ]

    @property
    def has_values(self) -> bool:
        return any(value is not None for _m, value in self.cells)

    @property
    def chart(self) -> dict | None:
        """The municipalities' actual values as bars, with their targets as points."""
        if not self.indicator.is_quantitative or not self.has_values:
            return None
        return indicator_chart(self.indicator, "bar", [m.name for m, _v in self.cells], [v for _m, v in self.cells])


@dataclass
class Comparison:
    """A region's municipalities × core indicators for ``period`` (None while no value is recorded): the ``periods``
    that have values, latest first, and a ``ComparisonRow`` per indicator."""

    region: Region
    period: Period | None
    periods: list[Period]
    municipalities: list[Municipality]
    rows: list[ComparisonRow]


def region_comparison(region: Region, user, period: Period | None) -> Comparison:
    """Municipalities × core indicators for one period (the latest with values when none is asked for)."""
    region_values = IndicatorValue.objects.visible_to(user).filter(municipality__region=region)
    periods = periods_of(region_values)
    if period is None and periods:
        period = periods[0]
    municipalities = sorted(Municipality.objects.filter(region=region), key=lambda m: sort_key(m.name, region.language))
    indicators = list(CoreIndicator.objects.filter(region=region))
    values: dict[tuple[int, int], IndicatorValue] = {}
    if period is not None:
        for value in region_values.filter(year=period.year, half=period.half):
            values[(value.municipality_id, value.indicator_id)] = value
    rows = [
        ComparisonRow(indicator, [(m, values.get((m.pk, indicator.pk))) for m in municipalities])
        for indicator in indicators
    ]
    return Comparison(region, period, periods, municipalities, rows)


# --- the core indicators in the region's plans (the regional review) ----------------------------------------------


@dataclass
class LatestValue:
    """A municipality's latest actual value of a core indicator in its plan's period: ``text`` as readers see it
    (``values.display``), ``number`` (``Decimal`` or None: qualitative), ``period`` its label."""

    municipality: str
    text: str
    number: object
    period: str


@dataclass
class CoreIndicatorUsage:
    """One core indicator across a region's plans: the municipalities whose plan links it in worksheet 8
    (``confirmed``) and those where the app suggests it, not yet confirmed (``suggested``), both in the plans'
    order; the latest actual value per municipality in its plan's period (``values``); ``total``, their sum for a
    count or an amount in EUR (``Decimal``; None for percentages, qualitative indicators or without values)."""

    indicator: CoreIndicator
    confirmed: list[str]
    suggested: list[str]
    values: list[LatestValue]

    @property
    def total(self):
        if self.indicator.unit not in ("count", "eur") or not self.values:
            return None
        numbers = [v.number for v in self.values if v.number is not None]
        return sum(numbers) if numbers else None

    @property
    def total_text(self) -> str:
        total = self.total
        return "" if total is None else display(self.indicator.unit, str(total))


def core_indicator_usage(region: Region, plans, contents: dict[int, dict] | None = None) -> list[CoreIndicatorUsage]:
    """For every core indicator of ``region`` (in its order): how many of ``plans`` (``ActionPlan``s of the region,
    with their municipality) link it and the values their municipalities recorded. ``contents``: ``{plan pk:
    PlanVersion.content}`` of plans read as an approved version (the regional review reads a plan being revised as
    its published version), whose links are the version's (``links.usage_by_indicator``); the others are read as they
    are now. A value counts for a plan when its year lies in the plan's period; the latest such actual value (by year,
    a whole year after its halves) is shown. Reads every value of these municipalities, whoever may read it: the
    caller shows this to the region's coordinator, or in an issued review of published plans. Four queries (five
    with ``contents``)."""
    plans = list(plans)
    indicators = list(CoreIndicator.objects.filter(region=region))
    matcher = matcher_for(region)
    confirmed, suggested = usage_by_indicator(plans, matcher, contents)
    names = {plan.pk: plan.municipality.name for plan in plans}
    order = {plan.pk: index for index, plan in enumerate(plans)}
    latest: dict[tuple[int, int], IndicatorValue] = {}
    values = IndicatorValue.objects.filter(
        municipality_id__in={plan.municipality_id for plan in plans}, indicator__region=region
    ).exclude(actual="")
    periods = {}
    for plan in plans:
        periods.setdefault(plan.municipality_id, []).append((plan.period_start, plan.period_end, plan.pk))
    for value in values:
        for start, end, plan_pk in periods[value.municipality_id]:
            if start <= value.year <= end:
                key = (plan_pk, value.indicator_id)
                held = latest.get(key)
                if held is None or Period(held.year, held.half).sort_key < Period(value.year, value.half).sort_key:
                    latest[key] = value
    usage = []
    for indicator in indicators:
        shown = [
            LatestValue(
                names[plan.pk],
                display(indicator.unit, value.actual),
                stored_number(indicator.unit, value.actual),
                value.period_label,
            )
            for plan in plans
            if (value := latest.get((plan.pk, indicator.pk)))
        ]
        usage.append(
            CoreIndicatorUsage(
                indicator,
                [names[pk] for pk in sorted(confirmed.get(indicator.pk, ()), key=order.get)],
                [names[pk] for pk in sorted(suggested.get(indicator.pk, ()), key=order.get)],
                shown,
            )
        )
    return usage
