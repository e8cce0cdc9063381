"""The app's numeric dates (files, e-mails, follow-up pages): dd.mm.yyyy in every language."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from seimpact.lib.dates import format_date, format_datetime, parse_date


@pytest.mark.parametrize("language", ["lv", "en", "lt"])
def test_format_date_and_datetime_are_numeric_in_every_language(language):
    with translation.override(language):
        assert format_date(date(2026, 3, 5)) == "05.03.2026"
        # 12:07 UTC is 14:07 in Riga (EET, winter).
        assert format_datetime(datetime(2026, 3, 5, 12, 7, tzinfo=UTC)) == "05.03.2026 14:07"


def test_format_date_without_an_active_language_reads_the_default_language():
    with translation.override(None):
        assert format_date(date(2026, 11, 5)) == "05.11.2026"


def test_template_date_filter_takes_the_same_format():
    with translation.override("en"):
        assert Template('{{ day|date:"NUMERIC_DATE_FORMAT" }}').render(Context({"day": date(2026, 3, 5)})) == (
            "05.03.2026"
        )


def test_django_short_formats_of_each_language_are_left_as_django_ships_them():
    # Web pages show e.g. "5.03.2026 14:07" (lv) through SHORT_DATETIME_FORMAT: not changed by our formats.
    assert formats.get_format("SHORT_DATE_FORMAT", lang="lv") == "j.m.Y"
    assert formats.get_format("SHORT_DATE_FORMAT", lang="en") == "m/d/Y"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05.03.2026", date(2026, 3, 5)),
        (" 5.3.2026 ", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("03/05/2026", None),
        ("31.02.2026", None),
        ("", None),
        ("2026. gada marts", None),
    ],
)
def test_parse_date_reads_what_format_date_writes_and_iso(text, expected):
    assert parse_date(text) == expected
