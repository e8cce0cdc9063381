"""The interface catalogues (lv, lt) are complete, well-formed and compiled: every entry translated, every plural
form filled, nothing fuzzy, the placeholders and markup of each source string kept, Lithuanian with its three plural
forms, and each ``.mo`` holding what its ``.po`` says."""

import gettext
import re
import subprocess
from collections import Counter

import pytest
from django.conf import settings

from tests.conftest import database_independent
from tests.lithuanian import LATVIAN_WORD, catalogue, header, mo_path, po_path

pytestmark = database_independent("the translation catalogues' files, no database")

LANGUAGES = ["lv", "lt"]

# Python-format placeholders: "%(name)s" by name, "%s" / "%d" by position ("%%" is a per cent sign).
NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)")


def entries(language: str) -> list:
    assert po_path(language).exists(), f"{po_path(language)} is missing"
    return [entry for entry in catalogue(language) if not entry.is_header]


def where(language: str, entry) -> str:
    return f"locale/{language}/LC_MESSAGES/django.po:{entry.line} {entry.msgid[:60]!r}"


def report(problems: list[str]) -> str:
    return "\n".join(problems)


def placeholders(text: str) -> tuple[Counter, int]:
    """The named placeholders of a python-format string (with their counts) and the number of positional ones."""
    without_names = NAMED.sub("", text.replace("%%", ""))
    return Counter(NAMED.findall(text)), len(POSITIONAL.findall(without_names))


def tags(text: str) -> Counter:
    return Counter(tag.lower() for tag in TAG.findall(text))


def test_the_interface_languages_are_latvian_lithuanian_and_english_with_a_catalogue_each():
    assert {code for code, _name in settings.LANGUAGES} == {"lv", "lt", "en"}
    assert settings.LANGUAGE_CODE == "lv"
    for language in LANGUAGES:
        assert po_path(language).exists(), po_path(language)
        assert mo_path(language).exists(), f"{mo_path(language)} is missing: run manage.py compilemessages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_in_every_plural_form_and_none_is_fuzzy(language):
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", header(language).get("Plural-Forms", "")).group(1))
    problems = []
    for entry in catalogue(language):
        if "fuzzy" in entry.flags:
            problems.append(f"{where(language, entry)}: fuzzy")
    for entry in entries(language):
        if entry.msgid_plural is None:
            if len(entry.msgstr) != 1 or not entry.msgstr[0].strip():
                problems.append(f"{where(language, entry)}: not translated")
        elif len(entry.msgstr) != nplurals or not all(text.strip() for text in entry.msgstr):
            problems.append(f"{where(language, entry)}: {len(entry.msgstr)} plural forms for {nplurals}, or one empty")
    assert problems == [], report(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_markup_of_the_source(language):
    problems = []
    for entry in entries(language):
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid_plural] * len(entry.msgstr)
        for index, (source, text) in enumerate(zip(sources, entry.msgstr, strict=True)):
            if not text:
                continue  # reported as untranslated
            if "python-format" in entry.flags and placeholders(text) != placeholders(source):
                problems.append(f"{where(language, entry)}[{index}]: placeholders {text!r}")
            if tags(text) != tags(source):
                problems.append(f"{where(language, entry)}[{index}]: markup {text!r}")
    assert problems == [], report(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_checks_the_catalogue_without_a_complaint(language, tmp_path):
    # --check: the formats of every python-format entry, the header, the plural forms against the header's count.
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file", str(tmp_path / "django.mo"), str(po_path(language))],
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_holds_what_the_po_file_says(language, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--output-file", str(fresh), str(po_path(language))], check=True)
    assert mo_path(language).exists(), f"{mo_path(language)} is missing: run manage.py compilemessages"
    with fresh.open("rb") as compiled_now, mo_path(language).open("rb") as shipped:
        now, kept = gettext.GNUTranslations(compiled_now)._catalog, gettext.GNUTranslations(shipped)._catalog
    stale = sorted(
        str(key)[:80] for key in now.keys() ^ kept.keys() | {k for k in now.keys() & kept.keys() if now[k] != kept[k]}
    )
    assert stale == [], f"{mo_path(language)} is older than its .po: run manage.py compilemessages"


def test_lithuanian_has_three_plural_forms_one_few_and_many():
    plural_forms = header("lt").get("Plural-Forms", "")
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", plural_forms)
    assert match, plural_forms
    assert match.group(1) == "3"
    plural = gettext.c2py(match.group(2))
    # One: 1, 21, 31, 101 (not 11); few: 2–9, 22–29, 102 (not 12–19); many: 0, 10–20, 30, 100, 111.
    assert [plural(n) for n in (1, 21, 31, 101, 121)] == [0] * 5
    assert [plural(n) for n in (2, 5, 9, 22, 29, 102)] == [1] * 6
    assert [plural(n) for n in (0, 10, 11, 12, 19, 20, 30, 100, 111)] == [2] * 9
    assert header("lt").get("Language") == "lt"


def test_the_lithuanian_catalogue_has_no_latvian_words():
    """A Lithuanian translation never holds a letter Lithuanian does not write (ā ē ī ģ ķ ļ ņ), unless the word is the
    source string's own (a Latvian name quoted in the English text)."""
    problems = []
    for entry in entries("lt"):
        source_words = set(LATVIAN_WORD.findall(f"{entry.msgid} {entry.msgid_plural or ''}"))
        for text in entry.msgstr:
            if words := set(LATVIAN_WORD.findall(text)) - source_words:
                problems.append(f"{where('lt', entry)}: Latvian letters in {sorted(words)}")
    assert problems == [], report(problems)


def test_both_catalogues_translate_the_same_messages():
    """After ``make messages`` both hold the app's messages (messages gone from the code are marked obsolete)."""
    lithuanian, latvian = {entry.key for entry in entries("lt")}, {entry.key for entry in entries("lv")}
    assert sorted(map(str, latvian - lithuanian)) == [], "in lv only"
    assert sorted(map(str, lithuanian - latvian)) == [], "in lt only"
