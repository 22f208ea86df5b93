"""Readability of Norwegian text: LIX (läsbarhetsindex, Björnsson 1968).

LIX = words per sentence + 100 × share of long words, where a long word has more than six
letters. Under 30 is very easy (easy-read, *lettlest*), 30–40 easy (plain language, klarspråk),
40–50 medium, over 50 hard. Our editors aim for under 30 in easy-read summaries and under 40
elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LONG_WORD_LETTERS = 6
EASY_READ_MAX = 30
PLAIN_LANGUAGE_MAX = 40

# Hyphenated words ("e-post") and numbers like "08.30" or "1,5" are one word each.
_WORD = re.compile(r"[^\W_]+(?:(?:[-']|(?<=\d)[.:,](?=\d))[^\W_]+)*")
# A sentence ends at . ! ? : ; followed by a space or the end, or at a line break (list items,
# headings). Decimal points and clock times ("08.30") are not sentence ends.
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n+")


@dataclass(frozen=True)
class TextStats:
    words: int
    sentences: int
    long_words: int

    @property
    def long_word_share(self) -> float:
        """Share of long words, 0–1 (0 for a text without words)."""
        return self.long_words / self.words if self.words else 0.0


def text_stats(text: str) -> TextStats:
    """Count words, sentences and long words. A text with words has at least one sentence."""
    words = _WORD.findall(text)
    sentences = sum(1 for part in _SENTENCE_END.split(text) if _WORD.search(part))
    long_words = sum(1 for w in words if sum(c.isalpha() for c in w) > LONG_WORD_LETTERS)
    return TextStats(words=len(words), sentences=max(sentences, 1 if words else 0), long_words=long_words)


def lix(text: str) -> float:
    """The LIX score of a text; 0 for a text without words."""
    stats = text_stats(text)
    if not stats.words:
        return 0.0
    return stats.words / stats.sentences + 100 * stats.long_word_share
