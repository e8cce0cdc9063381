"""Three-way merge of a save, cell by cell: what the page was loaded with (the base), what is stored now (theirs: a
colleague may have saved meanwhile) and what the officer submits (mine). Every page several people edit at once
uses it: the worksheet grid (``worksheets.editing.services.worksheet_save``), indicator values and core indicators.

The page carries, for every row (and a worksheet's plan-level fields), a short digest of each cell's value as it was
loaded (``encode_base``), in a hidden ``base`` field. At save time a cell is written only where the officer
changed it (mine differs from the base); a cell a colleague changed meanwhile (theirs differs from the base) is
kept; a cell both changed to different values is a conflict, shown cell by cell, and nothing is saved until the
officer has chosen. Digests, not texts, go to the browser: the page stays small and a digest only has to tell
"the same" from "different".
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from seimpact.lib.text import clean_text

DIGEST_LENGTH = 12  # hex characters: 48 bits, so an edit is never taken for "unchanged" in practice
DIGEST_PATTERN = re.compile(f"[0-9a-f]{{{DIGEST_LENGTH}}}")  # what ``cell_digest`` returns


def cell_token(value) -> str:
    """The canonical text of a cell's value, for comparing a submitted value with a stored one.

    A linked row by its id, "" and ``None`` alike, booleans "1"/"0", dates ISO, texts as the form stores them
    (``clean_text``, outer whitespace stripped, as Django's ``CharField`` does), anything else ``str``.
    """
    if value is None or value == "":
        return ""
    if hasattr(value, "pk"):
        return "" if value.pk is None else str(value.pk)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return clean_text(value).strip()
    return str(value)


def cell_digest(value) -> str:
    """``cell_token(value)`` as a short hex digest (``DIGEST_LENGTH`` characters)."""
    return hashlib.blake2b(cell_token(value).encode(), digest_size=DIGEST_LENGTH // 2).hexdigest()


def stored_values(instance, names) -> dict:
    """``{name: value}`` of a stored row (or the plan) for the form fields ``names``; links as their ids."""
    values = {}
    for name in names:
        model_field = instance._meta.get_field(name)
        values[name] = getattr(instance, model_field.attname)
    return values


def encode_base(values: dict) -> str:
    """The hidden ``base`` field's value: ``"name=digest;…"`` for ``{name: value}``."""
    return ";".join(f"{name}={cell_digest(value)}" for name, value in values.items())


def decode_base(text: str | None) -> dict[str, str] | None:
    """``{name: digest}`` from a ``base`` field; ``None`` when it is missing or malformed (a page without it)."""
    if not text:
        return None
    digests = {}
    for part in text.split(";"):
        name, sep, digest = part.partition("=")
        if not sep or not name or len(digest) != DIGEST_LENGTH:
            return None
        digests[name] = digest
    return digests


def decode_complete_base(text: str | None, names) -> dict[str, str] | None:
    """``{name: digest}`` from a ``base`` field that must carry exactly one ``cell_digest`` (lower-case hex) for
    each of ``names`` and nothing else, in any order; ``None`` when it is missing or malformed, or a name is left
    out, repeated or unknown. For pages that send every merged field with each save (the indicator pages), where
    an incomplete base means a damaged page; ``decode_base`` is the lenient form."""
    digests = decode_base(text)
    names = set(names)
    if digests is None or len(text.split(";")) != len(names) or set(digests) != names:
        return None
    if not all(DIGEST_PATTERN.fullmatch(digest) for digest in digests.values()):
        return None
    return digests


@dataclass(frozen=True)
class CellConflict:
    """A cell both the officer and a colleague changed to different values since the page was loaded.

    ``theirs``: the value stored now (links as the linked row's id); ``by`` and ``at``: who last changed the row
    and when (``None`` when the history does not say).
    """

    name: str
    theirs: object
    by: object = None
    at: datetime | None = None


@dataclass
class RowMerge:
    """What one submitted row does to the stored one: the cells to write, and the conflicts.

    ``writes``: ``{name: value}`` the officer changed and a colleague did not (or changed the same way);
    ``theirs``: names of the cells a colleague changed and the officer did not (kept as stored).
    """

    writes: dict = field(default_factory=dict)
    theirs: set = field(default_factory=set)
    conflicts: list[CellConflict] = field(default_factory=list)


def merge_row(mine: dict, stored: dict, base: dict[str, str] | None) -> RowMerge:
    """Merge one row, cell by cell.

    ``mine``: the submitted, cleaned values; ``stored``: the values stored now; ``base``: the digests the page
    was loaded with; ``None`` takes the stored values as the base (the caller decides when that is safe), ``{}``
    means the base is unknown, so every cell that differs is a conflict. A name missing from ``base`` counts as
    unchanged by the colleague.
    """
    result = RowMerge()
    for name, value in mine.items():
        current = stored.get(name)
        mine_digest = cell_digest(value)
        current_digest = cell_digest(current)
        if base == {}:  # the page's starting point is unknown: every difference needs the officer's choice
            if mine_digest != current_digest:
                result.conflicts.append(CellConflict(name, current))
            continue
        base_digest = current_digest if base is None else base.get(name, current_digest)
        mine_changed = mine_digest != base_digest
        theirs_changed = current_digest != base_digest
        if not mine_changed:
            if theirs_changed:
                result.theirs.add(name)
            continue
        if not theirs_changed or mine_digest == current_digest:
            if mine_digest != current_digest:
                result.writes[name] = value
            continue
        result.conflicts.append(CellConflict(name, current))
    return result


def changed_since_base(values: dict, base: dict[str, str] | None) -> bool:
    """Whether any of ``values`` (``{name: value}``: stored now, or submitted) differs from the page's ``base``
    digests (False without a base; a name missing from ``base`` counts as unchanged)."""
    if base is None:
        return False
    return any(cell_digest(value) != base.get(name, cell_digest(value)) for name, value in values.items())


def moved_rows(before: list, after: list) -> set:
    """The rows of ``after`` that were moved relative to ``before`` (both lists of row keys; rows only in one
    list are ignored): the fewest rows whose moving turns one order into the other, i.e. all but a longest
    common subsequence of the two orders (computed in O(n log n) as a longest increasing subsequence)."""
    rank = {key: index for index, key in enumerate(before)}
    sequence = [key for key in after if key in rank]
    # Patience sorting over the ranks, keeping predecessors to recover one longest increasing run.
    tails: list[int] = []  # index into sequence of the smallest tail of each run length
    previous = [-1] * len(sequence)
    for index, key in enumerate(sequence):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if rank[sequence[tails[middle]]] < rank[key]:
                low = middle + 1
            else:
                high = middle
        if low:
            previous[index] = tails[low - 1]
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    kept = set()
    index = tails[-1] if tails else -1
    while index >= 0:
        kept.add(sequence[index])
        index = previous[index]
    return {key for key in sequence if key not in kept}
