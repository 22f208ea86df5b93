from hypothesis import given
from hypothesis import strategies as st

from veivalg.core.readability import lix, text_stats

LONG_WORD = "arbeidstrening"


def test_short_everyday_sentences_score_low():
    assert lix("Du kan jobbe her. Vi lager mat. Det er gratis.") < 30


def test_long_sentence_with_long_words_scores_high():
    text = "Arbeidsforberedende trening kombinerer kartlegging, utprøving og systematisk oppfølging i virksomheter."
    assert lix(text) > 50


def test_counts_words_sentences_and_long_words():
    stats = text_stats("Jeg liker arbeidstrening. Klokka er 08.30 nå!")
    assert (stats.words, stats.sentences, stats.long_words) == (7, 2, 1)


def test_text_without_words_scores_zero():
    assert lix("") == 0
    assert lix(" ... ") == 0


@given(st.text())
def test_lix_is_never_negative(text):
    assert lix(text) >= 0


@given(st.text())
def test_adding_a_long_word_never_lowers_the_long_word_share(text):
    before = text_stats(text).long_word_share
    after = text_stats(f"{text} {LONG_WORD}").long_word_share
    assert after >= before
