"""English formats of the app: British usage, day first and 24-hour time, for every date and time Django writes
("30 November 2026", "30/11/2026 15:11"; never "11/30/2026 3:11 p.m."), and read back the same way; plus the
numeric dates shared by every language (see ``seimpact.formats``)."""

from seimpact.formats import NUMERIC_DATE_FORMAT, NUMERIC_DATE_INPUT_FORMATS, NUMERIC_DATETIME_FORMAT  # noqa: F401

DATE_FORMAT = "j F Y"  # 30 November 2026
TIME_FORMAT = "H:i"  # 15:11
DATETIME_FORMAT = "j F Y, H:i"  # 30 November 2026, 15:11
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 30 November
SHORT_DATE_FORMAT = "d/m/Y"  # 30/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 30/11/2026 15:11
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 30/11/2026
    "%d/%m/%y",  # 30/11/26
    "%d.%m.%Y",  # 30.11.2026 (the app's numeric dates)
    "%Y-%m-%d",  # 2026-11-30
    "%d %B %Y",  # 30 November 2026
    "%d %b %Y",  # 30 Nov 2026
]
TIME_INPUT_FORMATS = [
    "%H:%M:%S",  # 15:11:59
    "%H:%M:%S.%f",  # 15:11:59.000200
    "%H:%M",  # 15:11
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M:%S",
    "%d/%m/%y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

DATE_IN_SENTENCE_FORMAT = "j F Y"  # 30 November 2026
DATETIME_IN_SENTENCE_FORMAT = r"j F Y \a\t H:i"  # 30 November 2026 at 15:11
