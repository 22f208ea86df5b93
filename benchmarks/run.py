"""`make bench`: load, page weight and search quality, written to benchmarks/results.md.

    .venv/bin/python benchmarks/run.py            # full run: 10,000 and 100,000 offers
    .venv/bin/python benchmarks/run.py --quick    # smoke run (or BENCH_QUICK=1 make bench)
    .venv/bin/python benchmarks/run.py --self-test
    .venv/bin/python benchmarks/run.py --only access_log   # one section; updates only its part
    .venv/bin/python benchmarks/run.py --only stats        # statistics (issue 7) only
    .venv/bin/python benchmarks/run.py --only placements   # flow-meeting agenda (issue 7) only
    .venv/bin/python benchmarks/run.py --only scaleout     # two app servers, PostgreSQL and Redis (issue 13)

A quick run writes /tmp/veivalg_bench_results_quick.md so the committed results stay a full run.
Everything talks to 127.0.0.1 only; every server started here is stopped before the run ends.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import access_log, metrics, scaleout  # noqa: E402
from benchmarks import stats as stats_bench  # noqa: E402
from benchmarks.generate import (  # noqa: E402
    PSQL,
    django_env,  # noqa: E402
    ensure_database,
)
from benchmarks.information import information_paths, run_information  # noqa: E402
from benchmarks.intake import run_section as run_intake_section  # noqa: E402
from benchmarks.load import gunicorn, parse_wrk, run_load, wrk  # noqa: E402
from benchmarks.placements import run_section as run_placements_section  # noqa: E402
from benchmarks.quality import missing_inputs, prepare_demo_database, run_quality  # noqa: E402
from benchmarks.report import machine_facts, write_results  # noqa: E402
from benchmarks.weight import run_weight  # noqa: E402

RESULTS = Path(__file__).with_name("results.md")
QUICK_RESULTS = Path("/tmp/veivalg_bench_results_quick.md")

WRK_SAMPLE = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 8 connections
  Latency Distribution
     50%   12.50ms
     75%  800.00us
     90%    1.20s
     99%    2.00s
  1234 requests in 10.00s, 1.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:    123.40
"""


def self_test() -> None:
    metrics.self_test()
    parsed = parse_wrk(WRK_SAMPLE)
    assert parsed["p50"] == 12.5 and parsed["p75"] == 0.8 and parsed["p90"] == 1200.0, parsed
    assert parsed["rps"] == 123.4 and parsed["requests"] == 1234, parsed
    assert parsed["errors"] == 3 and parsed["non_2xx"] == 5, parsed


def postgres_available() -> bool:
    import subprocess

    return subprocess.run([*PSQL, "-c", "SELECT 1"], capture_output=True).returncode == 0


def log(message: str) -> None:
    print(message, flush=True)


def guarded(what: str, action):
    """Run one benchmark step; a failure is reported in the results instead of ending the run."""
    try:
        return action()
    except Exception as error:  # noqa: BLE001 (the report says what failed)
        traceback.print_exc()
        log(f"  {what} failed: {error}")
        return {"error": str(error).splitlines()[0][:200] if str(error) else type(error).__name__}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 1,000 offers, 2-second load runs")
    parser.add_argument("--rebuild", action="store_true", help="build the generated databases afresh")
    parser.add_argument(
        "--self-test", action="store_true", help="check the metric and wrk parsers, then stop"
    )
    parser.add_argument(
        "--output", type=Path, help="where to write the results (default benchmarks/results.md)"
    )
    parser.add_argument(
        "--only",
        choices=["access_log", "intake_load", "stats", "placements", "scaleout"],
        help="run one section and update only its part of the results",
    )
    args = parser.parse_args()
    self_test()
    if args.self_test:
        log("self-test passed")
        return 0
    quick = args.quick or os.environ.get("BENCH_QUICK", "") not in {"", "0", "false"}
    sizes = [1_000] if quick else [10_000, 100_000]
    seconds = 2 if quick else 10
    output = args.output or (QUICK_RESULTS if quick else RESULTS)
    if args.only == "access_log":
        run_access_log_section(output, quick, seconds, args.rebuild)
        return 0
    if args.only == "placements":
        log("== flow meetings (issue 7)")
        run_placements_section(output, quick=quick, log=log)
        return 0
    if args.only == "stats":
        stats_bench.run_section(output, quick=quick, rebuild=args.rebuild, log=log)
        return 0
    if args.only == "intake_load":
        run_intake_load_section(output, quick, seconds)
        return 0
    if args.only == "scaleout":
        scaleout.run_section(output, quick=quick, seconds=seconds, log=log)
        return 0
    kinds = ["sqlite", "postgres"] if postgres_available() else ["sqlite"]
    started = time.perf_counter()
    facts = machine_facts()
    data: dict = {"generation": {}, "load": {}, "weight": {}, "quality": {}}

    for n in sizes:
        for kind in kinds:
            log(f"== {kind}, {n:,} offers")
            generation = guarded(
                "generation", lambda kind=kind, n=n: ensure_database(kind, n, log=log, rebuild=args.rebuild)
            )
            data["generation"][(kind, n)] = generation
            if "error" in generation:
                data["load"][(kind, n)] = {"error": "no database"}
                continue
            data["load"][(kind, n)] = guarded(
                "load", lambda url=generation["url"]: run_load(url, seconds, log=log)
            )

    demo_urls: dict[str, str] = {}
    missing = missing_inputs()
    if missing:
        data["quality"] = {"error": f"not present yet: {', '.join(missing)}"}
    else:
        for kind in kinds:
            log(f"== search quality on {kind} demo data")
            url = guarded("demo data", lambda kind=kind: prepare_demo_database(kind))
            if isinstance(url, dict):
                data["quality"][kind] = url
                continue
            demo_urls[kind] = url
            data["quality"][kind] = guarded("quality", lambda url=url: run_quality(url))

    data["information"] = {}
    for kind, url in demo_urls.items():
        log(f"== information pages, feed and registrations on {kind}")
        data["information"][kind] = guarded(
            "information",
            lambda url=url: run_information(
                url, django_env, gunicorn, wrk, information_paths, seconds, log=log
            ),
        )

    log("== page weight")
    if "sqlite" in demo_urls:
        weight_db, weight_url = "demo (SQLite)", demo_urls["sqlite"]
    else:
        weight_db, weight_url = (
            f"generated {sizes[0]:,}-offer (SQLite)",
            data["generation"][("sqlite", sizes[0])].get("url"),
        )

    def measure_weight() -> dict:
        with gunicorn(weight_url) as base:
            return {"database": weight_db, "pages": run_weight(base)}

    data["weight"] = guarded("weight", measure_weight) if weight_url else {"error": "no database"}
    write_results(output, facts=facts, data=data, quick=quick, seconds=time.perf_counter() - started)
    if "postgres" in kinds:
        run_access_log_section(output, quick, seconds, args.rebuild)
    if "postgres" in kinds:
        run_intake_load_section(output, quick, seconds)
    log("== decision letters (issue 6)")
    run_intake_section(output, quick=quick, log=log)
    stats_bench.run_section(output, quick=quick, rebuild=args.rebuild, log=log)
    log("== flow meetings (issue 7)")
    run_placements_section(output, quick=quick, log=log)
    scaleout.run_section(output, quick=quick, seconds=seconds, log=log)
    log(f"wrote {output}")
    return 0


# --- access log (issue 5): its own section, so `--only access_log` can update it alone ----------


def run_access_log_section(output: Path, quick: bool, seconds: int, rebuild: bool) -> None:
    """Write cost and the own-log page with 10 million entries (PostgreSQL), into `output`."""
    log("== access log (issue 5) on postgres")
    if not postgres_available():
        data = {"error": "no PostgreSQL on 127.0.0.1:5432"}
    else:
        data = guarded(
            "access log",
            lambda: access_log.run_access_log(quick=quick, seconds=seconds, rebuild=rebuild, log=log),
        )
    access_log.update_results(output, access_log.format_section(data, quick=quick))
    log(f"updated the access-log section of {output}")


# --- intake under load (issue 6): submissions through locust, the caseworkers' queue -------------


def run_intake_load_section(output: Path, quick: bool, seconds: int) -> None:
    from benchmarks import intake_load

    log("== intake under load (issue 6) on postgres")
    if not postgres_available():
        data = {"error": "no PostgreSQL on 127.0.0.1:5432"}
    else:
        data = guarded(
            "intake load", lambda: intake_load.run_intake_load(quick=quick, seconds=seconds, log=log)
        )
    intake_load.update_results(output, intake_load.format_section(data, quick=quick))
    log(f"updated the intake-load section of {output}")


if __name__ == "__main__":
    sys.exit(main())
