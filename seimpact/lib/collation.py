"""Sort keys in the order a reader of a language expects, the same on every database.

ICU's collation (through PyICU) for the language, which PostgreSQL's ``<language>-x-icu`` collations follow
(CLDR's rules, ICU 72 here): in Latvian č ģ ķ ļ ņ š ž are letters of their own after c g k l n s z, while
ā ē ī ū differ from a e i u only at the second level, so "Jēkabpils" sorts before "Jelgava"; in
Lithuanian č š ž are letters of their own, ą ę ė į ų ū differ only at the second level, and y sorts with i.
Python's plain sort, SQLite and PostgreSQL's default collation put Ā, Č, Š, Ž after Z instead.

    sorted(names, key=latvian_key)
    sorted(plans, key=lambda plan: sort_key(plan.municipality.name, "lt"))
"""

import threading

import icu

_local = threading.local()  # collators per thread: ICU does not promise that one may be shared


def collator(language: str) -> icu.Collator:
    """ICU's collator for ``language`` (a code such as "lv" or "lt"), made once per thread.

    A language ICU does not know gets ICU's root order (no error is raised)."""
    collators = getattr(_local, "collators", None)
    if collators is None:
        collators = _local.collators = {}
    if language not in collators:
        collators[language] = icu.Collator.createInstance(icu.Locale(language))
    return collators[language]


def sort_key(text: str, language: str = "lv") -> bytes:
    """A key (bytes) that orders texts like ``ORDER BY text COLLATE "<language>-x-icu"`` in PostgreSQL.

    ICU's sort key, then the text's UTF-8 bytes: where ICU finds two texts equal (e.g. one has a soft
    hyphen), PostgreSQL's deterministic collations order them by their bytes, and so does this key.
    ``text`` may be a lazy translation; it is read as ``str``.
    """
    text = str(text)
    return collator(language).getSortKey(text) + text.encode()


def latvian_key(text: str) -> bytes:
    """``sort_key(text, "lv")``: the key of the Latvian order, for ``sorted(..., key=latvian_key)``."""
    return sort_key(text, "lv")
