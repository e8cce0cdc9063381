"""Indicator values as CSV and Excel: one row per municipality, indicator and period, written by the app's one
spreadsheet writer (``seimpact.lib.excel``)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from seimpact.lib.excel import csv_text, safe_sheet_title, style_sheet, workbook_bytes, write_row, write_rows

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


def _rows(values):
    for value in values:
        indicator = value.indicator
        cells = []
        for name in IndicatorValue.NUMERIC_FIELDS:
            text = getattr(value, name)
            number = stored_number(indicator.unit, text)  # a text no longer valid for the unit stays text
            cells.append(text if number is None else number)
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
    """The values as CSV text for Latvian and Lithuanian Excel (``seimpact.lib.excel.csv_text``: ``;`` between cells,
    UTF-8 with a byte order mark, typed texts neutralised against formulas); baseline, target and actual with a
    decimal comma ("1500,50") where the indicator's unit makes them a number, else as typed."""
    return csv_text(headers(), _rows(values))


def values_xlsx(values) -> bytes:
    """The values as .xlsx bytes: one sheet, a row per municipality, indicator and period; baseline, target and actual
    as numbers (``Decimal``) where the indicator's unit makes them one, else as typed (also a value stored before the
    coordinator changed the indicator's unit)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = safe_sheet_title(_("Indicator values"))
    write_row(sheet, headers())
    write_rows(sheet, _rows(values))
    style_sheet(sheet, [24, 8, 50, 12, 8, 14, 14, 14, 14, 30, 30])
    return workbook_bytes(workbook)
