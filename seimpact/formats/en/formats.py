"""English formats of the app: the numeric dates shared by every language (see ``seimpact.formats``)."""

from seimpact.formats import NUMERIC_DATE_FORMAT, NUMERIC_DATE_INPUT_FORMATS, NUMERIC_DATETIME_FORMAT

__all__ = ["NUMERIC_DATE_FORMAT", "NUMERIC_DATETIME_FORMAT", "NUMERIC_DATE_INPUT_FORMATS"]
