"""Norwegian offer search on top of Wagtail's modelsearch.

Indexing: `build_search_text` runs the analyser over an offer and stores the tokens in
`search_title` and `search_document`, which modelsearch indexes. Querying: `search_offers`
analyses the query the same way, corrects typos against the index vocabulary, and asks for all
words first; when nothing has them all, it asks for any of them and says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from . import ranking
from .analysis import Lexicon, analyse, expand_token, flatten, words

if TYPE_CHECKING:
    from .models import Offer

_lexicon_cache: dict[str, object] = {"key": None, "lexicon": None}
_vocabulary_cache: dict[str, object] = {"key": None, "terms": frozenset(), "list": []}


def current_lexicon() -> Lexicon:
    """The synonym lexicon, rebuilt when an editor changes a synonym (checked per call)."""
    from .models import SearchSynonym

    stats = SearchSynonym.objects.aggregate(n=Max("id"), changed=Max("updated_at"))
    key = (SearchSynonym.objects.count(), stats["n"], stats["changed"])
    if _lexicon_cache["key"] != key:
        groups = [s.term_list() for s in SearchSynonym.objects.all()]
        _lexicon_cache.update(key=key, lexicon=Lexicon.build(groups))
    return _lexicon_cache["lexicon"]  # type: ignore[return-value]


def vocabulary() -> tuple[frozenset[str], list[str]]:
    from .models import SearchTerm

    # New words only ever get higher ids, so the highest id and the count tell whether the
    # list grew. A rolled-back transaction can hand the same ids out again, so the list is
    # also reloaded after SEARCH_VOCABULARY_SECONDS.
    stats = SearchTerm.objects.aggregate(n=Max("id"), count=Count("id"))
    now = time.monotonic()
    key = (stats["n"], stats["count"])
    if _vocabulary_cache["key"] != key or now >= _vocabulary_cache.get("until", 0):
        terms = list(SearchTerm.objects.values_list("term", flat=True))
        ttl = getattr(settings, "SEARCH_VOCABULARY_SECONDS", 60)
        _vocabulary_cache.update(key=key, terms=frozenset(terms), list=terms, until=now + ttl)
    return _vocabulary_cache["terms"], _vocabulary_cache["list"]  # type: ignore[return-value]


def build_search_text(offer: Offer) -> tuple[str, str]:
    """The analysed title and document for one offer (also records new words in the vocabulary)."""

    kind = offer.kind if offer.kind_id else None
    parts = [
        offer.summary,
        offer.summary_nn,
        offer.easy_read,
        offer.easy_read_nn,
        offer.description,
        offer.description_nn,
        offer.eligibility,
        offer.eligibility_nn,
        offer.how_to_apply,
        offer.get_intake_route_display() if offer.intake_route else "",
    ]
    if kind:
        parts += [kind.name, kind.name_nn, kind.name_en, kind.code.replace("-", " "), kind.get_area_display()]
    if offer.organization_id:
        parts.append(offer.organization.name)
    if offer.pk:
        for coverage in offer.coverage.all():
            m = coverage.municipality
            parts += [m.name, m.name_nn, m.name_sami]
        for offer_location in offer.offer_locations.all():
            parts += [offer_location.location.city, offer_location.location.name]
    return analysed_text(f"{offer.title} {offer.title_nn}", parts)


def analysed_text(title: str, parts: list[str]) -> tuple[str, str]:
    """Analysed title and document for any searchable text; new words join the vocabulary."""
    from .models import SearchTerm

    lexicon = current_lexicon()
    analysed_title = flatten(analyse(title, lexicon))
    document = flatten(analyse(" ".join(p for p in parts if p), lexicon))
    new_terms = {t for t in f"{analysed_title} {document}".split() if len(t) <= 100}
    known, _ = vocabulary()
    missing = new_terms - known
    if missing:
        SearchTerm.objects.bulk_create([SearchTerm(term=t) for t in missing], ignore_conflicts=True)
    return analysed_title, document


class AnalysedSearchMixin:
    """For models beside offers (articles, events) indexed with the same Norwegian analyser.

    The model lists `search_fields` with SearchField("title") and SearchField("search_document")
    and implements `search_source()` -> (title text, [other texts]). The index gets a copy whose
    title is the analysed title (see Offer.as_search_document for why).
    """

    def search_source(self) -> tuple[str, list[str]]:  # pragma: no cover - implemented by models
        raise NotImplementedError

    def search_document(self) -> str:
        if getattr(self, "_analysed_document", None) is None:
            self._analysed_title, self._analysed_document = analysed_text(*self.search_source())
        return self._analysed_document

    def analysed_copy(self):
        import copy

        document = copy.copy(self)
        document.search_document()
        document.title = document._analysed_title
        return document


def correct(token: str, known: frozenset[str], terms: list[str]) -> list[str]:
    """Index words within one edit (five to seven letters) or two edits (eight or more)."""
    if len(token) < 5:
        return []
    cutoff = 1 if len(token) < 8 else 2
    matches = process.extract(token, terms, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=3)
    return [m[0] for m in sorted(matches, key=lambda m: m[1])]


@dataclass
class SearchOutcome:
    results: object
    matched_all_words: bool = True
    understood: list[str] = field(default_factory=list)
    unknown_words: list[str] = field(default_factory=list)


def query_groups(query: str) -> tuple[list[list[str]], list[str]]:
    """Groups of alternative index tokens for a query, and the words nothing in the index matches."""
    lexicon = current_lexicon()
    known, terms = vocabulary()
    groups, unknown = [], []
    for group, word in zip(
        analyse(query, lexicon, for_query=True), _query_words(query, lexicon), strict=False
    ):
        alternatives = [t for t in group if _is_known(t, known)]
        if alternatives:
            # A compound the index also has in parts: 'fotballaget' finds 'fotball … lag'.
            parts = tuple(lexicon.canonical(p) for p in lexicon.split_compound(group[0], extra_parts=known))
            if len(parts) > 1 and parts not in alternatives and all(p in known for p in parts):
                alternatives.append(parts)
            groups.append(alternatives)
            continue
        # A typo ('arbeidstreing') or a compound of words the index has ('sykkelverksted').
        alternatives = []
        for corrected in correct(group[0], known, terms):
            for alternative in expand_token(corrected, lexicon, for_query=True):
                if _is_known(alternative, known) and alternative not in alternatives:
                    alternatives.append(alternative)
        parts = [lexicon.canonical(p) for p in lexicon.split_compound(group[0], extra_parts=known)]
        if parts and all(p in known for p in parts):
            alternatives.append(tuple(parts))
        if alternatives:
            groups.append(alternatives)
        else:
            unknown.append(word)
    return groups, unknown


def _query_words(query: str, lexicon: Lexicon) -> list[str]:
    """The typed word behind each analysed group, for messages ('we found nothing for …')."""
    from .search_defaults import STOP_WORDS

    typed = [w for w in words(query) if w not in STOP_WORDS]
    groups = analyse(query, lexicon, for_query=True)
    if len(groups) == len(typed):
        return typed
    # A phrase became one group: label each group by its first token instead.
    return [g[0] for g in groups]


def search_offers(query: str, queryset: QuerySet[Offer]) -> SearchOutcome:
    """Rank the offers in `queryset` (already filtered) by the query. Empty query: no ranking."""
    groups, unknown = query_groups(query)
    if not groups and not unknown:
        # Only words every offer shares ('tilbud i'): the query narrows nothing.
        return SearchOutcome(results=queryset.order_by("title"))
    if not groups:
        return SearchOutcome(results=queryset.none(), unknown_words=unknown)
    if ranking.supported():
        # The index holds exactly the published offers; with no other filter, skip the join.
        published = getattr(queryset.model.objects, "published", None)
        unfiltered = published is not None and str(queryset.order_by().query) == str(
            published().order_by().query
        )
        results = ranking.RankedResults(groups, queryset, unfiltered=unfiltered)
        if len(groups) > 1 and results.count() == 0:
            results = ranking.RankedResults(groups, queryset, all_groups=False, unfiltered=unfiltered)
            return SearchOutcome(
                results, matched_all_words=False, understood=_flat(groups), unknown_words=unknown
            )
        return SearchOutcome(results, understood=_flat(groups), unknown_words=unknown)
    backend = get_search_backend()
    # modelsearch accepts only declared filter fields; a key subquery carries any filter.
    queryset = queryset.model.objects.filter(pk__in=queryset.values("pk"))
    all_words = And([_alternatives(g) for g in groups]) if len(groups) > 1 else _alternatives(groups[0])
    results = backend.search(all_words, queryset)
    if len(groups) > 1 and results.count() == 0:
        any_word = Or([_alternatives(g) for g in groups])
        results = backend.search(any_word, queryset)
        return SearchOutcome(
            results, matched_all_words=False, understood=_flat(groups), unknown_words=unknown
        )
    return SearchOutcome(results, understood=_flat(groups), unknown_words=unknown)


def baseline_search(query: str, queryset: QuerySet[Offer]):
    """Plain full-text search over the raw text, without the analyser: the benchmark baseline."""
    backend = get_search_backend()
    return backend.search(" ".join(words(query)), queryset, operator="or")


def _is_known(alternative: str | tuple[str, ...], known: frozenset[str]) -> bool:
    if isinstance(alternative, tuple):
        return all(t in known for t in alternative)
    return alternative in known


def _term(alternative: str | tuple[str, ...]):
    if isinstance(alternative, tuple):
        return And([PlainText(t) for t in alternative])
    return PlainText(alternative)


def _alternatives(group: list):
    return _term(group[0]) if len(group) == 1 else Or([_term(t) for t in group])


def _flat(groups: list[list]) -> list[str]:
    return [t if isinstance(t, str) else " + ".join(t) for g in groups for t in g]
