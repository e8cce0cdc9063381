"""A region's vocabularies: which written variants of a compared field belong together, and the coordinator's
decisions on them (``worksheets.models.VocabularyEntry``, ``VariantMapping``).

A variant is normalised (``variant_key``: case, punctuation, quotes, trailing question marks and the inflection
endings of Latvian and Lithuanian words), variants with equal keys are one, and the others are grouped by
similarity of their keys (``rapidfuzz.fuzz.token_set_ratio`` at least ``SIMILARITY``): each variant, most named
first, joins the most similar group (a confirmed entry, a standard group of the template, or a group started by a
more frequent variant) or starts a group of its own. A confirmed decision always wins over a suggestion.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from rapidfuzz import fuzz, process

from ..models import VariantMapping, VocabularyEntry, VocabularyField
from ..models.vocabulary import key_digest

# Measured on the six Zemgale plans (tests/test_vocabularies.py): at 90 the funding sources' eight spellings of the
# municipal budget and the five wordings of participatory budgets each become one group, while "Pašvaldības granti"
# (75 against "Pašvaldības budžets") and the EU funds' and the regional body's rows stay apart.
SIMILARITY = 90
MAX_TEXT = 500  # characters of an entry's canonical text (the coordinator's page refuses longer ones)

# Words that carry no meaning of their own in an entry (Latvian, Lithuanian, English), and abbreviations' letters.
FUNCTION_WORDS = frozenset(
    {"un", "ar", "par", "uz", "no", "kā", "arī", "vai", "ir", "u", "c", "utt", "t", "sk", "piem"}  # Latvian
    | {"su", "bei", "iš", "į", "už", "kt", "pvz"}  # Lithuanian
    | {"and", "or", "of", "the", "for", "to", "with", "in", "etc"}  # English
)

# Inflection endings, longest first: nouns and adjectives of Latvian (-ības, -iem, -ām, -as, -s, -a …) and
# Lithuanian (-iams, -ams, -ių, -ės, -as, -ys, -ų …). A word keeps at least MIN_STEM letters.
ENDINGS = tuple(
    sorted(
        {
            # Latvian
            "iem",
            "ām",
            "ās",
            "ēm",
            "ēs",
            "ai",
            "ei",
            "as",
            "es",
            "is",
            "us",
            "os",
            "am",
            "ie",
            "a",
            "ā",
            "e",
            "ē",
            "i",
            "ī",
            "u",
            "ū",
            "s",
            "š",
            "o",
            # Lithuanian
            "iams",
            "ams",
            "ems",
            "ioms",
            "oms",
            "ių",
            "ios",
            "iai",
            "ius",
            "ės",
            "ys",
            "ui",
            "oje",
            "ėje",
            "ų",
            "ą",
            "ę",
            "į",
            "ė",
            "y",
        },
        key=len,
        reverse=True,
    )
)
MIN_STEM = 3
# The endings by length, longest first: a word's ending is found by looking up its last 4, 3, 2 and 1 letters.
_ENDINGS_BY_LENGTH = tuple(
    (length, frozenset(e for e in ENDINGS if len(e) == length))
    for length in sorted({len(e) for e in ENDINGS}, reverse=True)
)

QUOTES = "\"'“”„‟«»‘’‚‛`´"
_SEPARATORS = re.compile(r"[^\w\s]|_")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """``word`` (lower case) without its inflection ending ("pašvaldības" → "pašvaldīb", "budžetā" → "budžet",
    "tinklų" → "tinkl"); words with digits and short words unchanged. Remembered: a region's plans repeat their
    words."""
    if len(word) <= MIN_STEM or any(ch.isdigit() for ch in word):
        return word
    for length, endings in _ENDINGS_BY_LENGTH:
        if len(word) - length >= MIN_STEM and word[-length:] in endings:
            return word[:-length]
    return word


@lru_cache(maxsize=16_384)
def variant_key(text: str) -> str:
    """The normalised form of a written variant, the key decisions are kept under: NFC, case-folded, without
    bullets, quotes, punctuation (trailing "?" included), function words ("un", "ir", "and") and inflection
    endings, single spaces. "Altum?" and "ALTUM" → "altum"; "Pašvaldības budžetā" → "pašvaldīb budžet"; "" for a
    text of punctuation only. Remembered for the texts last asked about: every comparison asks about each cell."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _SEPARATORS.sub(" ", text)
    words = [stem(word) for word in text.split() if word not in FUNCTION_WORDS]
    return " ".join(words)


def display_text(text: str) -> str:
    """A variant as shown: as typed (diacritics and case kept), on one line, without list bullets, the officers'
    trailing question marks ("Altum?" → "Altum") and trailing ".;:,", and quotes around the whole text or left
    unpaired at an end (a title's closing quote kept: 'noteikumi Nr.101 "Noteikumi par … komisiju"')."""
    text = re.sub(r"\s+", " ", text.strip().lstrip("●•◦▪▫■□-–—*·‣").strip())
    shown = text.rstrip("?.;:, ")
    quotes = sum(1 for ch in shown if ch in QUOTES)
    if len(shown) > 1 and quotes == 2 and shown[0] in QUOTES and shown[-1] in QUOTES:
        shown = shown[1:-1]
    elif quotes % 2 and shown[-1:] in tuple(QUOTES):
        shown = shown[:-1]
    elif quotes % 2 and shown[:1] in tuple(QUOTES):
        shown = shown[1:]
    return shown.strip(" ").rstrip("?.;:, ") or text


_NUMBERED = re.compile(r"\bnr (\d+)")


def similarity(a: str, b: str, **_options) -> float:
    """How alike two keys are, 0–100: 0 when both name numbered documents and no number is shared ("… noteikumi
    Nr.197 …" and "… noteikumi Nr. 129 …", two acts of one wording); 100 when the shorter's words appear, in order,
    within the longer's ("pašvaldīb budžet" in "ik gad pašvaldīb budžet tiek atvēlēt …"), else
    ``fuzz.token_sort_ratio`` (spellings and word order: "uzņēmēdarbīb" ~ "uzņēmējdarbīb")."""
    numbers_a, numbers_b = set(_NUMBERED.findall(a)), set(_NUMBERED.findall(b))
    if numbers_a and numbers_b and not numbers_a & numbers_b:
        return 0.0
    short, long = sorted((a.split(), b.split()), key=len)
    if short and any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1)):
        return 100.0
    return fuzz.token_sort_ratio(a, b)


# --- the region's decisions ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A confirmed decision on a variant: its entry (id, text, code, position) or not a plan entry."""

    entry_id: int | None
    entry_text: str
    code: str
    position: int
    not_plan_entry: bool

    @property
    def row_key(self) -> str:
        """The comparison row of the entry: its standard group's code, else ``entry-<id>``."""
        return self.code or f"entry-{self.entry_id}"


@dataclass
class RegionVocabulary:
    """A region's confirmed decisions, by field and variant key (``decisions[field][key]``), and its entries by field
    (``entries[field]``: ``[(id, text, code, position)]``). Empty for no region."""

    decisions: dict[str, dict[str, Decision]] = field(default_factory=dict)
    entries: dict[str, list[tuple[int, str, str, int]]] = field(default_factory=dict)

    def decision(self, field_name: str, key: str) -> Decision | None:
        return self.decisions.get(field_name, {}).get(key)

    @classmethod
    def load(cls, region) -> RegionVocabulary:
        """The region's entries and confirmed decisions, in two queries (whatever the number of plans)."""
        vocabulary = cls()
        if region is None:
            return vocabulary
        for entry in VocabularyEntry.objects.filter(region=region).order_by("field", "position", "id"):
            vocabulary.entries.setdefault(entry.field, []).append((entry.pk, entry.text, entry.code, entry.position))
        mappings = (
            VariantMapping.objects.filter(region=region, confirmed_at__isnull=False)
            .select_related("entry")
            .only("field", "key", "not_plan_entry", "entry__text", "entry__code", "entry__position")
        )
        for mapping in mappings:
            entry = mapping.entry
            vocabulary.decisions.setdefault(mapping.field, {})[mapping.key] = Decision(
                entry_id=entry.pk if entry else None,
                entry_text=entry.text if entry else "",
                code=entry.code if entry else "",
                position=entry.position if entry else 0,
                not_plan_entry=mapping.not_plan_entry,
            )
        return vocabulary


# --- suggested groups -----------------------------------------------------------------------------------------------


@dataclass
class Variant:
    """All occurrences of one normalised variant in the compared plans: its spellings (``Counter``), the plans naming
    it (ids), the standard group the comparison's own rules give it ("" none) and the confirmed decision, if any."""

    key: str
    spellings: Counter = field(default_factory=Counter)
    plans: set = field(default_factory=set)
    standard: str = ""
    decision: Decision | None = None

    @property
    def text(self) -> str:
        """The most frequent spelling (ties: the first written)."""
        return self.spellings.most_common(1)[0][0]

    @property
    def occurrences(self) -> int:
        return sum(self.spellings.values())


@dataclass
class Group:
    """A suggested or confirmed group of variants: one row of a comparison. ``code``: a standard group's code;
    ``entry_id``: the confirmed entry it is; ``variants``: its variants, ``suggested`` those joined by suggestion."""

    key: str
    text: str
    code: str = ""
    entry_id: int | None = None
    position: int = 0
    variants: list[Variant] = field(default_factory=list)
    suggested: set = field(default_factory=set)  # keys of variants placed here by suggestion

    @property
    def row_key(self) -> str:
        if self.code:
            return self.code
        if self.entry_id is not None:
            return f"entry-{self.entry_id}"
        return f"v-{self.key}"

    @property
    def plans(self) -> set:
        return set().union(*(v.plans for v in self.variants)) if self.variants else set()

    @property
    def is_confirmed(self) -> bool:
        """Every variant of the group has a confirmed decision."""
        return bool(self.variants) and not self.suggested and all(v.decision for v in self.variants)

    def is_suggestion(self, key: str) -> bool:
        return key in self.suggested


@dataclass
class Grouping:
    """The variants of one field in the compared plans, grouped: ``groups`` by row key, ``placement`` (variant key →
    row key), ``excluded`` (variants confirmed as not a plan entry)."""

    groups: dict[str, Group]
    placement: dict[str, str]
    excluded: list[Variant]

    def group_of(self, key: str) -> Group | None:
        row_key = self.placement.get(key)
        return self.groups.get(row_key) if row_key else None


class _Leaders(dict):
    """The keys similar variants may join, each → its row key, in the order they came (a ``dict``), and the most
    similar of them to a key (``most_similar``) without scoring every one in Python: a region of 100 municipalities
    has hundreds of groups and thousands of variants."""

    def __init__(self):
        super().__init__()
        self.keys_in_order: list[str] = []
        self.by_word: dict[str, list[int]] = {}  # a word → the leaders (their place in keys_in_order) holding it
        self.by_first_word: dict[str, list[int]] = {}  # a word → the leaders beginning with it

    def __setitem__(self, key: str, row_key: str) -> None:
        if key not in self:
            index = len(self.keys_in_order)
            self.keys_in_order.append(key)
            words = key.split()
            for word in set(words):
                self.by_word.setdefault(word, []).append(index)
            if words:
                self.by_first_word.setdefault(words[0], []).append(index)
        super().__setitem__(key, row_key)

    def setdefault(self, key: str, row_key: str) -> str:
        if key not in self:
            self[key] = row_key
        return self[key]

    def most_similar(self, key: str, threshold: float) -> tuple | None:
        """``process.extractOne(key, leaders, scorer=similarity, score_cutoff=threshold)`` (the first of the most
        similar, ``None`` below ``threshold``), scoring only the leaders that can reach ``threshold``: those whose
        words hold ``key``'s or are held in them (found through their words), and those whose
        ``fuzz.token_sort_ratio`` reaches it (computed natively for all at once)."""
        if threshold > 100 or not self.keys_in_order:
            return None
        words = key.split()
        candidates = set(self.by_word.get(words[0], ())) if words else set()  # leaders that may hold the key
        for word in set(words):  # leaders the key may hold
            candidates.update(self.by_first_word.get(word, ()))
        found = process.extract(
            key, self.keys_in_order, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, limit=None
        )
        candidates.update(index for _choice, _score, index in found)
        if not candidates:
            return None
        choices = [self.keys_in_order[index] for index in sorted(candidates)]
        return process.extractOne(key, choices, scorer=similarity, score_cutoff=threshold)


def group_variants(
    occurrences,
    *,
    field_name: str,
    vocabulary: RegionVocabulary,
    standards: list[tuple[str, str]] = (),
    threshold: float = SIMILARITY,
) -> Grouping:
    """Group ``occurrences`` (``[(plan_id, text, standard_code)]``: a variant as written and the standard group the
    comparison's own rules give it, "" none) of ``field_name``: a confirmed decision places a variant; then the
    comparison's standard group (``standards``: ``[(code, label)]``) as a suggestion; then similarity to a confirmed
    entry, a standard group or a more frequent variant (``threshold``, 0–100), as a suggestion."""
    variants: dict[str, Variant] = {}
    for plan_id, text, standard in occurrences:
        key = variant_key(text)
        if not key:
            continue
        variant = variants.get(key)
        if variant is None:
            variant = variants[key] = Variant(key, decision=vocabulary.decision(field_name, key))
        variant.spellings[display_text(text)] += 1
        variant.plans.add(plan_id)
        if standard and not variant.standard:
            variant.standard = standard

    groups: dict[str, Group] = {}
    placement: dict[str, str] = {}
    excluded: list[Variant] = []
    leaders = _Leaders()  # a key similar variants may join → row key

    def place(variant: Variant, group: Group, suggested: bool) -> None:
        group.variants.append(variant)
        if suggested:
            group.suggested.add(variant.key)
        placement[variant.key] = group.row_key

    for code, label in standards:
        group = groups[code] = Group(variant_key(str(label)), str(label), code=code)
        if group.key:
            leaders.setdefault(group.key, code)
    for entry_id, text, code, position in vocabulary.entries.get(field_name, []):
        group = groups.get(code) if code else None
        if group is None:
            group = Group(variant_key(text), text, code=code, entry_id=entry_id, position=position)
            groups[group.row_key] = group
        else:
            group.entry_id, group.text, group.position = entry_id, text or group.text, position
        if group.key:
            leaders.setdefault(group.key, group.row_key)
    for key, decision in vocabulary.decisions.get(field_name, {}).items():
        if decision.entry_id is not None and decision.row_key in groups:
            leaders.setdefault(key, decision.row_key)

    order = sorted(variants.values(), key=lambda v: (-len(v.plans), -v.occurrences, v.key))
    undecided = []
    for variant in order:
        decision = variant.decision
        if decision is None:
            undecided.append(variant)
        elif decision.not_plan_entry:
            excluded.append(variant)
        else:
            group = groups.get(decision.row_key)
            if group is None:  # an entry of a standard group the comparison does not show (another language)
                text = decision.entry_text or decision.code
                group = groups[decision.row_key] = Group(
                    variant_key(text), text, code=decision.code, entry_id=decision.entry_id
                )
            place(variant, group, suggested=False)
    for variant in undecided:
        if variant.standard and variant.standard in groups:
            place(variant, groups[variant.standard], suggested=variant.key != groups[variant.standard].key)
            continue
        match = leaders.most_similar(variant.key, threshold)
        if match is not None:
            group = groups[leaders[match[0]]]
            place(variant, group, suggested=variant.key != group.key)
            continue
        group = Group(variant.key, variant.text)
        groups[group.row_key] = group
        leaders[variant.key] = group.row_key
        place(variant, group, suggested=False)
    return Grouping(groups, placement, excluded)


# --- the coordinator's decisions ------------------------------------------------------------------------------------


class VocabularyError(ValueError):
    """A decision that cannot be made (e.g. an entry of another region or field): shown to the coordinator."""


def _entry_for(*, region, field_name: str, text: str, code: str = "") -> VocabularyEntry:
    """The region's entry of a standard group ``code`` (created once, safe when two coordinators create it at once),
    or a new entry with ``text`` at the end of the field's list."""
    if code:
        try:
            with transaction.atomic():
                entry, _created = VocabularyEntry.objects.get_or_create(
                    region=region, field=field_name, code=code, defaults={"text": text, "position": 0}
                )
        except IntegrityError:
            entry = VocabularyEntry.objects.get(region=region, field=field_name, code=code)
        return entry
    last = VocabularyEntry.objects.filter(region=region, field=field_name).aggregate(n=Max("position"))["n"]
    return VocabularyEntry.objects.create(region=region, field=field_name, text=text, position=(last or 0) + 1)


def _decide(*, region, field_name: str, key: str, text: str, entry, not_plan_entry: bool, user) -> VariantMapping:
    """Record one decision on variant ``key`` (insert or update under a row lock; two coordinators deciding the same
    variant at once: the later decision stands, both are in the history)."""
    values = {
        "key": key,
        "text": text,
        "entry": entry,
        "not_plan_entry": not_plan_entry,
        "confirmed_by": user,
        "confirmed_at": timezone.now(),
    }
    digest = key_digest(key)
    try:
        with transaction.atomic():
            mapping = (
                VariantMapping.objects.select_for_update()
                .filter(region=region, field=field_name, digest=digest)
                .first()
            )
            if mapping is None:
                return VariantMapping.objects.create(region=region, field=field_name, **values)
    except IntegrityError:  # created meanwhile by someone else: update theirs
        mapping = VariantMapping.objects.select_for_update().get(region=region, field=field_name, digest=digest)
    for name, value in values.items():
        setattr(mapping, name, value)
    mapping.save()
    return mapping


def _check_entry(entry: VocabularyEntry | None, region, field_name: str) -> None:
    if entry is not None and (entry.region_id != region.pk or entry.field != field_name):
        raise VocabularyError("The entry belongs to another region or field.")


def confirm_groups(*, region, field_name: str, groups: list[Group], user) -> int:
    """Confirm suggested groups as they are: each becomes (or stays) an entry — its standard group's, its confirmed
    entry, or a new one with the group's canonical text — and each undecided variant is confirmed in it. Returns the
    number of variants confirmed."""
    confirmed = 0
    with transaction.atomic():
        for group in groups:
            if group.entry_id is not None:
                entry = VocabularyEntry.objects.get(pk=group.entry_id, region=region, field=field_name)
            else:
                # a standard group's entry keeps the standard label, in the reader's language, until renamed
                text = "" if group.code else group.text
                entry = _entry_for(region=region, field_name=field_name, text=text, code=group.code)
            for variant in group.variants:
                if variant.decision is not None and not group.is_suggestion(variant.key):
                    continue
                _decide(
                    region=region,
                    field_name=field_name,
                    key=variant.key,
                    text=variant.text,
                    entry=entry,
                    not_plan_entry=False,
                    user=user,
                )
                confirmed += 1
    return confirmed


def pending_groups(grouping: Grouping, field_name: str) -> list[Group]:
    """The groups of ``grouping`` with a variant not yet confirmed (an action group's only where it suggests one of
    the action groups: an activity that names none stays for the coordinator to place)."""
    return [
        group
        for group in grouping.groups.values()
        if group.variants
        and any(v.decision is None or group.is_suggestion(v.key) for v in group.variants)
        and (field_name != VocabularyField.ACTION_GROUPS or group.code)
    ]


def confirm_all_suggestions(*, region, columns, user, fields=None) -> dict[str, int]:
    """Confirm every suggested grouping of ``fields`` (by default all ``VocabularyField`` values) in the compared
    plans ``columns`` (``comparisons.plan_columns``): ``{field: variants confirmed}``."""
    from .comparisons import field_grouping  # noqa: PLC0415 (comparisons imports this module)

    confirmed = {}
    for field_name in fields or VocabularyField.values:
        vocabulary = RegionVocabulary.load(region)
        grouping = field_grouping(field_name, columns, vocabulary)
        confirmed[field_name] = confirm_groups(
            region=region, field_name=field_name, groups=pending_groups(grouping, field_name), user=user
        )
    return confirmed


def assign_variants(
    *,
    region,
    field_name: str,
    variants: list[Variant],
    user,
    entry: VocabularyEntry | None = None,
    new_text: str = "",
    rename: bool = False,
) -> VocabularyEntry:
    """Merge or split: put ``variants`` into ``entry`` (an entry of the region and field) or into a new entry named
    ``new_text``; with ``rename``, an ``entry`` given takes ``new_text`` as its canonical text (history keeps the old
    one). The region's own entries (not a standard group's) the variants leave without any variant are deleted (the
    history keeps them). Raises ``VocabularyError`` for an entry of another region or field, neither given, or a
    text empty or longer than ``MAX_TEXT`` characters."""
    _check_entry(entry, region, field_name)
    text = display_text(new_text)
    if len(text) > MAX_TEXT:
        raise VocabularyError("The canonical text is too long.")
    with transaction.atomic():
        if entry is None:
            if not text:
                raise VocabularyError("Name the new entry.")
            entry = _entry_for(region=region, field_name=field_name, text=text)
        elif rename and text:
            entry = rename_entry(entry=entry, text=text, user=user)
        digests = [key_digest(variant.key) for variant in variants]
        left = set(
            VariantMapping.objects.filter(region=region, field=field_name, digest__in=digests, entry__isnull=False)
            .exclude(entry=entry)
            .values_list("entry_id", flat=True)
        )
        for variant in variants:
            _decide(
                region=region,
                field_name=field_name,
                key=variant.key,
                text=variant.text,
                entry=entry,
                not_plan_entry=False,
                user=user,
            )
        _delete_empty_entries(left, user=user)
    return entry


def _delete_empty_entries(entry_ids, *, user) -> int:
    """Delete the region's own entries of ``entry_ids`` no variant is mapped to any more, under a row lock (a
    colleague's decision putting a variant into one meanwhile keeps it); a standard group's entry stays (the
    comparison shows its group anyway). Returns how many were deleted."""
    deleted = 0
    for entry in VocabularyEntry.objects.select_for_update().filter(pk__in=entry_ids, code="").order_by("pk"):
        if not VariantMapping.objects.filter(entry=entry).exists():
            entry._history_user = user
            entry.delete()
            deleted += 1
    return deleted


def exclude_variants(*, region, field_name: str, variants: list[Variant], user) -> int:
    """Mark ``variants`` "not a plan entry" (e.g. the template's example list left in a plan): no comparison counts
    them, in this plan or any later one. Returns how many."""
    with transaction.atomic():
        for variant in variants:
            _decide(
                region=region,
                field_name=field_name,
                key=variant.key,
                text=variant.text,
                entry=None,
                not_plan_entry=True,
                user=user,
            )
    return len(variants)


def rename_entry(*, entry: VocabularyEntry, text: str, user=None) -> VocabularyEntry:
    """Give ``entry`` a new canonical text (as typed, on one line); history keeps the old one (and ``user``, where
    given). Raises ``VocabularyError`` for an empty text or one longer than ``MAX_TEXT`` characters."""
    text = display_text(text)
    if not text:
        raise VocabularyError("The canonical text cannot be empty.")
    if len(text) > MAX_TEXT:
        raise VocabularyError("The canonical text is too long.")
    with transaction.atomic():
        entry = VocabularyEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.text != text:
            entry.text = text
            if user is not None:
                entry._history_user = user
            entry.save(update_fields=["text"])
    return entry


__all__ = [
    "MAX_TEXT",
    "SIMILARITY",
    "Decision",
    "Group",
    "Grouping",
    "RegionVocabulary",
    "Variant",
    "VocabularyError",
    "VocabularyField",
    "assign_variants",
    "confirm_all_suggestions",
    "confirm_groups",
    "pending_groups",
    "display_text",
    "exclude_variants",
    "group_variants",
    "rename_entry",
    "similarity",
    "stem",
    "variant_key",
]
