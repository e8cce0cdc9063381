"""Indicator values as CSV and Excel: one row per municipality, indicator and period."""

import csv
from io import StringIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from seimpact.lib.excel import safe_sheet_title, style_sheet, workbook_bytes

from .models import IndicatorValue
from .values import stored_number


def headers() -> list[str]:
    """The 11 column headings of both exports, in the interface language, in the order ``_rows`` fills them."""
    return [
        _("Municipality"),
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Year"),
        _("Part of the year"),
        _("Baseline"),
        _("Target"),
        _("Actual value"),
        _("Source"),
        _("Note"),
    ]


def _rows(values, *, numbers: bool):
    for value in values:
        indicator = value.indicator
        cells = []
        for name in IndicatorValue.NUMERIC_FIELDS:
            text = getattr(value, name)
            number = stored_number(indicator.unit, text)  # a text no longer valid for the unit stays text
            cells.append(number if (numbers and number is not None) else text)
        yield [
            value.municipality.name,
            indicator.code,
            indicator.name,
            indicator.get_unit_display(),
            value.year,
            value.get_half_display(),
            *cells,
            value.source,
            value.note,
        ]


def values_csv(values) -> str:
    """CSV (comma-separated, UTF-8 with BOM so that Excel shows Latvian letters); numbers as stored ("1500.50")."""
    buffer = StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(headers())
    writer.writerows(_rows(values, numbers=False))
    return buffer.getvalue()


def values_xlsx(values) -> bytes:
    """The values as .xlsx bytes: one sheet, a row per municipality, indicator and period; baseline, target and actual
    as numbers (``Decimal``) where the indicator's unit makes them one, else as typed. Raises ``ValidationError`` for
    a stored value that no longer parses in its indicator's unit (e.g. after the coordinator changed the unit);
    ``values_csv`` does the same."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = safe_sheet_title(_("Indicator values"))
    sheet.append(headers())
    for row in _rows(values, numbers=True):
        sheet.append(row)
    style_sheet(sheet, [24, 8, 50, 12, 8, 14, 14, 14, 14, 30, 30])
    return workbook_bytes(workbook)
