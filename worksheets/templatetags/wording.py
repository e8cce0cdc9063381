"""Template filters for text that must read right in each language: ``{% load wording %}``.

- ``{{ day|date_in_sentence }}``: a date inside a sentence ("apstiprināta 2026. gada 30. novembrī"); a date standing
  alone keeps ``|date:"DATE_FORMAT"``. ``{{ moment|datetime_in_sentence }}`` with its time.
- ``{{ version.decision_number|decision_number }}``: a council decision's number as the officer typed it, with
  "Nr." before it only when they did not type one ("12/345" → "Nr. 12/345"; "Nr. 12/345" stays as it is).
"""

from django import template

from seimpact.lib import dates
from worksheets.review.versions import decision_number_text

register = template.Library()


@register.filter
def date_in_sentence(value) -> str:
    """``seimpact.lib.dates.date_in_sentence``; "" for no date."""
    return dates.date_in_sentence(value) if value else ""


@register.filter
def datetime_in_sentence(value) -> str:
    """``seimpact.lib.dates.datetime_in_sentence``; "" for no date."""
    return dates.datetime_in_sentence(value) if value else ""


@register.filter
def decision_number(value) -> str:
    """``worksheets.review.versions.decision_number_text``; "" for no number."""
    return decision_number_text(value or "")
