"""The project's format modules (``FORMAT_MODULE_PATH``), one per language, read through
``django.utils.formats`` (``seimpact.lib.dates`` in Python, ``|date:"NUMERIC_DATE_FORMAT"`` in templates).

Django's own formats (``DATE_FORMAT``, ``SHORT_DATETIME_FORMAT`` …) stay as Django ships them for each
language; a module here only adds the app's numeric date formats, which are the same in every language:
dd.mm.yyyy and dd.mm.yyyy HH:MM (Latvian usage; Django's stock Latvian short format is j.m.Y).
"""

NUMERIC_DATE_FORMAT = "d.m.Y"  # 05.11.2026
NUMERIC_DATETIME_FORMAT = "d.m.Y H:i"  # 05.11.2026 14:07
# Read back (the Excel import): as shown, or ISO 8601.
NUMERIC_DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
