"""Search quality on the demo data: recall@10 and nDCG@10 over the judged queries.

`prepare_demo_database(kind)` builds a fresh database (migrate + load_demo_data);
`python -m benchmarks.quality` then runs inside Django on it and prints JSON: per query, what
`search_offers` and the plain `baseline_search` return, with both metrics for each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import PYTHON, ROOT, database_url, django_env, migrate, recreate_database

JUDGED_QUERIES = Path(
    os.environ.get("BENCH_JUDGED_QUERIES", ROOT / "veivalg" / "directory" / "tests" / "judged_queries.json")
)
DEMO_COMMAND = ROOT / "veivalg" / "demo" / "management" / "commands" / "load_demo_data.py"
DEMO_DB = "veivalg_bench_demo"
K = 10
GOAL_RECALL = 0.95
GOAL_NDCG = 0.85


def missing_inputs() -> list[str]:
    return [str(p) for p in (JUDGED_QUERIES, DEMO_COMMAND) if not p.exists()]


def prepare_demo_database(kind: str) -> str:
    """A fresh database with the demo data; returns its URL."""
    url = database_url(kind, DEMO_DB)
    recreate_database(kind, DEMO_DB)
    migrate(url)
    subprocess.run(
        [PYTHON, "manage.py", "load_demo_data"],
        cwd=ROOT,
        env=django_env(url),
        check=True,
        capture_output=True,
    )
    return url


def run_quality(url: str) -> dict:
    """The judged queries against the demo database at `url`, in a Django subprocess."""
    out = subprocess.run(
        [PYTHON, "-m", "benchmarks.quality"], cwd=ROOT, env=django_env(url), capture_output=True, text=True
    )
    if out.returncode != 0:
        raise RuntimeError(f"benchmarks.quality failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _evaluate() -> dict:
    from benchmarks.metrics import ndcg_at_k, recall_at_k
    from veivalg.directory.models import Offer
    from veivalg.directory.search import baseline_search, search_offers

    judged = json.loads(JUDGED_QUERIES.read_text(encoding="utf-8"))
    rows = []
    for item in judged:
        query, relevant = item["query"], item["relevant"]
        started = time.perf_counter()
        ranked = [o.slug for o in search_offers(query, Offer.objects.published()).results[:K]]
        elapsed_ms = (time.perf_counter() - started) * 1000
        baseline = [o.slug for o in baseline_search(query, Offer.objects.published())[:K]]
        rows.append(
            {
                "query": query,
                "relevant": relevant,
                "note": item.get("note", ""),
                "returned": ranked,
                "baseline_returned": baseline,
                "recall": recall_at_k(ranked, relevant, K),
                "ndcg": ndcg_at_k(ranked, relevant, K),
                "baseline_recall": recall_at_k(baseline, relevant, K),
                "baseline_ndcg": ndcg_at_k(baseline, relevant, K),
                "ms": round(elapsed_ms, 1),
            }
        )
    n = len(rows) or 1
    summary = {
        key: round(sum(r[key] for r in rows) / n, 3)
        for key in ("recall", "ndcg", "baseline_recall", "baseline_ndcg")
    }
    return {"queries": len(rows), "offers": Offer.objects.published().count(), **summary, "rows": rows}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veivalg.settings")
    django.setup()
    print(json.dumps(_evaluate(), ensure_ascii=False))
