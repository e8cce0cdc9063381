"""Which regional core indicator a plan's worksheet 8 indicator measures: a suggestion for its editor or the region's
coordinator to confirm (``indicators.links``).

An indicator's text and a core indicator's name are compared as officers write them: case, diacritics and Latvian
or Lithuanian word endings aside ("Sociālo uzņēmumu skaits" and "sociālajiem uzņēmumiem" share the stems
"social", "uznemum"), abbreviations the plans use spelled out ("SU" → sociālie uzņēmumi, seeds/001), and
near-identical stems taken as equal (``rapidfuzz``). Three measures, weighted by how rare each stem is among the
region's core indicator names, so "skaits" (in almost every name) counts less than "partnerību":

- how much of the core indicator's name the text contains (coverage, 45 %),
- how much of the text the name explains (precision, 25 %),
- how closely the text's words follow the name's words in order (``rapidfuzz.fuzz.partial_ratio``, 30 %),

giving a score of 0–100. ``THRESHOLD`` is measured on the 55 worksheet 8 indicators of the six Zemgale plans
(fixtures/plans, seeds/001) against K1–K7, KV1–KV5: the 28 that name a core indicator in other words scored 65
or more (e.g. "Jaunu partnerību skaits starp SU, uzņēmējiem un pašvaldību" → K2 at 70, "Jauniešu iesaistes
aktivitāšu skaits un ideju konkursa rezultāti" → K7 at 65); of the others, the best scored 59 ("Sociālajiem
uzņēmējiem organizēts 1 pasākums gadā ar 15 dalībniekiem", between K3 and K4) and the rest 51 or less (e.g.
"Brīvprātīgo un prakšu dalībnieku skaits SU" → K4 at 51). A suggestion is only a proposal: nothing is linked
until a person confirms it (``indicators.links``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from seimpact.lib.text import clean_text

THRESHOLD = 60  # a suggestion needs this score (0–100); see the module's docstring for how it was measured
SAME_STEM = 80  # rapidfuzz ratio at which two stems count as the same word ("aktivitas" ~ "aktivitat")


def _word_list(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say nothing about what is measured: conjunctions, prepositions, "e.g.", per language.
STOP_WORDS = {
    "lv": _word_list("un par ar pec pirms pa no uz starp piemeram sk vai ka kas to ta tas gada reizi vismaz ir"),
    "lt": _word_list("ir su is iki po per del arba kad kaip pvz apie tarp bei kuri"),
}
# Abbreviations of the plans (seeds/001), written out before stemming ("SU" is Lithuanian for "with").
ABBREVIATIONS = {
    "lv": {"su": "socialo uznemumu", "nvo": "nevalstisko organizaciju"},
    "lt": {"nvo": "nevyriausybiniu organizaciju"},
}
# Latvian and Lithuanian inflection endings (after folding diacritics), longest first.
ENDINGS = tuple(
    sorted(
        _word_list(
            "ajiem ajam ajai ajos ajas aja iem ams ama aju ais ai am as em es is os us u a e i s o "
            "ius iu ys oms ims ems uose ose yje ioje oje"
        ),
        key=lambda ending: (-len(ending), ending),
    )
)
MIN_STEM = 3


def fold(text: str) -> str:
    """``text`` case-folded and without diacritics ("Uzņēmumu" → "uznemumu"), for comparing only."""
    decomposed = unicodedata.normalize("NFKD", clean_text(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str, language: str = "lv") -> list[str]:
    """The meaningful words of ``text`` in ``language`` ("lv", "lt"), folded, abbreviations written out, stop words,
    numbers and words of fewer than three letters left out."""
    found: list[str] = []
    abbreviations = ABBREVIATIONS.get(language, {})
    stop_words = STOP_WORDS.get(language, frozenset())
    for word in re.findall(r"[a-z0-9]+", fold(text)):
        if word in abbreviations:
            found.extend(abbreviations[word].split())
        elif word not in stop_words and len(word) >= 3 and not word.isdigit():
            found.append(word)
    return found


def stem(word: str) -> str:
    """A folded word without its inflection ending ("pasakumiem" → "pasakum"), at least three letters kept."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def stems(text: str, language: str = "lv") -> set[str]:
    """The stems of ``words(text, language)``."""
    return {stem(word) for word in words(text, language)}


def _likeness(word: str, pool: Iterable[str]) -> float:
    """0–1: how closely ``word`` matches its nearest stem in ``pool``; 0 below ``SAME_STEM``."""
    best = max((fuzz.ratio(word, other) for other in pool), default=0)
    return best / 100 if best >= SAME_STEM else 0.0


@dataclass(frozen=True)
class Suggestion:
    """The core indicator (``indicator``, a ``CoreIndicator``) best matching a text, and its ``score`` (0–100)."""

    indicator: object
    score: int


class Matcher:
    """Suggests, for texts of worksheet 8 indicators written in ``language`` (the region's: "lv", "lt"), the best of
    ``indicators`` (the region's ``CoreIndicator``s, read once) scoring at least ``threshold``."""

    def __init__(self, indicators: Iterable, *, language: str = "lv", threshold: int = THRESHOLD):
        self.indicators = list(indicators)
        self.language = language
        self.threshold = threshold
        self._names = [
            (indicator, stems(indicator.name, language), " ".join(words(indicator.name, language)))
            for indicator in self.indicators
        ]
        self._suggestions: dict[str, Suggestion | None] = {}  # by text: plans repeat their indicators' texts

    @cached_property
    def _frequency(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _indicator, name_stems, _words in self._names:
            for name_stem in name_stems:
                counts[name_stem] = counts.get(name_stem, 0) + 1
        return counts

    def _weight(self, word: str) -> float:
        """How telling a stem is: rare among the core indicator names weighs more (inverse document frequency)."""
        count = self._frequency.get(word)
        if count is None:
            near = [n for other, n in self._frequency.items() if fuzz.ratio(word, other) >= SAME_STEM]
            count = max(near, default=0)
        return math.log((len(self._names) + 1) / (count + 0.5))

    def score(self, text: str, indicator) -> int:
        """0–100: how well ``text`` names ``indicator`` (one of this matcher's)."""
        text_stems = stems(text, self.language)
        for candidate, name_stems, name_words in self._names:
            if candidate.pk == indicator.pk:
                return self._score(text, text_stems, name_stems, name_words)
        raise ValueError(f"{indicator} is not one of this matcher's core indicators")

    def _score(self, text: str, text_stems: set[str], name_stems: set[str], name_words: str) -> int:
        if not text_stems or not name_stems:
            return 0
        name_total = sum(self._weight(s) for s in name_stems)
        text_total = sum(self._weight(s) for s in text_stems)
        coverage = sum(self._weight(s) * _likeness(s, text_stems) for s in name_stems) / name_total
        precision = sum(self._weight(s) * _likeness(s, name_stems) for s in text_stems) / text_total
        order = fuzz.partial_ratio(" ".join(words(text, self.language)), name_words) / 100
        return round(100 * (0.45 * coverage + 0.25 * precision + 0.30 * order))

    def ranked(self, text: str) -> list[Suggestion]:
        """Every core indicator with its score for ``text``, best first (ties in the indicators' order)."""
        text_stems = stems(text, self.language)
        scored = [
            Suggestion(indicator, self._score(text, text_stems, name_stems, name_words))
            for indicator, name_stems, name_words in self._names
        ]
        return sorted(scored, key=lambda s: -s.score)

    def suggest(self, text: str) -> Suggestion | None:
        """The best core indicator for ``text`` when it scores at least ``threshold``, else None (computed once per text
        and matcher)."""
        if text not in self._suggestions:
            ranked = self.ranked(text)
            self._suggestions[text] = ranked[0] if ranked and ranked[0].score >= self.threshold else None
        return self._suggestions[text]
