"""The judged query set: real queries with the demo offers that must come first.

Runs on the database the suite runs on (SQLite and PostgreSQL in CI). `make bench` reports the
same figures beside the plain full-text baseline.
"""

import json
import math
from pathlib import Path

import pytest
from django.core.management import call_command

from veivalg.directory.models import Offer
from veivalg.directory.search import baseline_search, search_offers

JUDGED = json.loads((Path(__file__).parent / "judged_queries.json").read_text(encoding="utf-8"))


def recall_at_10(ranked: list[str], relevant: list[str]) -> float:
    return sum(1 for slug in relevant if slug in ranked[:10]) / len(relevant)


def ndcg_at_10(ranked: list[str], relevant: list[str]) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, slug in enumerate(ranked[:10]) if slug in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return dcg / ideal


def test_metrics_are_right_on_known_rankings():
    assert recall_at_10(["a", "b"], ["a", "b"]) == 1.0 == ndcg_at_10(["a", "b"], ["a", "b"])
    assert recall_at_10(["x", "a"], ["a", "b"]) == 0.5
    assert ndcg_at_10(["x", "a"], ["a"]) == pytest.approx(1 / math.log2(3))


@pytest.mark.django_db
def test_judged_queries_find_the_right_offers_first():
    assert len(JUDGED) >= 40
    call_command("load_demo_data", verbosity=0)
    published = Offer.objects.published()
    ours, baseline = [], []
    for judged in JUDGED:
        ranked = [o.slug for o in search_offers(judged["query"], published).results[:10]]
        plain = [o.slug for o in baseline_search(judged["query"], published)[:10]]
        ours.append((recall_at_10(ranked, judged["relevant"]), ndcg_at_10(ranked, judged["relevant"])))
        baseline.append((recall_at_10(plain, judged["relevant"]), ndcg_at_10(plain, judged["relevant"])))
    recall = sum(r for r, _ in ours) / len(ours)
    ndcg = sum(n for _, n in ours) / len(ours)
    assert recall >= 0.95, f"recall@10 {recall:.3f}"
    assert ndcg >= 0.85, f"nDCG@10 {ndcg:.3f}"
    assert ndcg > sum(n for _, n in baseline) / len(baseline)
