"""Text as officers type or paste it (from Word, a PDF, a web page, a browser's textarea), normalised once, at the
edge, for everything that stores or writes it.

- Line endings become ``"\\n"``: browsers submit a textarea's line breaks as CRLF, Excel and old files may hold
  a lone CR; Word's line break (U+000B), a page break (U+000C) and the Unicode line and paragraph separators
  become a line break too.
- Unicode NFC: a letter typed as base letter plus combining mark (``"s" + U+030C``, as some PDFs and macOS
  paste it) is stored as the one character (``"š"``), so equal-looking texts are equal, in searches and in
  the history alike.
- The other C0 and C1 control characters (and DEL), which no font draws and a spreadsheet cannot hold, are
  dropped; tab and line feed stay. So are U+FFFE, U+FFFF and lone surrogates, which XML (an .xlsx) cannot hold.

The worksheet forms, every other form (``seimpact.middleware.NormalisedTextMiddleware``), the import, the Excel
writer (``seimpact.lib.excel``) and the PDF (``seimpact.lib.pdf``) apply it, so what is stored is what every
output writes, and saving a text again never changes it (``clean_text(clean_text(t)) == clean_text(t)``).
"""

import re
import unicodedata

LINE_BREAKS = re.compile("\r\n?|[\u000b\u000c\u2028\u2029]")
CONTROL_CHARACTERS = re.compile("[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` with every line ending as ``"\\n"``, in Unicode NFC, the other control characters removed."""
    return unicodedata.normalize("NFC", CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub("\n", text)))
