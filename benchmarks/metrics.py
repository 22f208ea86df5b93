"""Ranking metrics for the search-quality benchmark (binary relevance)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def recall_at_k(returned: Sequence[str], relevant: Sequence[str], k: int = 10) -> float:
    """Share of the relevant items found in the first k results (1.0 when nothing is relevant)."""
    wanted = set(relevant)
    if not wanted:
        return 1.0
    return len(wanted & set(returned[:k])) / len(wanted)


def dcg_at_k(returned: Sequence[str], relevant: Sequence[str], k: int = 10) -> float:
    wanted = set(relevant)
    return sum(1 / math.log2(rank + 2) for rank, item in enumerate(returned[:k]) if item in wanted)


def ndcg_at_k(returned: Sequence[str], relevant: Sequence[str], k: int = 10) -> float:
    """DCG of the ranking divided by the DCG of the ideal one (all relevant items first)."""
    ideal = dcg_at_k(list(dict.fromkeys(relevant)), relevant, k)
    if ideal == 0:
        return 1.0
    return dcg_at_k(list(dict.fromkeys(returned)), relevant, k) / ideal


def self_test() -> None:
    """Known answers: a perfect ranking scores 1.0, a miss 0.0, and partial cases by hand."""
    rel = ["a", "b"]
    assert recall_at_k(["a", "b", "c"], rel) == 1.0
    assert ndcg_at_k(["a", "b", "c"], rel) == 1.0
    assert ndcg_at_k(["b", "a"], rel) == 1.0  # order among relevant items does not matter
    assert recall_at_k(["x", "y"], rel) == 0.0 and ndcg_at_k(["x", "y"], rel) == 0.0
    assert recall_at_k(["a", "x"], rel) == 0.5
    # One relevant item at rank 2 of one: (1/log2 3) / 1.
    assert math.isclose(ndcg_at_k(["x", "a"], ["a"]), 1 / math.log2(3))
    # Relevant items beyond k do not count.
    assert recall_at_k([*"xxxxxxxxxx", "a"], ["a"]) == 0.0
    # Two relevant at ranks 1 and 3: (1 + 1/2) / (1 + 1/log2 3).
    assert math.isclose(ndcg_at_k(["a", "x", "b"], rel), 1.5 / (1 + 1 / math.log2(3)))
    # More relevant than k: the ideal is capped at k too, so a full page of hits is perfect.
    many = [str(i) for i in range(15)]
    assert ndcg_at_k(many[:10], many) == 1.0 and recall_at_k(many[:10], many) == 10 / 15
