"""A due date read from the free-text timeline officers write ("2026. gada pirmā puse" → 30.06.2026).

The timeline stays as written; the date read from it is what an activity is followed against while the
officer has not set a due date. The date is the end of the latest period the text names; recurring
timelines ("Katru gadu - pavasaris", "Reizi gadā") and the template's blanks ("202_. II ceturksnis")
have none.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from django.utils.translation import gettext as _

from seimpact.lib.dates import format_date

MONTHS = (
    "janvār",
    "februār",
    "mart",
    "aprīl",
    "maij",
    "jūnij",
    "jūlij",
    "august",
    "septembr",
    "oktobr",
    "novembr",
    "decembr",
)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Phrases that make a timeline recurring or open-ended: no single date can be read from it.
RECURRING = re.compile(
    r"katr[aāuo]\w*\s+(gad|mēnes|ceturks|pusgad|aktivit)|\bik\s*gad|reiz\w*\s+(gad|divos|pusgad|mēnes|ceturks)"
    r"|\bx\s*gad|\d\s*x\s*gad|regulār|pēc\s+(pieprasījuma|vajadzības|nepieciešamības)|pastāvīg|sākot\s+ar"
)


_ORDINAL = r"(?:iv|iii|ii|i|[1-4])"
TOKENS = re.compile(
    r"(?P<date>\b(?P<d_day>\d{1,2})\.\s?(?P<d_month>\d{1,2})\.\s?(?P<d_year>20\d\d)\b)"
    r"|(?P<iso>\b(?P<i_year>20\d\d)-(?P<i_month>\d\d)-(?P<i_day>\d\d)\b)"
    r"|(?P<monthyear>\b(?P<my_month>0?[1-9]|1[0-2])\.\s?(?P<my_year>20\d\d)\b)"
    r"|(?P<year>\b(?P<y>20\d\d)\b)"
    rf"|(?P<quarter>\b(?P<q_from>{_ORDINAL})\.?\s*(?:-\s*(?P<q_to>{_ORDINAL})\.?\s*)?(?:ceturksn\w*|cet\b))"
    rf"|(?P<halfnum>\b(?P<h_number>1|2|i|ii)\.?\s*pusgad\w*)"
    r"|(?P<halfword>\b(?P<h_word>pirm|otr)\w*\s+pus\w*)"
    rf"|(?P<month>(?:\b(?P<m_day>\d{{1,2}})\.\s*)?\b(?P<m_name>{'|'.join(MONTHS)})\w*)"
    r"|(?P<part>\b(?P<p_word>sākum|vidu|beig|nogal)\w*)"
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _ordinal(text: str) -> int:
    return ROMAN.get(text) or int(text)


def _normalise(text: str) -> str:
    text = text.casefold().replace("–", "-").replace("—", "-").replace("‒", "-")
    return re.sub(r"\s+", " ", text)


def due_date_from_text(text: str | None) -> date | None:
    """The date a timeline or deadline text ends by, or None when no single date can be read from it."""
    if not text:
        return None
    text = _normalise(text)
    if RECURRING.search(text):
        return None
    ends: list[date] = []
    years: dict[int, list[date]] = {}  # year -> finer ends named for it
    pending: list = []  # events met before any year: they belong to the next year named
    current_year: int | None = None

    def place(year: int, end_of) -> None:
        years.setdefault(year, [])
        result = end_of(year)
        if result is not None:
            years[year].append(result)

    for match in TOKENS.finditer(text):
        kind = match.lastgroup
        groups = match.groupdict()
        if kind == "date" or kind == "iso":
            prefix = "d" if kind == "date" else "i"
            try:
                ends.append(
                    date(int(groups[f"{prefix}_year"]), int(groups[f"{prefix}_month"]), int(groups[f"{prefix}_day"]))
                )
            except ValueError:
                continue
            continue
        if kind == "monthyear":
            current_year = int(groups["my_year"])
            month = int(groups["my_month"])
            place(current_year, lambda y, m=month: _month_end(y, m))
            continue
        if kind == "year":
            current_year = int(groups["y"])
            years.setdefault(current_year, [])
            for end_of in pending:
                place(current_year, end_of)
            pending = []
            continue
        end_of = _end_function(kind, groups)
        if end_of is None:
            continue
        if current_year is None:
            pending.append(end_of)
        else:
            place(current_year, end_of)
    for year, finer in years.items():
        ends.append(max(finer) if finer else date(year, 12, 31))
    return max(ends) if ends else None


def suggested_due_date(row, column) -> str:
    """The note beside an empty due date: the date read from the free-text column it follows.

    ``column`` is the registry's bound due date column (``due_from`` names the text column, e.g. ws 7's
    timeline). "" when the due date is set or no date can be read. E.g. "Read from “Timeline”: 30.06.2026".
    """
    if getattr(row, column.name) is not None:
        return ""
    suggested = due_date_from_text(getattr(row, column.due_from, ""))
    if suggested is None:
        return ""
    return _("Read from “%(column)s”: %(date)s") % {
        "column": column.field.model._meta.get_field(column.due_from).verbose_name,
        "date": format_date(suggested),
    }


def _end_function(kind: str, groups: dict):
    """For a period named without its year: a function from the year to the period's last day."""
    if kind == "quarter":
        quarter = _ordinal(groups["q_to"] or groups["q_from"])
        return lambda year: _month_end(year, quarter * 3)
    if kind == "halfnum":
        half = _ordinal(groups["h_number"])
        return lambda year: _month_end(year, half * 6)
    if kind == "halfword":
        half = 1 if groups["h_word"] == "pirm" else 2
        return lambda year: _month_end(year, half * 6)
    if kind == "month":
        month = MONTHS.index(groups["m_name"]) + 1
        day = groups["m_day"]

        def end_of(year, month=month, day=day):
            if day:
                try:
                    return date(year, month, int(day))
                except ValueError:
                    return None
            return _month_end(year, month)

        return end_of
    if kind == "part":
        month = {"sākum": 3, "vidu": 6, "beig": 12, "nogal": 12}[groups["p_word"]]
        return lambda year: _month_end(year, month)
    return None
