"""benchmarks/results.md: machine facts, every figure with its goal and PASS/MISS, how measured."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from pathlib import Path

from benchmarks.generate import PSQL, ROOT
from benchmarks.quality import GOAL_NDCG, GOAL_RECALL
from benchmarks.weight import GOAL_JS_KB, GOAL_TOTAL_KB

GOAL_SEARCH_P95_MS = 100
GOAL_RATIO = 0.3


def _command(args: list[str]) -> str:
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=20)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def machine_facts() -> dict[str, str]:
    import django

    meminfo = dict(line.split(":", 1) for line in open("/proc/meminfo").read().splitlines() if ":" in line)
    mem_kb = int(meminfo.get("MemTotal", "0 kB").split()[0])
    return {
        "date": _command(["date", "-u"]),
        "commit": _command(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
        + (
            " + uncommitted changes"
            if _command(["git", "-C", str(ROOT), "status", "--porcelain", "-uno"])
            else ""
        ),
        "machine": _command(["uname", "-m"]),
        "cpus": _command(["nproc"]),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": _command([*PSQL, "-c", "SHOW server_version"]),
        "sqlite": sqlite3.sqlite_version,
        "wrk": _command(["wrk", "--version"]).split(" [")[0],
        "gunicorn": _command([str(ROOT / ".venv" / "bin" / "gunicorn"), "--version"]),
    }


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def search_ok(r: dict) -> bool:
    """p95 under the goal, and no request lost: wrk's latencies leave out requests that timed out."""
    return r.get("p95", 1e9) < GOAL_SEARCH_P95_MS and r["errors"] + r["non_2xx"] == 0


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("PASS" if ok else "MISS")


def _load_section(load: dict, generation: dict, lines: list[str]) -> None:
    lines += ["## Load (gunicorn -w 2, wrk -t2 -c8)", ""]
    lines += [
        "| database | offers | page | requests | req/s | p50 ms | p95 ms | ratio to minimal | gzip HTML KB | errors |"
        " p95 goal < 100 ms (search) | ratio goal ≥ 0.3 |",
        "|" + "---|" * 11,
    ]
    for key, pages in load.items():
        kind, n = key
        if "error" in pages:
            lines.append(f"| {kind} | {n:,} | – | failed: {pages['error']} |" + " |" * 8)
            continue
        for name, r in pages.items():
            errors = r["errors"] + r["non_2xx"]
            p95_ok = search_ok(r) if name.startswith("search") else None
            ratio_ok = None if name == "minimal" else r["ratio"] >= GOAL_RATIO
            lines.append(
                f"| {kind} | {n:,} | {name} | {r.get('requests', 0)} | {r['rps']:.1f} | {ms(r.get('p50'))} | {ms(r.get('p95'))} "
                f"| {r['ratio']:.2f} | {r['gzip_html_kb']} | {errors} | {verdict(p95_ok)} | {verdict(ratio_ok)} |"
            )
    lines.append("")
    for name, label in (
        ("search", "repeated queries, page cache allowed"),
        ("search_cold", "every query new"),
    ):
        headline = load.get(("postgres", 100_000), {}).get(name)
        if headline:
            lines += [
                f"**Goal: search p95 < 100 ms at 100,000 offers on PostgreSQL ({label}): "
                f"{ms(headline.get('p95'))} ms — {verdict(search_ok(headline))}**",
                "",
            ]
    lines += [
        "`search` rotates through the query list, so after the first round anonymous readers get "
        "pages from the page cache (as they would for popular queries). `search_cold` adds a "
        "distinct parameter to every request, so no page comes from the cache: the cost of a new "
        "query.",
        "",
    ]
    lines += [
        "### Building the databases",
        "",
        "| database | offers | cached | migrate s | build s | insert s | index s | coverage rows |",
        "|" + "---|" * 8,
    ]
    for (kind, n), g in generation.items():
        if "error" in g:
            lines.append(f"| {kind} | {n:,} | failed: {g['error']} |" + " |" * 5)
            continue
        lines.append(
            f"| {kind} | {n:,} | {'yes' if g.get('cached') else 'no'} | {g.get('migrate_s', '–')} | "
            f"{g.get('build_s', '–')} | {g.get('insert_s', '–')} | {g.get('index_s', '–')} | "
            f"{g.get('coverage_rows', '–')} |"
        )
    lines += ["", "Times in the cached rows are from the run that built the database.", ""]


def _weight_section(weight: dict, lines: list[str]) -> None:
    lines += ["## Page weight (gzip level 6, first visit)", ""]
    if "error" in weight:
        lines += [f"Not measured: {weight['error']}", ""]
        return
    lines += [
        f"Served from the {weight.get('database', '?')} database.",
        "",
        "| page | path | status | HTML KB | CSS KB | JS KB | total KB | total ≤ 100 KB | JS ≤ 50 KB |",
        "|" + "---|" * 9,
    ]
    for name, w in weight.get("pages", {}).items():
        missing = f" (missing: {', '.join(w['missing'])})" if w["missing"] else ""
        lines.append(
            f"| {name} | `{w['path']}` | {w['status']} | {w['html_kb']} | {w['css_kb']} | {w['js_kb']} | "
            f"{w['total_kb']}{missing} | {verdict(w['total_kb'] <= GOAL_TOTAL_KB)} | "
            f"{verdict(w['js_kb'] <= GOAL_JS_KB)} |"
        )
    lines.append("")


def _quality_section(quality: dict, lines: list[str]) -> None:
    lines += ["## Search quality (demo data, judged queries)", ""]
    if "error" in quality:
        lines += [f"Not measured: {quality['error']}", ""]
        return
    lines += [
        "| database | queries | offers | recall@10 | nDCG@10 | baseline recall@10 | baseline nDCG@10 |"
        " recall ≥ 0.95 | nDCG ≥ 0.85 |",
        "|" + "---|" * 9,
    ]
    for kind, q in quality.items():
        if "error" in q:
            lines.append(f"| {kind} | failed: {q['error']} |" + " |" * 7)
            continue
        lines.append(
            f"| {kind} | {q['queries']} | {q['offers']} | {q['recall']:.3f} | {q['ndcg']:.3f} | "
            f"{q['baseline_recall']:.3f} | {q['baseline_ndcg']:.3f} | {verdict(q['recall'] >= GOAL_RECALL)} | "
            f"{verdict(q['ndcg'] >= GOAL_NDCG)} |"
        )
    lines.append("")
    for kind, q in quality.items():
        misses = [r for r in q.get("rows", []) if r["recall"] < 1.0]
        lines += [f"### Queries below recall 1.0 on {kind} ({len(misses)})", ""]
        for r in misses:
            missing = [s for s in r["relevant"] if s not in r["returned"]]
            lines.append(
                f"- «{r['query']}» recall {r['recall']:.2f}, nDCG {r['ndcg']:.2f}; missing "
                f"{', '.join(missing)}; top 10: {', '.join(r['returned']) or '(nothing)'}"
            )
        lines.append("")


HOW_MEASURED = """## How measured

- **Data**: `benchmarks/generate.py` builds one database per size and engine (SQLite file in /tmp,
  PostgreSQL database `veivalg_bench_N`), migrates it with `manage.py migrate`, and bulk-inserts
  providers (one per eight offers), offers and coverage (the owner municipality and up to two
  others in the same county) over all real municipalities and offer kinds. Titles and texts are
  combined from Norwegian word lists (`benchmarks/vocabulary.py`). The search text is made by the
  directory's analyser (cached per sentence) and indexed with modelsearch `add_bulk` in batches
  of 2,000. About 3 % of offers are unpublished and 2 % defunct. Databases are reused while the
  counts and word lists match (`--rebuild` after analyser changes); ANALYZE runs before each
  measurement, as autovacuum would have on a live database.
- **Load**: gunicorn with 2 sync workers on 127.0.0.1 (DEBUG off, whitenoise serving static
  files via finders), `benchmarks.bench_settings` adding `/bench/minimal/` (a view returning
  "ok"). Every page is fetched twice first (warm-up). wrk runs 2 threads and 8 connections for
  a fixed time per page; search cycles through 24 queries (`benchmarks/load.py`). p50 comes from
  wrk's latency distribution, p95 from wrk's Lua `done()` hook. Ratio = page req/s ÷ minimal
  req/s. wrk and the server share the same CPUs, so absolute figures are pessimistic.
- **Page weight**: HTML of each page type plus every `<link rel=stylesheet>` and `<script src>`
  it references, each gzipped at level 6 in Python; images and fonts are not counted.
- **Search quality**: a fresh database per engine with `load_demo_data`; for each query in
  `veivalg/directory/tests/judged_queries.json`, the first 10 results of `search_offers` and of
  `baseline_search` over `Offer.objects.published()`. recall@10 = share of the relevant offers
  in the top 10; nDCG@10 with binary relevance, ideal = all relevant offers first
  (`benchmarks/metrics.py`).
"""


def _information_section(information: dict, lines: list[str]) -> None:
    """Issue 4: article and annual-wheel pages, the 1,000-event feed, concurrent registrations."""
    if not information:
        return
    lines += ["## Information pages, feeds and registrations (issue 4)", ""]
    lines += ["| database | page | path | req/s | p50 ms | p95 ms | ratio to minimal | ratio goal ≥ 0.3 |"]
    lines += ["|---|---|---|---|---|---|---|---|"]
    for kind, result in information.items():
        if "error" in result:
            lines.append(f"| {kind} | error: {result['error']} | | | | | | |")
            continue
        for name, page in result.get("pages", {}).items():
            goal = "–" if name == "minimal" else verdict(page.get("ratio", 0) >= 0.3)
            lines.append(
                f"| {kind} | {name} | `{page.get('path')}` | {page.get('rps', 0):.1f} | {ms(page.get('p50'))} "
                f"| {ms(page.get('p95'))} | {page.get('ratio', 0):.2f} | {goal} |"
            )
    lines.append("")
    for kind, result in information.items():
        feed = result.get("feed")
        if feed:
            lines.append(
                f"- iCalendar feed with {feed['events']:,} events on {kind}: built in {feed['best_ms']} ms "
                f"(best of 5), {feed['bytes'] / 1024:.0f} KB."
            )
        run = result.get("registrations")
        if run:
            statuses = run.get("by_status", {})
            exact = (
                statuses.get("confirmed") == 100
                and run.get("total") == 500
                and not run.get("duplicated_emails")
            )
            lines.append(
                f"- 500 registrations for a 100-place event from 16 concurrent clients on {kind}: "
                f"{statuses.get('confirmed', 0)} confirmed, {statuses.get('waiting', 0)} waiting, "
                f"{run.get('total')} stored, {run.get('duplicated_emails')} doubled, in {run.get('seconds')} s "
                f"(p95 per sign-up {run.get('p95_ms')} ms) — {verdict(exact)}"
            )
    lines.append("")


def write_results(path, *, facts: dict, data: dict, quick: bool, seconds: float) -> None:
    lines = ["# Benchmark results", ""]
    if quick:
        lines += [
            "**Quick smoke run** (small database, short load runs): not comparable with a full run.",
            "",
        ]
    lines += [f"Run took {seconds / 60:.1f} minutes (`make bench`).", "", "| fact | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in facts.items()]
    lines.append("")
    _load_section(data["load"], data["generation"], lines)
    _weight_section(data["weight"], lines)
    _quality_section(data["quality"], lines)
    _information_section(data.get("information", {}), lines)
    lines.append(HOW_MEASURED)
    path.write_text("\n".join(lines), encoding="utf-8")


def replace_section(path: Path, section: str, start_mark: str, end_mark: str) -> None:
    """Put a section (which begins with `start_mark` and ends with `end_mark`) into the results
    file: in place of an earlier one, else before "How measured", else at the end. Each
    benchmark that can run alone (`run.py --only …`) updates only its own section this way."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if start_mark in text and end_mark in text:
        before, rest = text.split(start_mark, 1)
        text = before + section + rest.split(end_mark, 1)[1]
    elif "\n## How measured" in text:
        before, after = text.split("\n## How measured", 1)
        text = before.rstrip("\n") + "\n\n" + section + "\n\n## How measured" + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
