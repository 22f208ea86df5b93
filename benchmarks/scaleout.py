"""Issue 13 figures: public pages through one app server and through two, with Redis as the
shared cache on one PostgreSQL, and the time an editor's change on server A takes to show on B.

    .venv/bin/python benchmarks/run.py --only scaleout          # this section only (--quick: 2 s runs)

The servers are the scale-out job's (`tests/scaleout/cluster.py`): a fresh copy of the demo
directory, two gunicorn app servers with 2 workers each, two task workers, the scheduler, an SMTP
sink and the OIDC provider, all on the production settings module (`veivalg.settings`) with
CACHE_URL on Redis database 13 (emptied first) and its own PostgreSQL database.

1. Throughput: anonymous readers of the public pages kept in the page cache (a municipality,
   an offer, three searches), so after the first round they come from Redis. The load is always two wrk processes at the same time, -t1 -c4 each (2 threads
   and 8 connections in all), their requests summed. One server: both against A. Two servers:
   one against A and one against B, a round robin without building a balancer. And one server
   with as many gunicorn workers as the two together (C, -w 4), both wrk against it, so that
   what two servers change can be told apart from what more processes change. The three run in turn, ROUNDS times; each figure is the median. wrk, the
   servers, PostgreSQL and Redis share the machine's cores, so this shows what a second server
   costs or gains on one machine, not what a second machine would add.
2. An edit seen on the other server: the editor (signed in on A with password and code)
   publishes a new number of places for an offer in Wagtail, EDITS times at uneven intervals;
   an anonymous reader asks B for the offer page every 20 ms from the moment the publish
   answered until B shows the new number. Median and largest time.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import _percentile_script, fetch, parse_wrk  # noqa: E402
from tests.scaleout.cluster import DEMO_PASSWORD, postgres_reachable, redis_reachable, running_cluster  # noqa: E402

START_MARK = "<!-- scaleout:start -->"
END_MARK = "<!-- scaleout:end -->"
DATABASE = "veivalg_bench_scaleout"
REDIS_URL = "redis://127.0.0.1:6379/13"
EDITS, QUICK_EDITS = 12, 4
ROUNDS, QUICK_ROUNDS = 3, 1
# The test's promise (tests/scaleout/test_scaleout.py, EDIT_SEEN_WITHIN_SECONDS).
EDIT_BOUND_SECONDS = 10.0


def public_paths(facts: dict) -> list[str]:
    """Public pages anonymous readers get from the page cache (the home page, the event list and
    an event's page are made afresh for every reader, so they would measure something else)."""
    return [
        "/kommune/3201-baerum/",
        f"/tilbud/{facts['offer_slug']}/",
        "/sok/?q=arbeid",
        "/sok/?q=dagtilbud",
        "/sok/?q=arbeidstrening+b%C3%A6rum",
    ]


def wrk_process(
    base: str, paths: list[str], seconds: int, threads: int, connections: int
) -> subprocess.Popen:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(paths) + "\n")
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        _percentile_script(),
        base + paths[0],
        "--",
        f.name,
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wrk_result(process: subprocess.Popen, seconds: int) -> dict:
    out, _ = process.communicate(timeout=seconds + 60)
    result = parse_wrk(out)
    if match := re.search(r"^p95_us\s+([\d.]+)", out, re.M):
        result["p95"] = float(match.group(1)) / 1000
    return result


def throughput(servers: list[str], paths: list[str], seconds: int) -> dict:
    """One wrk -t1 -c4 per entry in `servers` (a server may be named twice), all at once."""
    processes = [wrk_process(s, paths, seconds, 1, 4) for s in servers]
    parts = [wrk_result(p, seconds) for p in processes]
    return {
        "rps": sum(p["rps"] for p in parts),
        "requests": sum(p.get("requests", 0) for p in parts),
        "errors": sum(p["errors"] + p["non_2xx"] for p in parts),
        # The slower wrk's figure: what a reader sent there sees.
        "p50": max(p.get("p50", 0) for p in parts),
        "p95": max(p.get("p95", 0) for p in parts),
        "per_wrk_rps": [round(p["rps"], 1) for p in parts],
    }


def edit_seen_times(cluster, edits: int, log=print) -> list[dict]:
    """Per edit: seconds from the offer's save (its `updated_at`, written in the publish
    request's transaction) and from the publish request's answer until B shows the change."""
    from tests.scaleout.web import Reader, publish_offer_places, shows_places, sign_in_editor

    a, b = cluster.app("app-a"), cluster.app("app-b")
    facts = cluster.facts
    offer_page = f"/tilbud/{facts['offer_slug']}/"
    editor = Reader(source="127.0.1.2")
    sign_in_editor(editor, a, username=facts["editor"], password=DEMO_PASSWORD)
    pauses = random.Random(13)
    times = []
    for number in range(edits):
        places = facts["offer_places"] + number + 1
        shows_places(b, offer_page, places - 1)  # B has the current page in the cache
        time.sleep(pauses.uniform(0, 2.5))  # land anywhere in B's 2-second version memory
        publish_offer_places(editor, a, facts["offer_id"], places)
        answered = time.time()
        while not shows_places(b, offer_page, places):
            if time.time() - answered > 60:
                raise RuntimeError("B did not show the edit within 60 s")
            time.sleep(0.02)
        seen = time.time()
        [(saved,)] = cluster.sql(
            "SELECT extract(epoch FROM updated_at) FROM directory_offer WHERE id = %s", [facts["offer_id"]]
        )
        times.append({"from_save": seen - float(saved), "from_answer": seen - answered})
        log(
            f"    edit {number + 1}: seen on B {times[-1]['from_save']:.2f} s after the save, "
            f"{times[-1]['from_answer']:.2f} s after the publish answered"
        )
    editor.close()
    return times


def run_scaleout(*, quick: bool = False, seconds: int = 10, log=print) -> dict:
    if not postgres_reachable():
        return {"error": "no PostgreSQL on 127.0.0.1:5432"}
    if not redis_reachable():
        return {"error": "no Redis on 127.0.0.1:6379"}
    folder = Path(tempfile.mkdtemp(prefix="veivalg_bench_scaleout_"))
    log(f"  starting two app servers, two workers, scheduler, SMTP sink, OIDC (logs in {folder})")
    with running_cluster(folder, database=DATABASE, redis_url=REDIS_URL) as cluster:
        cluster.start_app("app-c", workers=4)
        cluster.wait_until_ready()
        a, b, c = cluster.app("app-a"), cluster.app("app-b"), cluster.app("app-c")
        paths = public_paths(cluster.facts)
        statuses = {}
        for server in (a, b, c):
            for path in paths:
                for _ in range(2):  # warm-up: the page into Redis
                    statuses[path] = fetch(server + path, timeout=60)[0]
        bad = {path: status for path, status in statuses.items() if status != 200}
        if bad:
            raise RuntimeError(f"public pages did not answer 200: {bad}")
        result: dict = {"paths": paths, "seconds": seconds}
        setups = {"one": [a, a], "two": [a, b], "one_w4": [c, c]}
        runs: dict[str, list[dict]] = {name: [] for name in setups}
        for round_number in range(QUICK_ROUNDS if quick else ROUNDS):
            for name, servers in setups.items():
                runs[name].append(throughput(servers, paths, seconds))
                log(f"  round {round_number + 1}, {name}: {runs[name][-1]['rps']:.0f} req/s")
        for name, results in runs.items():
            result[name] = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
            result[name]["all_rps"] = [round(r["rps"]) for r in results]
        log("  an edit on A, seen on B")
        result["edit_seconds"] = edit_seen_times(cluster, QUICK_EDITS if quick else EDITS, log=log)
    result["load_at_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return result


def format_section(data: dict, *, quick: bool, facts: dict) -> str:
    lines = [START_MARK, "## Scale-out: two app servers on one PostgreSQL and one Redis (issue 13)", ""]
    lines.append(
        f"Measured {facts['date']} on {facts['cpus']} CPUs ({facts['machine']}, load average at start "
        f"{facts['load average at start']}), commit {facts['commit']}, with "
        "`benchmarks/run.py --only scaleout`"
        + (" (quick run: short load runs, fewer edits)." if quick else ".")
    )
    lines.append("")
    if "error" in data:
        lines += [f"Not measured: {data['error']}", "", END_MARK]
        return "\n".join(lines)
    one, two, four = data["one"], data["two"], data["one_w4"]
    lines += [
        f"Anonymous readers of {len(data['paths'])} public pages in turn (a municipality, an offer, three "
        "searches), served from the page cache in Redis after the first round, "
        f"{data['seconds']} s per run (load average at the end of the run "
        f"{data.get('load_at_end', '–')}):",
        "",
        "| set-up | the two wrk -t1 -c4 go to | req/s | p50 ms | p95 ms | errors |",
        "|---|---|---|---|---|---|",
        f"| one app server (gunicorn -w 2) | A and A | {one['rps']:.0f} | {one['p50']:.1f} | "
        f"{one['p95']:.1f} | {one['errors']} |",
        f"| two app servers (gunicorn -w 2 each) | A and B "
        f"({' + '.join(f'{r:.0f}' for r in two['per_wrk_rps'])}) | {two['rps']:.0f} | "
        f"{two['p50']:.1f} | {two['p95']:.1f} | {two['errors']} |",
        f"| one app server with as many workers as the two (gunicorn -w 4) | C and C | "
        f"{four['rps']:.0f} | {four['p50']:.1f} | {four['p95']:.1f} | {four['errors']} |",
        "",
        f"Each row is the median of {len(one['all_rps'])} runs taken in turn (req/s of every run: one "
        f"server {one['all_rps']}, two servers {two['all_rps']}, one server -w 4 {four['all_rps']}). "
        f"Two servers answered {two['rps'] / one['rps']:.2f} times the requests of one, and "
        f"{two['rps'] / four['rps']:.2f} times those of one server with the same four workers.",
        "",
    ]
    times = data["edit_seconds"]
    from_save = [t["from_save"] for t in times]
    from_answer = [t["from_answer"] for t in times]
    lines += [
        f"An editor's change published on A (Wagtail, a new number of places for an offer), seen by "
        f"an anonymous reader on B, {len(times)} edits:",
        "",
        "| measured from | median s | largest s |",
        "|---|---|---|",
        f"| the offer's save on A (`updated_at`) | {statistics.median(from_save):.2f} | {max(from_save):.2f} |",
        f"| the publish request's answer | {statistics.median(from_answer):.2f} | {max(from_answer):.2f} |",
        "",
        f"The scale-out test allows {EDIT_BOUND_SECONDS:.0f} s. Each app server process re-reads the "
        "directory's version at most every `DIRECTORY_VERSION_SECONDS` (2 s), so a change shows on "
        "another server within about 2 s of the save; the publish answered a median "
        f"{statistics.median([s - a for s, a in zip(from_save, from_answer, strict=True)]):.2f} s after it.",
        "",
        "wrk, the app servers (the task workers idle beside them), PostgreSQL and Redis share the "
        "same cores, so a second server on this machine cannot add CPU: the rows compare readers "
        "spread over two servers with a shared cache against one server on the same cores, not "
        "what a second machine would add. Other work on the machine (the load average above) takes "
        "its share of the cores too, and a set-up with more gunicorn processes gets a larger share "
        "of a contended machine; the -w 4 row shows how much of a difference is that. Method: "
        "see `benchmarks/scaleout.py`.",
        "",
        END_MARK,
    ]
    return "\n".join(lines)


def update_results(path: Path, section: str) -> None:
    from benchmarks.report import replace_section

    replace_section(path, section, START_MARK, END_MARK)


def run_section(output: Path, *, quick: bool = False, seconds: int = 10, log=print) -> None:
    from benchmarks.report import machine_facts

    facts = machine_facts()
    log("== scale-out (issue 13): two app servers, PostgreSQL and Redis")
    try:
        data = run_scaleout(quick=quick, seconds=seconds, log=log)
    except Exception as error:  # noqa: BLE001 (the report says what failed)
        log(f"  scale-out failed: {error}")
        data = {"error": str(error).splitlines()[0][:200] if str(error) else type(error).__name__}
    update_results(output, format_section(data, quick=quick, facts=facts))
    log(f"updated the scale-out section of {output}")
