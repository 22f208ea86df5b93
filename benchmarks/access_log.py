"""Issue 5 figures: what writing an access-log entry costs a person page, and a person's own
access log (`/min-side/hvem-har-sett/`) with 10 million entries in the table, on PostgreSQL.

    .venv/bin/python benchmarks/run.py --only access_log   # this section only (updates its part
                                                           # of results.md; --quick: 200,000 rows)

The database `veivalg_bench_audit` is migrated, then filled in SQL (INSERT … SELECT over
generate_series): 100,000 people and ROWS entries, one person in every 2,000 rows being the
"target", who therefore has ROWS / 2,000 entries (5,000 at 10 million) spread over the whole
table, as a real log's rows would be. Secondary indexes are dropped for the load and rebuilt from
their own definitions afterwards, and foreign-key triggers are skipped for the load only
(`session_replication_role = replica`; the rows are consistent by construction). The database is
reused while its marker file matches and the seeded rows are all there. Entries are only ever
inserted: the table's trigger refuses UPDATE and DELETE, and nothing here tries either.

Both figures go over HTTP, with the machinery of `load.py`: gunicorn (2 sync workers) with
`benchmarks.bench_settings`, driven by wrk with a signed-in session cookie (a Django session row
made with the test client's `force_login`; the sign-in itself is not part of the page).

1. Write cost: a relative (guardian) acting for a participant reads the participant's consents
   page, which writes one entry per read (`person_view(..., what="samtykker")`). The same page
   is served by a gunicorn whose WSGI factory (`wsgi_application(log_reads=False)` below) swaps
   `veivalg.accounts.decorators.log_read` for a no-op in the benchmark process only; production
   code has no switch. Runs alternate off/on in ROUNDS pairs; ratio = mean page time with ÷ without
   (= requests/s without ÷ with, since wrk keeps the workers busy), the median over the pairs, so
   that other work on the machine, which changes from minute to minute, hits both sides alike.
2. Own log: the target person reads page 1 and a deep page (the middle of their log) of their own
   access log; p95 under wrk -t2 -c8 (the suite's standard) and with one connection (the
   latency one reader sees). EXPLAIN (ANALYZE) of the page and count queries shows the index.

    python -m benchmarks.access_log prepare   # (in a Django env) users, sessions; JSON out
    python -m benchmarks.access_log explain   # (in a Django env) plans of the log queries; JSON out
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import PSQL, PYTHON, database_url, django_env, migrate  # noqa: E402
from benchmarks.load import GUNICORN, _percentile_script, fetch, free_port, parse_wrk  # noqa: E402

ROWS = 10_000_000
QUICK_ROWS = 200_000
PEOPLE = 100_000
TARGET_EVERY = 2_000  # every 2,000th row belongs to the target person
BLOCKS = 12  # in-process off/on pairs of 40 reads
ROUNDS = 4  # off/on pairs for the write cost; the ratio is the median of the pairs
GENERATOR_VERSION = "1"
GOAL_WRITE_RATIO = 1.1
GOAL_LOG_P95_MS = 50
SECTION_TITLE = "## Access log (issue 5)"
START_MARK = "<!-- access_log:start -->"
END_MARK = "<!-- access_log:end -->"
LOG_PATH = "/min-side/hvem-har-sett/"
CONSENTS_PATH = "/min-side/samtykker/"
TABLE = "audit_accesslogentry"


# --- the database ---------------------------------------------------------------------------------


def _psql(database: str, sql: str) -> str:
    out = subprocess.run([*PSQL, "-d", database], input=sql, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"psql failed: {out.stderr[-2000:]}")
    return out.stdout.strip()


def _seed_sql(rows: int) -> str:
    """People and `rows` log entries in plain SQL; the target person is 'Testperson 0'."""
    return f"""
SET maintenance_work_mem = '512MB';
SET session_replication_role = replica;
CREATE TEMP TABLE bench_people AS
    SELECT n, gen_random_uuid() AS id FROM generate_series(0, {PEOPLE - 1}) AS n;
INSERT INTO accounts_person (id, display_name, birth_date, is_demo, created_at)
    SELECT id, 'Testperson ' || n, date '1990-01-01' + (n % 7000), false, now() FROM bench_people;
INSERT INTO {TABLE} (person_id, actor_name, role, organisation, action, what, why, at, flagged)
SELECT
    CASE WHEN g % {TARGET_EVERY} = 0 THEN (SELECT id FROM bench_people WHERE n = 0) ELSE p.id END,
    (ARRAY['Kari Nordmann', 'Ola Hansen', 'Ingrid Berg', 'Per Olsen', 'Sigrid Dahl'])[1 + g % 5],
    (ARRAY['pårørende (verge)', 'redaktør', 'ansatt', 'saksbehandler'])[1 + g % 4],
    CASE WHEN g % 4 = 0 THEN '' ELSE (ARRAY['NAV Bergen', 'Bærum kommune', 'Voss kommune'])[1 + g % 3] END,
    CASE WHEN g % 10 = 0 THEN 'change' ELSE 'read' END,
    (ARRAY['samtykker', 'personopplysninger', 'alle opplysninger (nedlasting som JSON)'])[1 + g % 3],
    CASE WHEN g % 7 = 0 THEN 'Oppfølging av søknad om arbeidstrening' ELSE '' END,
    now() - interval '700 days' + g * (interval '700 days' / {rows}),
    g % 50 = 0
FROM generate_series(1, {rows}) AS g
JOIN bench_people AS p ON p.n = 1 + g % {PEOPLE - 1};
SET session_replication_role = DEFAULT;
"""


def _marker(name: str) -> Path:
    return Path(f"/tmp/{name}.postgres.json")


def _seeded_count(name: str, max_id: int) -> int:
    return int(_psql(name, f"SELECT count(*) FROM {TABLE} WHERE id <= {int(max_id)}"))


def ensure_audit_database(rows: int, log=print, rebuild: bool = False) -> dict:
    """A database with `rows` generated entries (plus whatever earlier write runs added)."""
    from benchmarks.generate import postgres_database_exists, recreate_database

    name = "veivalg_bench_audit" if rows == ROWS else f"veivalg_bench_audit_{rows}"
    url = database_url("postgres", name)
    marker = _marker(name)
    if not rebuild and postgres_database_exists(name) and marker.exists():
        facts = json.loads(marker.read_text())
        if facts.get("version") == GENERATOR_VERSION and facts.get("rows") == rows:
            migrate(url)
            if _seeded_count(name, facts["max_id"]) == rows:
                _psql(name, f"ANALYZE {TABLE}; ANALYZE accounts_person;")
                log(f"  {name}: cached ({rows:,} seeded entries)")
                return {"url": url, "name": name, "cached": True, **facts}
    log(f"  {name}: generating {rows:,} entries …")
    started = time.perf_counter()
    recreate_database("postgres", name)
    migrate(url)
    migrate_s = time.perf_counter() - started
    indexes = _psql(
        name,
        f"SELECT indexname || '|' || indexdef FROM pg_indexes WHERE tablename = '{TABLE}' "
        "AND indexdef NOT LIKE '%UNIQUE%' ORDER BY indexname",
    ).splitlines()
    began = time.perf_counter()
    _psql(name, "".join(f'DROP INDEX "{line.split("|", 1)[0]}";\n' for line in indexes))
    _psql(name, _seed_sql(rows))
    insert_s = time.perf_counter() - began
    began = time.perf_counter()
    _psql(
        name,
        "SET maintenance_work_mem = '512MB';\n" + "".join(f"{line.split('|', 1)[1]};\n" for line in indexes),
    )
    index_s = time.perf_counter() - began
    began = time.perf_counter()
    _psql(name, f"VACUUM (ANALYZE) {TABLE}; VACUUM (ANALYZE) accounts_person;")
    vacuum_s = time.perf_counter() - began
    max_id = int(_psql(name, f"SELECT max(id) FROM {TABLE}"))
    facts = {
        "version": GENERATOR_VERSION,
        "rows": rows,
        "max_id": max_id,
        "people": PEOPLE,
        "migrate_s": round(migrate_s, 1),
        "insert_s": round(insert_s, 1),
        "index_s": round(index_s, 1),
        "vacuum_s": round(vacuum_s, 1),
        "indexes": [line.split("|", 1)[0] for line in indexes],
    }
    marker.write_text(json.dumps(facts))
    log(f"  {name}: {facts}")
    return {"url": url, "name": name, "cached": False, **facts}


# --- in the Django process: sessions and plans ------------------------------------------------------


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    django.setup()


def _session_for(user, **values) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if values:
        session = client.session
        session.update(values)
        session.save()
    return client.cookies["sessionid"].value


def _prepare() -> dict:
    """The target person and a relative acting for a participant, each with a session cookie."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from veivalg.accounts.models import Basis, Person, Purpose, Relationship
    from veivalg.accounts.services import ACTING_FOR_SESSION_KEY, give_consent
    from veivalg.audit.models import AccessLogEntry

    users = get_user_model()
    with transaction.atomic():
        target = Person.objects.get(display_name="Testperson 0")
        if target.user_id is None:
            target.user = users.objects.create_user(username="bench-target")
            target.save(update_fields=["user"])
        relative, _ = Person.objects.get_or_create(
            display_name="Bench pårørende", defaults={"birth_date": datetime.date(1970, 5, 17)}
        )
        if relative.user_id is None:
            relative.user = users.objects.create_user(username="bench-relative")
            relative.save(update_fields=["user"])
        participant, created = Person.objects.get_or_create(
            display_name="Bench deltaker", defaults={"birth_date": datetime.date(2000, 3, 1)}
        )
        if created:
            Relationship.objects.create(
                relative=relative, participant=participant, basis=Basis.GUARDIAN, mandate="Personlige forhold"
            )
            give_consent(person=participant, purpose=Purpose.SHARE_SCHOOL_INFO, scope="Skoleåret")
            give_consent(person=participant, purpose=Purpose.COUNSELLOR_CONTACT, party="NAV Bergen")
    entries = AccessLogEntry.objects.for_person(target).count()
    return {
        "target_cookie": _session_for(target.user),
        "relative_cookie": _session_for(relative.user, **{ACTING_FOR_SESSION_KEY: str(participant.pk)}),
        "target_entries": entries,
        "participant": str(participant.pk),
        "table_rows": AccessLogEntry.objects.count(),
    }


def _explain() -> dict:
    """EXPLAIN (ANALYZE) of the view's queries for the target: page 1, the deep page, the count."""
    from django.conf import settings
    from django.db import connection

    from veivalg.accounts.models import Person
    from veivalg.audit.models import AccessLogEntry

    target = Person.objects.get(display_name="Testperson 0")
    entries = AccessLogEntry.objects.for_person(target)
    size = settings.ACCESS_LOG_PAGE_SIZE
    deep = _deep_page(entries.count(), size)
    queries = {
        "first page": entries[:size],
        f"page {deep}": entries[(deep - 1) * size : deep * size],
    }
    result = {}
    with connection.cursor() as cursor:
        for name, queryset in queries.items():
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            result[name] = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM {TABLE} WHERE person_id = %s", [target.pk]
        )
        result["count"] = [row[0] for row in cursor.fetchall()]
    return result


def _in_process() -> dict:
    """The same two measurements inside one process with Django's test client (no HTTP, no
    queueing): alternating blocks of the consents page with and without the log write, and the
    own-log pages one request at a time. Less disturbed by other work on the machine."""
    from django.conf import settings
    from django.test import Client

    from veivalg.accounts import decorators
    from veivalg.accounts.models import Person
    from veivalg.accounts.services import ACTING_FOR_SESSION_KEY
    from veivalg.audit.models import AccessLogEntry

    relative = Person.objects.get(display_name="Bench pårørende")
    participant = Person.objects.get(display_name="Bench deltaker")
    target = Person.objects.get(display_name="Testperson 0")
    reader = Client()
    reader.force_login(relative.user, backend="django.contrib.auth.backends.ModelBackend")
    session = reader.session
    session[ACTING_FOR_SESSION_KEY] = str(participant.pk)
    session.save()
    original = decorators.log_read

    def timed(client: Client, path: str, n: int) -> list[float]:
        times = []
        for _ in range(n):
            began = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.status_code
        return times

    blocks: dict[str, list[float]] = {"off": [], "on": []}
    try:
        for _ in range(BLOCKS):
            for mode in ("off", "on"):
                decorators.log_read = original if mode == "on" else (lambda request, person, what: None)
                timed(reader, CONSENTS_PATH, 5)  # warm
                blocks[mode].append(statistics.mean(timed(reader, CONSENTS_PATH, 40)))
    finally:
        decorators.log_read = original
    off, on = statistics.median(blocks["off"]), statistics.median(blocks["on"])
    parts = _write_parts(relative, participant)
    pair_ratio = statistics.median(b / a for a, b in zip(blocks["off"], blocks["on"], strict=True))

    owner = Client()
    owner.force_login(target.user, backend="django.contrib.auth.backends.ModelBackend")
    size = settings.ACCESS_LOG_PAGE_SIZE
    deep = _deep_page(AccessLogEntry.objects.for_person(target).count(), size)
    pages = {}
    for name, path in (("first page", LOG_PATH), (f"page {deep}", f"{LOG_PATH}?side={deep}")):
        timed(owner, path, 10)
        times = sorted(timed(owner, path, 300))
        pages[name] = {
            "p50": round(statistics.median(times), 2),
            "p95": round(times[int(len(times) * 0.95) - 1], 2),
        }
    return {
        "write": {
            "off_ms": round(off, 2),
            "on_ms": round(on, 2),
            "ratio": round(pair_ratio, 3),
            "blocks": BLOCKS,
        },
        "own_log": pages,
        "write_parts": parts,
    }


def _write_parts(relative, participant, n: int = 150) -> dict:
    """Where the write's time goes: the relationship lookup (for the role) and the INSERT with
    its commit, the commit waiting for the WAL flush (the default) or not. Median ms."""
    from django.db import connection

    from veivalg.accounts.services import relationship_between
    from veivalg.audit.services import log_access

    def median_ms(action) -> float:
        times = []
        for _ in range(n):
            began = time.perf_counter()
            action()
            times.append((time.perf_counter() - began) * 1000)
        return round(statistics.median(times), 2)

    def write() -> None:
        log_access(
            person=participant,
            actor_user=relative.user,
            actor_person=relative,
            actor_name=relative.name,
            role="pårørende (verge)",
            what="samtykker",
        )

    result = {"lookup_ms": median_ms(lambda: relationship_between(relative, participant))}
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        result["insert_async_ms"] = median_ms(write)
        cursor.execute("SET synchronous_commit = on")
        result["insert_ms"] = median_ms(write)
    return result


def _deep_page(entries: int, size: int) -> int:
    return max(1, (entries + size - 1) // size // 2)


def _run_json(url: str, command: str) -> dict:
    out = subprocess.run(
        [PYTHON, "-m", "benchmarks.access_log", command],
        cwd=ROOT,
        env=django_env(url, DJANGO_SETTINGS_MODULE="benchmarks.bench_settings"),
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RuntimeError(f"benchmarks.access_log {command} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the server and the load --------------------------------------------------------------------------


def wsgi_application(log_reads: bool = True):
    """Gunicorn factory (`benchmarks.access_log:wsgi_application(log_reads=False)`): the bench
    project, optionally with the access-log write of person pages replaced by a no-op."""
    import os

    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    if not log_reads:
        from veivalg.accounts import decorators

        decorators.log_read = lambda request, person, what: None  # benchmark process only
    return application


@contextlib.contextmanager
def server(url: str, *, log_reads: bool = True, workers: int = 2):
    """gunicorn on a free port with `wsgi_application`; always stopped (as load.gunicorn)."""
    port = free_port()
    output = tempfile.NamedTemporaryFile(prefix="veivalg_bench_audit_gunicorn_", suffix=".log", delete=False)
    app = f"benchmarks.access_log:wsgi_application(log_reads={log_reads})"
    process = subprocess.Popen(
        [
            GUNICORN,
            app,
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
        env=django_env(url, DJANGO_SETTINGS_MODULE="benchmarks.bench_settings"),
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {Path(output.name).read_text()[-2000:]}")
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
        output.close()


def get(base: str, path: str, cookie: str) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wrk_with_cookie(base: str, path: str, cookie: str, seconds: int, connections: int = 8) -> dict:
    """wrk with the session cookie, for a fixed time; p95 from the Lua done() hook (as load.wrk)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(path + "\n")
    threads = min(2, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-H",
        f"Cookie: sessionid={cookie}",
        "-s",
        _percentile_script(),
        base + path,
        "--",
        f.name,
    ]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    result = parse_wrk(out.stdout)
    if match := re.search(r"^p95_us\s+([\d.]+)", out.stdout, re.M):
        result["p95"] = float(match.group(1)) / 1000
    result["path"] = path
    result["connections"] = connections
    return result


def _check_page(base: str, path: str, cookie: str, expect: bytes) -> None:
    status, body = get(base, path, cookie)
    if status != 200 or expect not in body:
        raise RuntimeError(f"{path} answered {status} without the expected content (is the session valid?)")


def _table_rows(name: str) -> int:
    return int(_psql(name, f"SELECT count(*) FROM {TABLE}"))


def measure_write_cost(url: str, name: str, cookie: str, seconds: int, log=print) -> dict:
    """Consents page read by a relative: alternate runs with and without the log write."""
    runs: dict[str, list[dict]] = {"off": [], "on": []}
    written = 0
    for round_ in range(ROUNDS):
        for mode in ("off", "on"):
            with server(url, log_reads=mode == "on") as base:
                before = _table_rows(name)
                for _ in range(3):  # warm-up, both workers
                    _check_page(base, CONSENTS_PATH, cookie, b"Bench deltaker")
                result = wrk_with_cookie(base, CONSENTS_PATH, cookie, seconds)
                added = _table_rows(name) - before
            result["entries_written"] = added
            if mode == "on":
                written += added
            elif added > 3:
                raise RuntimeError(f"the run without logging wrote {added} entries")
            runs[mode].append(result)
            log(
                f"    write cost round {round_ + 1}, logging {mode}: {result['rps']:.0f} req/s, "
                f"p50 {result.get('p50')} ms, p95 {result.get('p95')} ms, {added} entries written"
            )

    # Diagnostic, not the goal: the same "on" run with commits not waiting for the WAL flush,
    # to show how much of the cost is the disk's fsync.
    _psql(name, f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    try:
        with server(url, log_reads=True) as base:
            for _ in range(3):
                _check_page(base, CONSENTS_PATH, cookie, b"Bench deltaker")
            async_run = wrk_with_cookie(base, CONSENTS_PATH, cookie, seconds)
    finally:
        _psql(name, f'ALTER DATABASE "{name}" RESET synchronous_commit')
    log(f"    write cost, logging on, synchronous_commit off: {async_run['rps']:.0f} req/s")

    def total(mode: str, key: str) -> float:
        return sum(r.get(key, 0) for r in runs[mode])

    pair_ratios = sorted(
        off["rps"] / on["rps"] for off, on in zip(runs["off"], runs["on"], strict=True) if on["rps"]
    )
    rps_off = total("off", "requests") / (seconds * len(runs["off"]))
    rps_on = total("on", "requests") / (seconds * len(runs["on"]))
    p50_off = sum(r["p50"] for r in runs["off"]) / len(runs["off"])
    p50_on = sum(r["p50"] for r in runs["on"]) / len(runs["on"])
    errors = sum(r["errors"] + r["non_2xx"] for mode in runs for r in runs[mode])
    return {
        "runs": runs,
        "rps_off": round(rps_off, 1),
        "rps_on": round(rps_on, 1),
        "mean_ms_off": round(1000 * 8 / rps_off, 2) if rps_off else None,
        "mean_ms_on": round(1000 * 8 / rps_on, 2) if rps_on else None,
        "ratio": round(statistics.median(pair_ratios), 3) if pair_ratios else None,
        "pair_ratios": [round(r, 3) for r in pair_ratios],
        "pooled_ratio": round(rps_off / rps_on, 3) if rps_on else None,
        "p50_ratio": round(p50_on / p50_off, 3) if p50_off else None,
        "entries_written": written,
        "errors": errors,
        "async_commit": async_run,
        "async_ratio": round(rps_off / async_run["rps"], 3) if async_run.get("rps") else None,
    }


def measure_own_log(url: str, cookie: str, entries: int, seconds: int, log=print) -> dict:
    """The target's own access log: page 1 and the deep page, under load and one at a time."""
    size = 25  # settings.ACCESS_LOG_PAGE_SIZE
    deep = _deep_page(entries, size)
    pages = {"first page": LOG_PATH, f"page {deep}": f"{LOG_PATH}?side={deep}"}
    result: dict = {}
    with server(url) as base:
        for name, path in pages.items():
            for _ in range(3):
                _check_page(base, path, cookie, b"Kari Nordmann")
            loaded = wrk_with_cookie(base, path, cookie, seconds, connections=8)
            single = wrk_with_cookie(base, path, cookie, seconds, connections=1)
            result[name] = {"path": path, "c8": loaded, "c1": single}
            log(
                f"    own log {name}: c8 {loaded['rps']:.0f} req/s p95 {loaded.get('p95')} ms; "
                f"c1 p50 {single.get('p50')} ms p95 {single.get('p95')} ms"
            )
    return result


def run_access_log(quick: bool = False, seconds: int = 10, rebuild: bool = False, log=print) -> dict:
    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = QUICK_ROWS if quick else ROWS
    database = ensure_audit_database(rows, log=log, rebuild=rebuild)
    url, name = database["url"], database["name"]
    prepared = _run_json(url, "prepare")
    log(f"    target has {prepared['target_entries']:,} entries; table {prepared['table_rows']:,} rows")
    data: dict = {"database": database, "prepared": {k: v for k, v in prepared.items() if "cookie" not in k}}
    data["explain"] = _run_json(url, "explain")
    data["own_log"] = measure_own_log(
        url, prepared["target_cookie"], prepared["target_entries"], seconds, log=log
    )
    data["write"] = measure_write_cost(url, name, prepared["relative_cookie"], seconds, log=log)
    data["in_process"] = _run_json(url, "in-process")
    log(f"    in process: {data['in_process']}")
    data["table_rows_after"] = _table_rows(name)
    data["load_average"] = {"start": load_start, "end": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    Path(f"/tmp/{name}.last_run.json").write_text(json.dumps(data))  # to re-render the section
    return data


# --- the results section ------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _uses_index(plan: list[str]) -> bool:
    return any("audit_person_at_idx" in line for line in plan)


def format_section(data: dict, *, quick: bool = False) -> str:
    lines = [START_MARK, SECTION_TITLE, ""]
    if "error" in data:
        lines += [f"Not measured: {data['error']}", "", END_MARK]
        return "\n".join(lines)
    db = data["database"]
    prepared = data["prepared"]
    load = data.get("load_average", {})
    if quick:
        lines += [
            "**Quick smoke run** (200,000 entries, short load runs): not comparable with a full run.",
            "",
        ]
    lines += [
        f"Database `{db['name']}` on PostgreSQL: {db['rows']:,} generated entries over {db['people']:,} people "
        f"({data['table_rows_after']:,} rows after this run's writes); the person reading their own log has "
        f"{prepared['target_entries']:,} entries. Built in {db['insert_s']} s insert + {db['index_s']} s indexes "
        f"+ {db['vacuum_s']} s VACUUM ANALYZE{' (cached: times from the run that built it)' if db.get('cached') else ''}. "
        f"Load average {load.get('start')} at the start and {load.get('end')} at the end of this section "
        "(other work on the machine shows in every figure).",
        "",
    ]
    own = data["own_log"]
    lines += [
        "| page | path | req/s (c8) | p50 ms (c8) | p95 ms (c8) | p50 ms (c1) | p95 ms (c1) | errors | p95 goal < 50 ms |",
        "|" + "---|" * 9,
    ]
    worst = 0.0
    worst_c1 = 0.0
    for name, page in own.items():
        c8, c1 = page["c8"], page["c1"]
        errors = c8["errors"] + c8["non_2xx"] + c1["errors"] + c1["non_2xx"]
        p95 = c8.get("p95", 1e9)
        worst = max(worst, p95)
        worst_c1 = max(worst_c1, c1.get("p95", 1e9))
        lines.append(
            f"| {name} | `{page['path']}` | {c8['rps']:.1f} | {c8.get('p50', '–')} | {c8.get('p95', '–')} | "
            f"{c1.get('p50', '–')} | {c1.get('p95', '–')} | {errors} | c8 {_verdict(p95 < GOAL_LOG_P95_MS and not errors)}, c1 {_verdict(c1.get('p95', 1e9) < GOAL_LOG_P95_MS and not errors)} |"
        )
    lines += [
        "",
        f"**Goal: a person's own access log with {db['rows']:,} entries in the table, p95 on PostgreSQL < 50 ms: "
        f"{worst:.1f} ms (worst page, 8 connections on 2 workers) — {_verdict(worst < GOAL_LOG_P95_MS)}; "
        f"one reader at a time: {worst_c1:.1f} ms — {_verdict(worst_c1 < GOAL_LOG_P95_MS)}**",
        "",
    ]
    explain = data["explain"]
    lines += ["Query plans (EXPLAIN ANALYZE, target person):", ""]
    for name, plan in explain.items():
        timing = next((line.strip() for line in plan if line.strip().startswith("Execution Time")), "")
        top = " → ".join(
            re.sub(r"\s+\(cost=.*", "", line.strip().lstrip("-> ").strip())
            for line in plan
            if "->" in line or line is plan[0]
        )
        index = "uses `audit_person_at_idx`" if _uses_index(plan) else "does not use `audit_person_at_idx`"
        buffers = next((line.strip() for line in plan if line.strip().startswith("Buffers:")), "")
        lines.append(f"- {name}: {top}; {index}; {buffers}; {timing}.")
    lines.append("")
    write = data["write"]
    lines += [
        "| logging | run | requests | req/s | p50 ms | p95 ms | entries written |",
        "|---|---|---|---|---|---|---|",
    ]
    for mode in ("off", "on"):
        for i, r in enumerate(write["runs"][mode], 1):
            lines.append(
                f"| {mode} | {i} | {r.get('requests', 0)} | {r['rps']:.1f} | {r.get('p50', '–')} | {r.get('p95', '–')} | "
                f"{r['entries_written']} |"
            )
    ratio = write["ratio"]
    inproc = data.get("in_process", {})
    if inproc:
        w = inproc["write"]
        lines += [
            "",
            f"In one process (Django test client, no HTTP, {w['blocks']} alternating pairs of blocks of 40 "
            f"reads): median block mean {w['off_ms']} ms without the entry, {w['on_ms']} ms with it; "
            f"ratio (median over the pairs) {w['ratio']}. Own log one request at a time (300 reads): "
            + "; ".join(f"{k} p50 {v['p50']} ms, p95 {v['p95']} ms" for k, v in inproc["own_log"].items())
            + ".",
        ]
        parts = inproc.get("write_parts")
        if parts:
            lines += [
                "",
                f"Where the write's time goes (median of 150 each, in the same process): the relationship "
                f"lookup for the role {parts['lookup_ms']} ms; the INSERT and its commit {parts['insert_ms']} ms, "
                f"of which waiting for the WAL flush is most: {parts['insert_async_ms']} ms with "
                f"`synchronous_commit` off for that connection.",
            ]
    lines += [
        "",
        f"Mean page time {write['mean_ms_off']} ms without the entry, {write['mean_ms_on']} ms with it "
        f"(8 connections on 2 workers, pooled ratio {write['pooled_ratio']}); ratio per off/on pair "
        f"{write['pair_ratios']}; p50 ratio {write['p50_ratio']}; errors {write['errors']}. "
        f"Diagnostic (not the goal): with the database's `synchronous_commit` off, so the INSERT's commit "
        f"does not wait for the WAL flush to disk, the page with logging ran at "
        f"{write['async_commit'].get('rps', 0):.1f} req/s, ratio {write.get('async_ratio')}.",
        "",
        f"**Goal: cost of writing an access-log entry, page time with ÷ without ≤ 1.1: {ratio} — "
        f"{_verdict(ratio is not None and ratio <= GOAL_WRITE_RATIO and not write['errors'])}**",
        "",
        "How measured: `benchmarks/access_log.py`. gunicorn with 2 sync workers and `benchmarks.bench_settings`, "
        "wrk on 127.0.0.1 with a signed-in session cookie (a session row made with `force_login`). "
        "Own log: the person with the most entries reads page 1 and the middle page of "
        "`/min-side/hvem-har-sett/` (25 per page, newest first); wrk -t2 -c8 for the goal, and -t1 -c1 for "
        "what one reader sees. Write cost: a guardian acting for a participant reads the participant's "
        "consents page (one entry per read, the relationship looked up for the role); the run without "
        "logging serves the same page from a gunicorn whose WSGI factory replaces "
        "`accounts.decorators.log_read` with a no-op (benchmark process only). Off and on alternate in four pairs; "
        "ratio = requests/s without ÷ with (= mean page time with ÷ without), the median over the pairs. Each entry is its own "
        "committed INSERT (autocommit, `synchronous_commit` on) into the same large table.",
        "",
        END_MARK,
    ]
    return "\n".join(lines)


def update_results(path: Path, section: str) -> None:
    from benchmarks.report import replace_section

    replace_section(path, section, START_MARK, END_MARK)


if __name__ == "__main__":
    _django()
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(_prepare()))
    elif command == "explain":
        print(json.dumps(_explain()))
    elif command == "in-process":
        print(json.dumps(_in_process()))
