"""The shared collation key: ICU's Latvian (and Lithuanian) order, the same as PostgreSQL's ICU collations."""

import pytest
from django.db import connection
from django.utils.translation import gettext_lazy

from seimpact.lib.collation import latvian_key, sort_key

# Words where a plain, a hand-written or a wrong-level order goes astray: long vowels, carons, cedillas,
# case, y/q/w/x, digits, spaces, hyphens and a soft hyphen (which ICU ignores).
TRICKY_LATVIAN = [
    "Jelgava",
    "Jēkabpils",
    "jelgava",
    "JELGAVA",
    "Jelgavas novads",
    "Jelgavas valstspilsēta",
    "Jelgava-2",
    "Jelgava 2",
    "Jelgava\u00ad2",  # the same as "Jelgava2" to ICU: PostgreSQL then compares the bytes
    "Jelgava2",
    "Ābele",
    "Abele",
    "abele",
    "Auce",
    "Āra",
    "Ara",
    "Cēsis",
    "Cuka",
    "Čaka",
    "Čakste",
    "Gulbene",
    "Ģirts",
    "Kuldīga",
    "Ķekava",
    "Lūznava",
    "Ļaudona",
    "Nīca",
    "Ņaukšēni",
    "Sala",
    "Sīkrags",
    "Šķēde",
    "Zvejnieki",
    "Zaļenieki",
    "Žagari",
    "Yes",
    "Ieva",
    "Quinta",
    "Wilson",
    "Xenon",
    "Ūdri",
    "Ulbroka",
    "Dzērbene",
    "Džūkste",
    "2. pasākums",
    "10. pasākums",
    "(pilsēta)",
    "",
]

TRICKY_LITHUANIAN = [
    "Panevėžys",
    "Panevezys",
    "Biržai",
    "Birzai",
    "Čiurlionis",
    "Cesis",
    "Zarasai",
    "Žasliai",
    "Šakiai",
    "Sala",
    "ąžuolas",
    "azuolas",
    "Anykščiai",
    "Ėglė",
    "Eglė",
    "Įlanka",
    "Ilanka",
    "Yra",
    "Ira",
    "Jonas",
    "Ūla",
    "Ula",
    "Kupiškis",
    "Rokiškis",
    "Pasvalys",
]


def test_latvian_key_orders_zemgale_municipalities_as_a_latvian_reader_does():
    names = [
        "Jelgavas valstspilsēta",
        "Jēkabpils novads",
        "Dobeles novads",
        "Jelgavas novads",
        "Aizkraukles novads",
        "Bauskas novads",
    ]
    assert sorted(names, key=latvian_key) == [
        "Aizkraukles novads",
        "Bauskas novads",
        "Dobeles novads",
        "Jēkabpils novads",
        "Jelgavas novads",
        "Jelgavas valstspilsēta",
    ]


def test_latvian_key_puts_caron_letters_after_every_word_of_their_base_letter():
    words = ["Žagari", "Zvejnieki", "Šķēde", "Sūkņi", "Sala", "Čaka", "Cuka", "Cēsis"]
    assert sorted(words, key=latvian_key) == ["Cēsis", "Cuka", "Čaka", "Sala", "Sūkņi", "Šķēde", "Zvejnieki", "Žagari"]


def test_latvian_key_tells_long_vowels_apart_only_at_the_second_level():
    # The first level decides where it can: ā counts as a there ...
    assert sorted(["Ābols", "Abava", "Auce"], key=latvian_key) == ["Abava", "Ābols", "Auce"]
    assert sorted(["Jelgava", "Jēkabpils"], key=latvian_key) == ["Jēkabpils", "Jelgava"]
    # ... and only between otherwise equal words does the long vowel come after the short one.
    assert sorted(["Āra", "Ara"], key=latvian_key) == ["Ara", "Āra"]
    assert sorted(["ūdens", "udens"], key=latvian_key) == ["udens", "ūdens"]


def test_latvian_key_accepts_lazy_translations():
    name = "Jelgava"  # a variable, so that makemessages does not take a test's word into the catalogue
    assert latvian_key(gettext_lazy(name)) == latvian_key("Jelgava")


def test_sort_key_in_lithuanian_puts_y_with_i_and_carons_after_their_letter():
    words = ["Žasliai", "Zarasai", "Jonas", "Yra", "Ira", "Šakiai", "Sala", "Čiurlionis", "Cesis"]
    assert sorted(words, key=lambda word: sort_key(word, "lt")) == [
        "Cesis",
        "Čiurlionis",
        "Ira",
        "Yra",
        "Jonas",
        "Sala",
        "Šakiai",
        "Zarasai",
        "Žasliai",
    ]


def test_sort_key_follows_the_language_asked_for():
    # Ģ is a letter of its own in Latvian, in Lithuanian a g with an accent.
    words = ["Ģirts", "Gulbis", "Hanza"]
    assert sorted(words, key=lambda word: sort_key(word, "lv")) == ["Gulbis", "Ģirts", "Hanza"]
    assert sorted(words, key=lambda word: sort_key(word, "lt")) == ["Ģirts", "Gulbis", "Hanza"]


def database_order(words: list[str], collation: str) -> list[str]:
    placeholders = ", ".join(["(%s)"] * len(words))
    sql = f'SELECT w FROM (VALUES {placeholders}) AS v(w) ORDER BY w COLLATE "{collation}"'
    with connection.cursor() as cursor:
        cursor.execute(sql, words)
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ICU collations are PostgreSQL's (lv-x-icu, lt-x-icu)")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [("lv", TRICKY_LATVIAN), ("lt", TRICKY_LITHUANIAN)],
)
def test_sort_key_orders_like_postgresql_icu_collation(language, words):
    expected = database_order(words, f"{language}-x-icu")
    assert sorted(words, key=lambda word: sort_key(word, language)) == expected
