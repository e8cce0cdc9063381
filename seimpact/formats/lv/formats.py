"""Latvian formats of the app: the numeric dates shared by every language (see ``seimpact.formats``) and dates
inside a sentence, with the month in the locative ("2026. gada 30. novembrī"); a date standing alone keeps
Django's ``DATE_FORMAT``, in the nominative ("2026. gada 30. novembris")."""

from seimpact.formats import NUMERIC_DATE_FORMAT, NUMERIC_DATE_INPUT_FORMATS, NUMERIC_DATETIME_FORMAT

DATE_IN_SENTENCE_FORMAT = r"Y. \g\a\d\a j. F"  # 2026. gada 30. novembrī
DATETIME_IN_SENTENCE_FORMAT = r"Y. \g\a\d\a j. F \p\l\k\s\t. H:i"  # 2026. gada 30. novembrī plkst. 15:11
# The months in the locative ("kad?"), January first: what ``F`` writes in the formats above.
MONTHS_IN_SENTENCE = (
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
)

__all__ = [
    "NUMERIC_DATE_FORMAT",
    "NUMERIC_DATETIME_FORMAT",
    "NUMERIC_DATE_INPUT_FORMATS",
    "DATE_IN_SENTENCE_FORMAT",
    "DATETIME_IN_SENTENCE_FORMAT",
    "MONTHS_IN_SENTENCE",
]
