"""Writes of the indicators app: each in one transaction, each change attributed in the history."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import ProtectedError

from .models import CoreIndicator, IndicatorValue


@dataclass
class SaveResult:
    """What ``period_values_save`` did: how many values it saved and how many it deleted."""

    saved: int = 0
    deleted: int = 0


@transaction.atomic
def period_values_save(*, municipality, year: int, half: int, forms, user) -> SaveResult:
    """Save the changed forms of one period (``ValueForm`` per indicator): a form emptied deletes its value."""
    result = SaveResult()
    for form in forms:
        if not form.has_changed():
            continue
        value = form.instance
        if form.is_empty:
            if value.pk:
                value._history_user = user
                value.delete()
                result.deleted += 1
            continue
        value = form.save(commit=False)
        value.municipality = municipality
        value.year = year
        value.half = half
        value.updated_by = user
        value._history_user = user
        value.save()
        result.saved += 1
    return result


class IndicatorInUse(Exception):
    """A core indicator that municipalities recorded values for cannot be deleted."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


@transaction.atomic
def core_indicator_delete(*, indicator: CoreIndicator) -> None:
    """Delete an indicator nobody recorded values for (worksheet 8 rows linked to it are unlinked)."""
    count = IndicatorValue.objects.filter(indicator=indicator).count()
    if count:
        raise IndicatorInUse(count)
    try:
        indicator.delete()
    except ProtectedError:
        raise IndicatorInUse(IndicatorValue.objects.filter(indicator=indicator).count()) from None
