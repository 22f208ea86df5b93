"""Load: gunicorn (2 workers) driven by wrk on 127.0.0.1, one page type at a time.

The server runs the project with benchmarks.bench_settings, which adds one minimal Django view
at /bench/minimal/; each page's requests/s is divided by the minimal view's to give the ratio.
The search benchmark rotates through QUERIES with a small wrk Lua script (rotate.lua).
"""

from __future__ import annotations

import contextlib
import gzip
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.generate import ROOT, django_env

GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
ROTATE_LUA = str(Path(__file__).with_name("rotate.lua"))
MUNICIPALITY_PATH = "/kommune/4601-bergen/"
# Broad and narrow, bokmål and nynorsk, abbreviations, compounds, a typo and place names.
QUERIES = [
    "vta",
    "dagtilbud",
    "dagtilbod voss",
    "arbeidstrening",
    "sykkelverksted",
    "folkehøgskule",
    "støttekontakt",
    "kafé",
    "lærekandidat",
    "jobb for ungdom",
    "tilrettelagt opplæring bergen",
    "fritid",
    "aft",
    "svømming",
    "vaskeri",
    "ips",
    "varig tilrettelagt arbeid",
    "arbeidstrenning",
    "gartneri asker",
    "kurs for voksne",
    "bowling",
    "teater trondheim",
    "kjøpte plasser",
    "dans",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int = 2):
    """A running gunicorn on a free local port; yields its base URL and always stops it."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="veivalg_bench_gunicorn_", suffix=".log", delete=False)
    env = django_env(database_url, DJANGO_SETTINGS_MODULE="benchmarks.bench_settings")
    process = subprocess.Popen(
        [
            GUNICORN,
            "benchmarks.bench_wsgi:application",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {Path(log.name).read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                if fetch(base + "/bench/minimal/", timeout=2)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.3)
        yield base
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def parse_wrk(output: str) -> dict:
    """Requests/s, p50/p95/p99 latency in ms, and error counts from `wrk --latency` output."""
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
    result: dict = {"rps": 0.0, "errors": 0, "non_2xx": 0}
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M):
        result[f"p{pct}"] = float(value) * units[unit]
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result["non_2xx"] = int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        result["errors"] = sum(int(g) for g in match.groups())
        result["timeouts"] = int(match.group(4))
    return result


def wrk(base: str, paths: list[str], seconds: int) -> dict:
    """wrk -t2 -c8 over the paths (rotating) for a bounded time; adds p95 from the raw latencies."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(paths) + "\n")
    script = _percentile_script()
    command = [
        "wrk",
        "-t2",
        "-c8",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        script,
        base + paths[0],
        "--",
        f.name,
    ]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    result = parse_wrk(out.stdout)
    if match := re.search(r"^p95_us\s+([\d.]+)", out.stdout, re.M):
        result["p95"] = float(match.group(1)) / 1000
    if not result.get("requests"):  # nothing finished within wrk's 10 s timeout
        for key in ("p50", "p75", "p90", "p95", "p99"):
            result.pop(key, None)
    return result


def _percentile_script() -> str:
    """rotate.lua plus a done() hook printing the 95th percentile wrk's summary leaves out."""
    path = Path(tempfile.gettempdir()) / "veivalg_bench_rotate_p95.lua"
    path.write_text(
        Path(ROTATE_LUA).read_text() + "\nfunction done(summary, latency, requests)\n"
        '  io.write(string.format("p95_us %d\\n", latency:percentile(95)))\nend\n'
    )
    return str(path)


def warm_fetch(url: str) -> tuple[int | str, bytes]:
    try:
        return fetch(url, timeout=30)
    except (TimeoutError, urllib.error.URLError):
        return "timeout", b""


def discover_pages(base: str) -> dict[str, str]:
    """Paths of one offer and one provider, found by following links from the municipality page."""
    pages = {"minimal": "/bench/minimal/", "municipality": MUNICIPALITY_PATH}
    _, html = fetch(base + MUNICIPALITY_PATH, timeout=120)
    if match := re.search(rb'href="(/tilbud/[\w-]+/)"', html):
        pages["offer"] = match.group(1).decode()
        _, offer_html = fetch(base + pages["offer"])
        if match := re.search(rb'href="(/tilbyder/[\w-]+/)"', offer_html):
            pages["provider"] = match.group(1).decode()
    return pages


def search_paths() -> list[str]:
    return [f"/sok/?{urllib.parse.urlencode({'q': q})}" for q in QUERIES]


def run_load(database_url: str, seconds: int = 10, log=print) -> dict:
    """Each page type under load against one database: rps, p50/p95, size and ratio to minimal."""
    results: dict[str, dict] = {}
    with gunicorn(database_url) as base:
        pages = discover_pages(base)
        # Search last: on a slow database its requests outlive the wrk run and would hold the
        # workers during the next page's run (gunicorn's --timeout ends them within 30 s).
        plan = {"minimal": [pages["minimal"]], "municipality": [pages["municipality"]]}
        if "offer" in pages:
            plan["offer"] = [pages["offer"]]
        plan["search"] = search_paths()
        # A distinct parameter per request defeats the page cache: what a new query costs.
        plan["search_cold"] = [f"{p}&variant={i}" for i in range(200) for p in search_paths()]
        for name, paths in plan.items():
            sizes, statuses = [], set()
            for path in paths[:1]:  # warm-up (caches in both workers); note status and size
                for _ in range(2):
                    status, body = warm_fetch(base + path)
                statuses.add(str(status))
                if body:
                    sizes.append(len(gzip.compress(body, 6)))
            result = wrk(base, paths, seconds)
            result.update(
                path=paths[0] if len(paths) == 1 else f"{len(paths)} queries",
                statuses=sorted(statuses),
                gzip_html_kb=round(sum(sizes) / len(sizes) / 1024, 1) if sizes else None,
            )
            results[name] = result
            log(
                f"    {name}: {result['rps']:.0f} req/s, p50 {result.get('p50', '–')} ms, "
                f"p95 {result.get('p95', '–')} ms, timeouts {result.get('timeouts', 0)}, statuses {result['statuses']}"
            )
    minimal = results["minimal"]["rps"] or 1.0
    for result in results.values():
        result["ratio"] = round(result["rps"] / minimal, 3)
    return results
