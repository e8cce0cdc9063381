"""Form fields every part of the app uses for text officers type."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext_lazy

from .excel import CELL_LIMIT, text_length
from .text import clean_text


def validate_cell_length(text: str) -> None:
    """``ValidationError`` (code ``cell_limit``) naming the limit for a text longer than a spreadsheet cell holds
    (``CELL_LIMIT``, 32,767 characters as Excel counts them), so an export never has to cut what was typed."""
    length = text_length(text)
    if length > CELL_LIMIT:
        raise ValidationError(
            ngettext_lazy(
                "This text has %(length)s character; a cell of the plan holds at most %(limit)s (the limit of an "
                "Excel cell). Shorten it or split it over several rows.",
                "This text has %(length)s characters; a cell of the plan holds at most %(limit)s (the limit of an "
                "Excel cell). Shorten it or split it over several rows.",
                "length",
            ),
            code="cell_limit",
            params={"length": length, "limit": CELL_LIMIT},
        )


class CellTextField(forms.CharField):
    """A text officers type (a worksheet cell, an indicator value, a comment): at most ``CELL_LIMIT`` characters
    (``validate_cell_length``), normalised by ``seimpact.lib.text.clean_text`` (line endings ``"\\n"``, NFC, Word's
    line break a line break, invisible controls dropped), so what is stored is what every export and the PDF write,
    and saving it again changes nothing. No ``maxlength`` on the widget: a browser would cut a longer paste
    silently instead of showing the message."""

    default_validators = [validate_cell_length]

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value
