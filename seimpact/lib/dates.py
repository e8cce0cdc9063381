"""Dates as the app writes them in files and e-mails: 05.11.2026 and 05.11.2026 14:07, in every language.

The formats are the format modules' ``NUMERIC_DATE_FORMAT``, ``NUMERIC_DATETIME_FORMAT`` and
``NUMERIC_DATE_INPUT_FORMATS`` (``seimpact/formats/``), read through ``django.utils.formats`` like Django's
own; templates use the same names: ``{{ day|date:"NUMERIC_DATE_FORMAT" }}``.
"""

from datetime import date, datetime

from django.conf import settings
from django.utils import dateformat, formats, timezone, translation


def _format(name: str):
    # With translations deactivated (no language), the default language's format modules are read.
    return formats.get_format(name, lang=translation.get_language() or settings.LANGUAGE_CODE)


def format_date(value: date) -> str:
    """``value`` as dd.mm.yyyy, e.g. "05.11.2026" (a datetime gives its local date)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _format("NUMERIC_DATE_FORMAT"))


def format_datetime(value: datetime) -> str:
    """``value`` as dd.mm.yyyy HH:MM, e.g. "05.11.2026 14:07"; an aware value in local time (``TIME_ZONE``)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _format("NUMERIC_DATETIME_FORMAT"))


def parse_date(text: str) -> date | None:
    """The date written as dd.mm.yyyy or yyyy-mm-dd (surrounding spaces aside); ``None`` for anything else."""
    for pattern in _format("NUMERIC_DATE_INPUT_FORMATS"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None
