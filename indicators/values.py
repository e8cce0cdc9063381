"""Indicator values as officers type them ("1 500,50", "12", "45 %"), checked against the indicator's unit,
and as readers see them.

Values are stored as the normalised text ("1500.50"), so a qualitative indicator's text and a count live
in the same field; ``parse_value`` gives the number back for charts, comparisons and exports, ``display``
the text a reader sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_NUMBER = Decimal("1000000000000")  # a trillion: more than any municipal figure
_CURRENCY = re.compile(r"(€|eur(o|a|u|os)?\b|%)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f']+")


@dataclass(frozen=True)
class ParsedValue:
    """A value as stored (``text``, normalised: "1500.50") and as a ``Decimal`` (None when empty or qualitative)."""

    text: str  # what is stored
    number: Decimal | None  # None for an empty value or a qualitative indicator


EMPTY = ParsedValue("", None)


def _number(text: str) -> Decimal | None:
    cleaned = _SPACES.sub("", _CURRENCY.sub("", text))
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "," in cleaned and "." in cleaned:
        return None  # "1.500,5" or "1,500.5": ambiguous, ask for one of the clear forms
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_value(unit: str, text: str | None) -> ParsedValue:
    """The value normalised for ``unit`` (count, eur, percent, text), or a ValidationError saying what to type."""
    text = (text or "").strip()
    if not text:
        return EMPTY
    if unit == "text":
        return ParsedValue(text, None)
    number = _number(text)
    if number is None:
        examples = {"count": "12", "eur": "1500 / 1500,50", "percent": "45 / 12,5"}
        raise ValidationError(
            _("“%(value)s” is not a number. Write digits only, e.g. %(example)s.")
            % {"value": text, "example": examples.get(unit, "12")},
            code="not_a_number",
        )
    if number < 0:
        messages = {
            "count": _("A count cannot be negative."),
            "eur": _("An amount in euro cannot be negative."),
            "percent": _("A percentage cannot be negative."),
        }
        raise ValidationError(messages.get(unit, _("The value cannot be negative.")), code="negative")
    if number > MAX_NUMBER:
        raise ValidationError(_("This number is too large."), code="too_large")
    if unit == "count":
        if number != number.to_integral_value():
            raise ValidationError(_("A count is a whole number (e.g. 12), without decimals."), code="not_whole")
        number = number.quantize(Decimal(1))
        return ParsedValue(str(number), number)
    if unit == "percent":
        if number > 100:
            raise ValidationError(_("A percentage is between 0 and 100."), code="over_100")
        number = number.normalize() if number != number.to_integral_value() else number.quantize(Decimal(1))
        return ParsedValue(format(number, "f"), number)
    # euro: cents at most
    if number != number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        raise ValidationError(_("An amount in euro has at most two decimals (cents)."), code="cents")
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.quantize(Decimal("0.01"))
    return ParsedValue(format(number, "f"), number)


UNIT_SUFFIX = {"eur": " EUR", "percent": " %"}  # shown after a number of that unit


def stored_number(unit: str, text: str) -> Decimal | None:
    """The number of a stored value, or None when empty, qualitative or no longer valid for ``unit``."""
    try:
        return parse_value(unit, text).number if text else None
    except ValidationError:  # e.g. the coordinator changed the unit after values were recorded
        return None


def display(unit: str, text: str) -> str:
    """A stored value as a reader sees it: numbers in the interface language's format, with their unit."""
    number = stored_number(unit, text)
    if number is None:
        return text or ""
    return number_format(number, use_l10n=True, force_grouping=True) + UNIT_SUFFIX.get(unit, "")


def chart_number(unit: str, text: str) -> float | None:
    """A stored value as a chart's data point (None where there is no number)."""
    number = stored_number(unit, text)
    return None if number is None else float(number)
