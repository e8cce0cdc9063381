"""The app's numeric dates (files, e-mails, follow-up pages): dd.mm.yyyy in every language; English day-first and
24-hour everywhere; dates in a sentence in the case the sentence needs (Latvian locative, Lithuanian genitive)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

from seimpact.lib.dates import date_in_sentence, datetime_in_sentence, format_date, format_datetime, parse_date

RIGA = ZoneInfo("Europe/Riga")


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


def test_django_short_formats_of_latvian_are_left_as_django_ships_them():
    # Web pages show e.g. "5.03.2026 14:07" (lv) through SHORT_DATETIME_FORMAT: not changed by our formats.
    assert formats.get_format("SHORT_DATE_FORMAT", lang="lv") == "j.m.Y"
    assert formats.get_format("SHORT_DATETIME_FORMAT", lang="lv") == "j.m.Y H:i"


MOMENT = datetime(2026, 11, 30, 13, 11, tzinfo=UTC)  # 15:11 in Riga


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("DATE_FORMAT", "30 November 2026"),
        ("DATETIME_FORMAT", "30 November 2026, 15:11"),
        ("SHORT_DATE_FORMAT", "30/11/2026"),
        ("SHORT_DATETIME_FORMAT", "30/11/2026 15:11"),
        ("TIME_FORMAT", "15:11"),
        ("YEAR_MONTH_FORMAT", "November 2026"),
        ("MONTH_DAY_FORMAT", "30 November"),
    ],
)
def test_english_dates_are_day_first_and_times_24_hour(name, expected):
    with translation.override("en"):
        rendered = Template(f'{{{{ moment|date:"{name}" }}}}').render(Context({"moment": MOMENT}))
    assert rendered == expected


def test_english_reads_dates_day_first():
    with translation.override("en"):
        field = forms.DateField()
        assert [field.clean(text) for text in ("30/11/2026", "30.11.2026", "2026-11-30", "30 November 2026")] == [
            date(2026, 11, 30)
        ] * 4
        assert forms.DateTimeField().clean("30/11/2026 15:11") == datetime(2026, 11, 30, 15, 11, tzinfo=RIGA)
        with pytest.raises(forms.ValidationError):
            field.clean("11/30/2026")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("lv", "2026. gada 30. novembrī"), ("lt", "2026 m. lapkričio 30 d."), ("en", "30 November 2026")],
)
def test_a_date_in_a_sentence_takes_the_case_the_sentence_needs(language, expected):
    with translation.override(language):
        assert date_in_sentence(date(2026, 11, 30)) == expected
        assert date_in_sentence(MOMENT) == expected
        template = Template("{% load wording %}{{ day|date_in_sentence }}")
        assert template.render(Context({"day": date(2026, 11, 30)})) == expected


def test_a_date_standing_alone_keeps_the_nominative():
    with translation.override("lv"):
        assert Template('{{ day|date:"DATE_FORMAT" }}').render(Context({"day": date(2026, 11, 30)})) == (
            "2026. gada 30. novembris"
        )


LATVIAN_LOCATIVES = [
    "janvārī",
    "februārī",
    "martā",
    "aprīlī",
    "maijā",
    "jūnijā",
    "jūlijā",
    "augustā",
    "septembrī",
    "oktobrī",
    "novembrī",
    "decembrī",
]


def test_every_latvian_month_in_a_sentence_is_in_the_locative():
    with translation.override("lv"):
        written = [date_in_sentence(date(2027, month, 1)) for month in range(1, 13)]
    assert written == [f"2027. gada 1. {month}" for month in LATVIAN_LOCATIVES]


def test_lithuanian_months_in_a_sentence_are_in_the_genitive():
    with translation.override("lt"):
        assert [date_in_sentence(date(2027, month, 5)) for month in (1, 3, 9)] == [
            "2027 m. sausio 5 d.",
            "2027 m. kovo 5 d.",
            "2027 m. rugsėjo 5 d.",
        ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("lv", "2026. gada 30. novembrī plkst. 15:11"),
        ("lt", "2026 m. lapkričio 30 d. 15:11"),
        ("en", "30 November 2026 at 15:11"),
    ],
)
def test_a_moment_in_a_sentence_has_its_local_24_hour_time(language, expected):
    with translation.override(language):
        assert datetime_in_sentence(MOMENT) == expected


def test_numbers_group_thousands_with_a_no_break_space_in_latvian_and_lithuanian():
    for language in ("lv", "lt"):
        with translation.override(language):
            assert formats.number_format(Decimal("12345.5"), use_l10n=True, force_grouping=True) == "12\xa0345,5"
    with translation.override("en"):
        assert formats.number_format(Decimal("12345.5"), use_l10n=True, force_grouping=True) == "12,345.5"


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
