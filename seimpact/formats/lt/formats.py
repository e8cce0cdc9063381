"""Lithuanian formats of the app: the numeric dates shared by every language (see ``seimpact.formats``), dates
inside a sentence as Django writes them for Lithuanian, the month in the genitive ("2026 m. lapkričio 30 d."), and
thousands grouped with a no-break space ("1 234,5"; Django's stock Lithuanian groups them with a full stop)."""

from seimpact.formats import NUMERIC_DATE_FORMAT, NUMERIC_DATE_INPUT_FORMATS, NUMERIC_DATETIME_FORMAT

DATE_IN_SENTENCE_FORMAT = r"Y \m. E j \d."  # 2026 m. lapkričio 30 d.
DATETIME_IN_SENTENCE_FORMAT = r"Y \m. E j \d. H:i"  # 2026 m. lapkričio 30 d. 15:11
THOUSAND_SEPARATOR = "\xa0"  # no-break space

__all__ = [
    "NUMERIC_DATE_FORMAT",
    "NUMERIC_DATETIME_FORMAT",
    "NUMERIC_DATE_INPUT_FORMATS",
    "DATE_IN_SENTENCE_FORMAT",
    "DATETIME_IN_SENTENCE_FORMAT",
    "THOUSAND_SEPARATOR",
]
