"""The project's format modules (``FORMAT_MODULE_PATH``), one per language, read through
``django.utils.formats`` (``seimpact.lib.dates`` in Python, ``|date:"NUMERIC_DATE_FORMAT"`` in templates).

Each module adds the app's own formats to Django's for its language:

- the numeric dates of files and e-mails, the same in every language: dd.mm.yyyy and dd.mm.yyyy HH:MM (Latvian
  usage; Django's stock Latvian short format is j.m.Y);
- ``DATE_IN_SENTENCE_FORMAT`` / ``DATETIME_IN_SENTENCE_FORMAT``: a date inside a sentence ("approved on …"), where
  Latvian needs the locative of the month ("2026. gada 30. novembrī"): the format's ``F`` is then written with the
  module's ``MONTHS_IN_SENTENCE`` when it has them (``seimpact.lib.dates.date_in_sentence``).

Django's own formats (``DATE_FORMAT``, ``SHORT_DATETIME_FORMAT`` …) stay as Django ships them for Latvian and
Lithuanian; English replaces them with day-first, 24-hour British usage (``en/formats.py``), and Lithuanian groups
thousands with a no-break space, as Lithuanian writes them.
"""

NUMERIC_DATE_FORMAT = "d.m.Y"  # 05.11.2026
NUMERIC_DATETIME_FORMAT = "d.m.Y H:i"  # 05.11.2026 14:07
# Read back (the Excel import): as shown, or ISO 8601.
NUMERIC_DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
