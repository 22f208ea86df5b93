"""A small Norwegian text analyser shared by indexing and querying.

The database only sees the analysed tokens (stems, synonym main forms and compound parts), so
SQLite FTS5 and PostgreSQL full-text search give the same answers, and an OpenSearch backend
would too. Steps: tokenise → drop stop words → stem (Snowball, Norwegian) → map synonyms and
nynorsk forms to a main form → split compounds into known parts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from .search_defaults import COMPOUND_PARTS, STOP_WORDS

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("norwegian")
MIN_PART = 3
# Splitting tries every split point and recurses on the right part, so its cost grows with the
# square of the word's length. No Norwegian compound comes near this; a longer «word» (a pasted
# hash, a 128,000-letter run in an imported text) is kept whole instead of split.
MAX_COMPOUND_LENGTH = 60


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).lower()
    return _WORD.findall(text)


@dataclass
class Lexicon:
    """Synonyms and compound parts, in stemmed form."""

    single: dict[str, str] = field(default_factory=dict)  # stem -> main form
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)  # stems -> main form
    parts: frozenset[str] = frozenset()

    @classmethod
    def build(cls, synonym_groups: list[list[str]]) -> Lexicon:
        lexicon = cls()
        for group in synonym_groups:
            stemmed = [tuple(stem(w) for w in words(term) if w not in STOP_WORDS) for term in group]
            stemmed = [s for s in stemmed if s]
            if not stemmed:
                continue
            main = next((s[0] for s in stemmed if len(s) == 1), "".join(stemmed[0]))
            for s in stemmed:
                if len(s) == 1:
                    lexicon.single.setdefault(s[0], main)
                else:
                    lexicon.phrases.setdefault(s, main)
        parts = {stem(p) for p in COMPOUND_PARTS} | set(COMPOUND_PARTS)
        parts |= {s for s in lexicon.single if len(s) >= MIN_PART}
        lexicon.parts = frozenset(parts)
        return lexicon

    def canonical(self, token: str) -> str:
        return self.single.get(token, token)

    def split_compound(self, token: str, extra_parts: frozenset[str] = frozenset()) -> list[str]:
        """Split 'arbeidstrening' into ['arbeid', 'trening'] when both parts are known words.

        Tries every split point, allows a linking 's' or 'e', restores a consonant dropped
        where three would meet ('fotballag' = 'fotball' + 'lag'), and recurses on the right
        part ('dagaktivitetssenter'). Words learnt from the index (`extra_parts`) must have
        at least four letters to count as a part. Returns [] when no split is known.
        """

        if len(token) > MAX_COMPOUND_LENGTH:
            return []

        def is_part(word: str) -> bool:
            return word in self.parts or (len(word) >= 4 and word in extra_parts)

        for i in range(len(token) - MIN_PART, MIN_PART - 1, -1):
            left, right = token[:i], token[i:]
            if not is_part(left):
                if left[-1] == right[0] and is_part(left + left[-1]):
                    left = left + left[-1]
                else:
                    continue
            candidates = [right]
            if right[:1] in {"s", "e"} and len(right) > MIN_PART:
                candidates.append(right[1:])
            for candidate in candidates:
                right_stem = stem(candidate)
                if is_part(candidate) or is_part(right_stem):
                    return [left, right_stem if is_part(right_stem) else candidate]
                rest = self.split_compound(candidate, extra_parts)
                if rest:
                    return [left, *rest]
        return []


def analyse(text: str, lexicon: Lexicon, *, for_query: bool = False) -> list[list[str]]:
    """Analyse text into groups of alternative tokens, one group per word (or phrase).

    Indexing flattens the groups; a query ANDs the groups and ORs within each.
    """
    stems = [stem(w) for w in words(text) if w not in STOP_WORDS]
    groups: list[list[str]] = []
    i = 0
    while i < len(stems):
        matched = False
        for length in (4, 3, 2):
            phrase = tuple(stems[i : i + length])
            if len(phrase) == length and phrase in lexicon.phrases:
                main = lexicon.phrases[phrase]
                if for_query:
                    groups.append([main])
                else:
                    groups.append([main, *(lexicon.canonical(s) for s in phrase)])
                i += length
                matched = True
                break
        if matched:
            continue
        groups.append(expand_token(stems[i], lexicon, for_query=for_query))
        i += 1
    return groups


def expand_token(token: str, lexicon: Lexicon, *, for_query: bool = False) -> list:
    """A stem's main form and, for a compound, its parts' main forms and their join.

    For a query the parts come as one tuple (all of them must match), so 'arbeidstrening'
    finds 'trening i arbeid' but not every text that only says 'arbeid'.
    """
    main = lexicon.canonical(token)
    alternatives: list = [main]
    if token != main:
        # The word as written too, so texts using the reader's own word rank first.
        alternatives.append(token)
    if len(token) >= 2 * MIN_PART:
        parts = lexicon.split_compound(token)
        if parts:
            canonical_parts = [lexicon.canonical(p) for p in parts]
            joined = lexicon.canonical("".join(canonical_parts))
            if joined not in alternatives:
                alternatives.append(joined)
            if for_query:
                alternatives.append(tuple(canonical_parts))
            else:
                alternatives += [p for p in canonical_parts if p not in alternatives]
    return alternatives


def flatten(groups: list[list[str]]) -> str:
    return " ".join(t for group in groups for t in group)
