"""The history of a municipality's indicator values: every change, who made it and when, before and after."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import IndicatorValue, period_label
from .values import display

HISTORY_LIMIT = 500
TRACKED = ("baseline", "target", "actual", "source", "note")


@dataclass
class ValueChange:
    """One entry of ``value_history``: a value added, changed or removed, when, by whom ("system" where nobody was
    signed in), for which indicator and period; ``changes`` are ``(field label, before, after)`` as readers see the
    values."""

    at: datetime
    user_name: str
    indicator: str
    period: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field label, before, after)


def value_history(municipality) -> list[ValueChange]:
    """The latest changes first, in one query."""
    records = list(
        IndicatorValue.history.filter(municipality_id=municipality.pk)
        .select_related("history_user", "indicator")
        .order_by("id", "history_date", "history_id")
    )
    labels = {name: str(IndicatorValue._meta.get_field(name).verbose_name) for name in TRACKED}
    actions = {  # of a value: the context lets each language make the participle agree ("vērtība" is feminine)
        "+": pgettext("indicator value", "added"),
        "~": pgettext("indicator value", "changed"),
        "-": pgettext("indicator value", "removed"),
    }
    entries = []
    previous = None
    for record in records:
        before = previous if previous is not None and previous.id == record.id else None
        unit = record.indicator.unit
        changes = []
        for name in TRACKED:
            old = display(unit, getattr(before, name)) if before is not None else ""
            new = display(unit, getattr(record, name)) if record.history_type != "-" else ""
            if old != new:
                changes.append((labels[name], old, new))
        user = record.history_user
        entries.append(
            ValueChange(
                at=record.history_date,
                user_name=(user.get_full_name() or user.get_username()) if user else _("system"),
                indicator=f"{record.indicator.code} {record.indicator.name}",
                period=period_label(record.year, record.half),
                action=actions.get(record.history_type, ""),
                changes=changes,
            )
        )
        previous = record
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:HISTORY_LIMIT]
