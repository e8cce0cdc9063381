"""The grouping's search for the most similar group (``vocabulary._Leaders.most_similar``) finds what scoring every
group with ``similarity`` finds, while scoring only those that can reach the threshold; and ``stem`` and the
organisation-type lookup of the partnerships comparison give what they gave when computed the long way."""

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import process

from worksheets.regional.comparisons import _OrganisationTypes
from worksheets.regional.vocabulary import ENDINGS, MIN_STEM, SIMILARITY, Group, Grouping, _Leaders, similarity, stem

# Keys as variant_key makes them: stems of a few words that share beginnings and spellings, and document numbers.
WORDS = ["pašvaldīb", "budžet", "budžt", "līdzdalīb", "es", "fond", "fondu", "altum", "nr 12", "nr 13", "granti", "zpr"]
keys = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


@given(leaders=st.lists(keys, max_size=25, unique=True), wanted=keys, threshold=st.sampled_from([SIMILARITY, 75, 101]))
def test_most_similar_is_the_first_of_the_most_similar_leaders(leaders, wanted, threshold):
    found = _Leaders()
    for index, key in enumerate(leaders):
        found.setdefault(key, f"row-{index}")
    expected = process.extractOne(wanted, leaders, scorer=similarity, score_cutoff=threshold) if leaders else None
    match = found.most_similar(wanted, threshold)
    assert (match[:2] if match else None) == (expected[:2] if expected else None)


def test_most_similar_finds_a_key_held_in_a_longer_one_and_a_respelling():
    leaders = _Leaders()
    leaders["ik gad pašvaldīb budžet tiek atvēlēt"] = "v-1"
    leaders["uzņēmēdarbīb atbalst"] = "v-2"
    assert leaders.most_similar("pašvaldīb budžet", SIMILARITY)[:2] == ("ik gad pašvaldīb budžet tiek atvēlēt", 100)
    assert leaders.most_similar("uzņēmējdarbīb atbalst", SIMILARITY)[0] == "uzņēmēdarbīb atbalst"
    assert leaders.most_similar("altum", SIMILARITY) is None
    assert list(leaders) == ["ik gad pašvaldīb budžet tiek atvēlēt", "uzņēmēdarbīb atbalst"]


@given(st.text(alphabet="abcdešūīāųėi1", min_size=0, max_size=12))
def test_stem_removes_the_longest_ending_that_leaves_a_stem(word):
    expected = word
    if len(word) > MIN_STEM and not any(ch.isdigit() for ch in word):
        for ending in ENDINGS:  # longest first
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                expected = word[: -len(ending)]
                break
    assert stem(word) == expected


def test_organisation_type_is_the_longest_known_type_beginning_the_cell():
    participatory = Group("līdzdalīb budžet", "Līdzdalības budžets", code="std-1")
    budget_only = Group("līdzdalīb budžet konkurs", "Līdzdalības budžeta konkurss")
    unplaced = Group("sociāl iepirkum", "Sociālie iepirkumi", code="std-2")
    grouping = Grouping(
        groups={"std-1": participatory, "v-x": budget_only, "std-2": unplaced},
        placement={"līdzdalīb budžet": "std-1", "līdzdalīb budžet konkurs": "v-x", "altum": "std-1"},
        excluded=[],
    )
    organisation_type = _OrganisationTypes(grouping)
    assert organisation_type("Līdzdalības budžets, NVO") == "līdzdalīb budžet"
    assert organisation_type("Līdzdalības budžeta konkurss jauniešiem") == "līdzdalīb budžet konkurs"
    assert organisation_type("Sociālie iepirkumi — pašvaldība") == "sociāl iepirkum"  # standard, no variants
    assert organisation_type("Altum") == ""  # one word: never a type written in the organisation column
    assert organisation_type("NVO līdzdalības budžets") == ""
