"""Text as officers paste it (from Word, a PDF, a web page) made what it shows, once for every output.

Word's line break (U+000B), a page break (U+000C) and the Unicode line and paragraph separators become a
line break; the other C0 and C1 control characters (and DEL), which no font draws and a spreadsheet cannot
hold, are dropped; tab, LF and CR stay. The worksheet forms store text this way, and the Excel writer
(``seimpact.lib.excel``) and the PDF (``seimpact.lib.pdf``) apply it to whatever they write.
"""

import re

LINE_BREAKS = re.compile("[\u000b\u000c\u2028\u2029]")
CONTROL_CHARACTERS = re.compile("[\u0000-\u0008\u000e-\u001f\u007f-\u009f]")


def clean_text(text: str) -> str:
    """``text`` with the line breaks above as ``"\\n"`` and the other control characters removed."""
    return CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub("\n", text))
