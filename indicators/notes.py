"""Hints shown beside worksheet cells (named by ``Column.note`` in ``worksheets.registry``).

Each function is called once per page with the plan and the column and returns ``f(row) -> str``; what
it needs from the database is loaded in that first call, so a grid of any length costs the same.
"""

from django.utils.translation import gettext as _

from worksheets.followup.due_dates import due_date_from_text

from .models import IndicatorValue
from .reports import display


def suggested_due_date(plan, column):
    """While the due date is empty: the date read from the timeline (or deadline) text, if one can be."""
    source = column.field.model._meta.get_field(column.due_from)

    def note(row) -> str:
        if getattr(row, column.name) is not None:
            return ""
        suggested = due_date_from_text(getattr(row, column.due_from, ""))
        if suggested is None:
            return ""
        return _("Read from “%(column)s”: %(date)s") % {
            "column": source.verbose_name,
            "date": suggested.strftime("%d.%m.%Y"),
        }

    return note


def latest_actual(plan, column):
    """For a row linked to a core indicator: the municipality's latest actual value in the plan's period."""
    latest: dict[int, IndicatorValue] = {}
    values = (
        IndicatorValue.objects.filter(
            municipality_id=plan.municipality_id, year__gte=plan.period_start, year__lte=plan.period_end
        )
        .exclude(actual="")
        .select_related("indicator")
        .order_by("year", "half")
    )
    for value in values:
        latest[value.indicator_id] = value  # later periods overwrite earlier ones

    def note(row) -> str:
        value = latest.get(getattr(row, column.field.attname))
        if value is None:
            return ""
        return _("Latest actual value: %(value)s (%(period)s)") % {
            "value": display(value.indicator.unit, value.actual),
            "period": value.period_label,
        }

    return note
