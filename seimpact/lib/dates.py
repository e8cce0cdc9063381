"""Dates as the app writes them in files and e-mails: 05.11.2026 and 05.11.2026 14:07, in every language; and
dates inside a sentence in the case the sentence needs ("apstiprināta 2026. gada 30. novembrī").

The formats are the format modules' ``NUMERIC_DATE_FORMAT``, ``NUMERIC_DATETIME_FORMAT`` and
``NUMERIC_DATE_INPUT_FORMATS`` (``seimpact/formats/``), read through ``django.utils.formats`` like Django's
own; templates use the same names: ``{{ day|date:"NUMERIC_DATE_FORMAT" }}``. A date in a sentence is
``date_in_sentence`` here and ``{{ day|date_in_sentence }}`` in templates (``{% load wording %}``); a date that stands
alone (a heading, a table cell) keeps ``{{ day|date:"DATE_FORMAT" }}``, in the nominative.
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


def _with_months(pattern: str, month: int) -> str:
    """``pattern`` with each unescaped ``F`` (the month's name) replaced by the language's ``MONTHS_IN_SENTENCE``
    name of ``month`` (1–12), escaped for ``dateformat``; unchanged where the language has no such names."""
    months = _format("MONTHS_IN_SENTENCE")
    if isinstance(months, str):  # not defined: ``get_format`` gives the name back
        return pattern
    name = "".join(f"\\{char}" for char in months[month - 1])
    out, escaped = [], False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        else:
            out.append(name if char == "F" else char)
    return "".join(out)


def date_in_sentence(value: date) -> str:
    """``value`` as a sentence of the active language writes it, e.g. after "approved": Latvian with the month in
    the locative, "2026. gada 30. novembrī"; Lithuanian "2026 m. lapkričio 30 d."; English "30 November 2026". A
    datetime gives its local date. For a date standing alone use ``DATE_FORMAT`` (Latvian nominative)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _with_months(_format("DATE_IN_SENTENCE_FORMAT"), value.month))


def datetime_in_sentence(value: datetime) -> str:
    """``value`` with its time (24-hour, local time ``TIME_ZONE`` when aware) as a sentence writes it: Latvian
    "2026. gada 30. novembrī plkst. 15:11", Lithuanian "2026 m. lapkričio 30 d. 15:11", English
    "30 November 2026 at 15:11"."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _with_months(_format("DATETIME_IN_SENTENCE_FORMAT"), value.month))
