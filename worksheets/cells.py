"""A cell's value as text, and what changed in a row between two versions, column by column.

The one way a value is written for a reader (``value_text``) and the one way two versions of a row are
compared (``cell_changes``): the exports, the history, the version comparison and the Excel import's preview
all use these, driven by the registry's columns.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from seimpact.lib.dates import format_date

from .registry import BoundColumn

YES_NO = (_("yes"), _("no"))


def value_text(
    column: BoundColumn,
    value,
    *,
    empty: str = "",
    link_text: Callable[[object], str] = str,
    yes_no: tuple = YES_NO,
) -> str:
    """The text ``value`` of ``column`` (a row's column or a plan-level field) is shown as.

    Choices by their label (an unknown value as it is), yes/no answers as ``yes_no``, dates as dd.mm.yyyy
    (``seimpact.lib.dates.format_date``), other values as text. A link (a goal, a task, a core indicator)
    is whatever ``link_text`` makes of the value given for it: the linked row itself (``str`` of it by
    default) or its id. ``None`` and "" are ``empty``. The pages differ only in these parameters: the
    history writes "—" for empty and "#12" for a link (a record keeps only the id), the version comparison
    ✓/— for yes/no.
    """
    if value is None or value == "":
        return empty
    if column.field.is_relation:
        return link_text(value)
    if column.is_choice:
        return str(dict(column.field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(yes_no[0] if value else yes_no[1])
    if column.is_date:
        return format_date(value)
    return str(value)


class CellChange(NamedTuple):
    """One column whose value differs between two versions of a row: its label, the texts before and after."""

    label: str
    before: str
    after: str


def _compared(value):
    """What a value is compared by: a row (or a row still to be created) by identity, "" and ``None`` alike."""
    if value is None or value == "":
        return None
    pk = getattr(value, "pk", value)
    return value if pk is None else pk


def cell_changes(
    columns: Iterable[BoundColumn],
    before: Mapping[str, object] | None,
    after: Mapping[str, object],
    *,
    text: Callable[[BoundColumn, object], str] = value_text,
) -> list[CellChange]:
    """What changed in one row between two versions, column by column in ``columns``' order.

    ``before`` and ``after`` map column names to values (a name missing is empty). Values are compared as
    given: rows and other model instances by primary key, ids and texts as they are, "" and ``None`` alike;
    each changed column is shown through ``text(column, value)``. ``before=None`` is a new row: its
    non-empty columns, each with "" before.
    """
    changes = []
    for column in columns:
        new = after.get(column.name)
        if before is None:
            if _compared(new) is not None:
                changes.append(CellChange(str(column.label), "", text(column, new)))
            continue
        old = before.get(column.name)
        if _compared(old) != _compared(new):
            changes.append(CellChange(str(column.label), text(column, old), text(column, new)))
    return changes
