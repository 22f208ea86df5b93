"""Issue 4 figures: article and annual-wheel pages under load, the iCalendar feed with 1,000
events, and 500 concurrent registrations for a 100-place event on PostgreSQL.

    python -m benchmarks.information prepare   # (in a Django env) demo events + content
    python -m benchmarks.information feed      # time to build a 1,000-event feed (JSON out)
    python -m benchmarks.information event     # create the 100-place event, print its slug
    python -m benchmarks.information tally SLUG
    .venv/bin/python -m benchmarks.information bench [SECONDS]
        # only this part of `make bench`, on its own demo database(s); prints the issue-4
        # section of results.md (copy it over that section by hand)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEED_EVENTS = 1_000
CAPACITY = 100
REGISTRATIONS = 500
CLIENTS = 16


def _django() -> None:
    import os

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veivalg.settings")
    django.setup()


def prepare_content(url: str, env_for) -> None:
    """Load the demo pages and events into the demo database at `url`."""
    for command in ("load_demo_content", "load_demo_events"):
        subprocess.run(
            [sys.executable, "manage.py", command],
            cwd=ROOT,
            env=env_for(url),
            check=True,
            capture_output=True,
        )


def _feed() -> dict:
    import datetime

    from django.utils import timezone

    from veivalg.events.ical import build_calendar
    from veivalg.events.models import Event
    from veivalg.places.models import Municipality

    municipality = Municipality.objects.get(number="5001")
    Event.objects.filter(municipality=municipality, title__startswith="Benchmark").delete()
    start = timezone.now()
    Event.objects.bulk_create(
        Event(
            kind="kurs",
            slug=f"benchmark-feed-{i}",
            title=f"Benchmark kurs {i}",
            description="Kurs for fagfolk om samarbeid og tidlig innsats.",
            starts_at=start + datetime.timedelta(hours=6 * i),
            ends_at=start + datetime.timedelta(hours=6 * i + 2),
            place_name="Rådhuset",
            municipality=municipality,
        )
        for i in range(FEED_EVENTS)
    )
    timings = []
    for _ in range(5):
        began = time.perf_counter()
        events = list(Event.objects.filter(municipality=municipality).with_related())
        body = build_calendar(events, name="Benchmark")
        timings.append(time.perf_counter() - began)
    Event.objects.filter(municipality=municipality, title__startswith="Benchmark").delete()
    return {"events": len(events), "best_ms": round(min(timings) * 1000, 1), "bytes": len(body)}


def _event() -> str:
    import datetime

    from django.utils import timezone

    from veivalg.events.models import Event
    from veivalg.places.models import Municipality

    Event.objects.filter(slug="benchmark-pamelding").delete()
    event = Event.objects.create(
        kind="informasjonsmote",
        slug="benchmark-pamelding",
        title="Benchmark informasjonsmøte",
        starts_at=timezone.now() + datetime.timedelta(days=30),
        municipality=Municipality.objects.get(number="3201"),
        capacity=CAPACITY,
    )
    return event.slug


def _tally(slug: str) -> dict:
    from django.db.models import Count

    from veivalg.events.models import Registration

    rows = Registration.objects.filter(event__slug=slug)
    by_status = dict(rows.values_list("status").annotate(n=Count("pk")).order_by())
    emails = rows.values("email").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {"by_status": by_status, "total": rows.count(), "duplicated_emails": emails}


def register_concurrently(base: str, slug: str) -> dict:
    """REGISTRATIONS sign-ups from CLIENTS threads, each a browser-like client with its own cookies."""
    import httpx

    path = f"/arrangementer/{slug}/pamelding/"
    counter = iter(range(REGISTRATIONS))
    lock = threading.Lock()
    statuses: list[int] = []
    latencies: list[float] = []

    def client_loop() -> None:
        with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                began = time.perf_counter()
                form = client.get(path)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
                data = {
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                    "name": f"Deltaker {n}",
                    "email": f"deltaker{n}@eksempel.no",
                }
                response = client.post(path, data=data, headers={"Referer": base + path})
                with lock:
                    statuses.append(response.status_code)
                    latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "seconds": round(time.perf_counter() - began, 1),
        "redirects": statuses.count(302),
        "other_statuses": sorted({s for s in statuses if s != 302}),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None,
    }


def run_information(url: str, env_for, gunicorn, wrk, discover_paths, seconds: int, log=print) -> dict:
    """Pages under load (ratio to minimal), the feed build time and, on PostgreSQL, registrations."""
    result: dict = {}
    prepare_content(url, env_for)
    feed = subprocess.run(
        [sys.executable, "-m", "benchmarks.information", "feed"],
        cwd=ROOT,
        env=env_for(url),
        capture_output=True,
        text=True,
        check=True,
    )
    result["feed"] = json.loads(feed.stdout.strip().splitlines()[-1])
    log(f"    feed: {result['feed']}")
    with gunicorn(url) as base:
        paths = discover_paths(base)
        pages = {}
        for name, path in paths.items():
            for _ in range(2):
                urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310 (127.0.0.1)
            pages[name] = {"path": path, **wrk(base, [path], seconds)}
            log(f"    {name}: {pages[name]['rps']:.0f} req/s")
        minimal = pages["minimal"]["rps"] or 1.0
        for page in pages.values():
            page["ratio"] = round(page["rps"] / minimal, 3)
        result["pages"] = pages
        if url.startswith("postgres"):
            slug = (
                subprocess.run(
                    [sys.executable, "-m", "benchmarks.information", "event"],
                    cwd=ROOT,
                    env=env_for(url),
                    capture_output=True,
                    text=True,
                    check=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            run = register_concurrently(base, slug)
            tally = subprocess.run(
                [sys.executable, "-m", "benchmarks.information", "tally", slug],
                cwd=ROOT,
                env=env_for(url),
                capture_output=True,
                text=True,
                check=True,
            )
            run.update(json.loads(tally.stdout.strip().splitlines()[-1]))
            result["registrations"] = run
            log(f"    registrations: {run}")
    return result


def information_paths(base: str) -> dict[str, str]:
    import urllib.request

    paths = {"minimal": "/bench/minimal/", "wheel": "/kommune/3201-baerum/arshjul/"}
    html = urllib.request.urlopen(base + "/info/for-deg/", timeout=30).read().decode()  # noqa: S310
    if match := re.search(r'href="(/info/for-deg/[\w-]+/)"', html):
        paths["article"] = match.group(1)
    return paths


INFORMATION_DB = "veivalg_bench_information"


def bench(seconds: int = 10) -> dict:
    """The information part of `make bench` alone: a fresh demo database per engine (its own
    name, so a concurrent run of the other parts is not disturbed), then `run_information`."""
    from benchmarks.generate import PYTHON, database_url, django_env, migrate, recreate_database
    from benchmarks.load import gunicorn, wrk
    from benchmarks.run import postgres_available

    results = {}
    for kind in ["sqlite", "postgres"] if postgres_available() else ["sqlite"]:
        print(f"== information pages, feed and registrations on {kind}", flush=True)
        url = database_url(kind, INFORMATION_DB)
        recreate_database(kind, INFORMATION_DB)
        migrate(url)
        subprocess.run([PYTHON, "manage.py", "load_demo_data"], cwd=ROOT, env=django_env(url), check=True)
        results[kind] = run_information(url, django_env, gunicorn, wrk, information_paths, seconds)
    return results


if __name__ == "__main__":
    if sys.argv[1] == "bench":
        from benchmarks.report import _information_section

        lines: list[str] = []
        _information_section(bench(int(sys.argv[2]) if len(sys.argv) > 2 else 10), lines)
        print("\n".join(lines))
        sys.exit(0)
    _django()
    command = sys.argv[1]
    if command == "feed":
        print(json.dumps(_feed()))
    elif command == "event":
        print(_event())
    elif command == "tally":
        print(json.dumps(_tally(sys.argv[2])))
