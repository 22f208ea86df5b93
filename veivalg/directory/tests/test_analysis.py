from hypothesis import given
from hypothesis import strategies as st

from veivalg.directory.analysis import Lexicon, analyse, flatten, words
from veivalg.directory.search_defaults import DEFAULT_SYNONYMS

LEXICON = Lexicon.build([[t.strip() for t in g.split(",")] for g in DEFAULT_SYNONYMS])


def test_compound_is_split_into_known_parts():
    assert LEXICON.split_compound("arbeidstrening") == ["arbeid", "trening"]
    assert LEXICON.split_compound("tilbud") == []


def test_nynorsk_and_bokmal_share_a_main_form():
    assert analyse("tilboda", LEXICON) == analyse("tilbudene", LEXICON)


def test_phrase_becomes_acronym_in_queries():
    assert analyse("varig tilrettelagt arbeid", LEXICON, for_query=True) == [["vta"]]


@given(st.text(max_size=200))
def test_analyser_never_fails_and_yields_only_word_tokens(text):
    tokens = flatten(analyse(text, LEXICON)).split()
    assert all(t.isalnum() for t in tokens)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ", max_size=80))
def test_index_text_contains_every_query_alternative(text):
    """What a query asks for must be in the index text of the same words, or nothing is found."""
    indexed = set(flatten(analyse(text, LEXICON)).split())
    for group in analyse(text, LEXICON, for_query=True):
        assert any((set(a) <= indexed) if isinstance(a, tuple) else (a in indexed) for a in group)


def test_words_keeps_norwegian_letters():
    assert words("Søk på «Bærum»!") == ["søk", "på", "bærum"]
