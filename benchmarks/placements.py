"""Issue 7 figure: the agenda of a flow meeting with 2,000 participants in scope.

    .venv/bin/python -m benchmarks.placements            # 2,000 people (results.md section)
    .venv/bin/python -m benchmarks.placements --quick    # 200 people, to /tmp/veivalg_bench_results_quick.md
    .venv/bin/python benchmarks/run.py --only placements # the same, through run.py

A fresh SQLite database (/tmp/veivalg_bench_placements.sqlite3) is migrated, then in one Django
process N people in Bærum get a placement each (a fifth of them ending within the horizon), a
wish for change for every second person and a waiting-list entry for every third, so the agenda
holds about 1.1 × N items from all three sources. Then:

1. `services.build_agenda` on a new meeting: first build (everything is new), then a rebuild
   (nothing new: the cost of «Oppdater sakslisten»), each on a fresh meeting `SAMPLES` times.
2. The agenda page (`placements:meeting`, first page of `AGENDA_PAGE_SIZE` items, with the
   access-log inserts for the people shown) rendered through Django's test client as the
   organising caseworker: median and p95 over `SAMPLES` requests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE = 2_000
QUICK_PEOPLE = 200
SAMPLES = 7
SECTION_TITLE = "## Flow meetings (issue 7)"
START_MARK = "<!-- placements_meetings:start -->"
END_MARK = "<!-- placements_meetings:end -->"
DATABASE = "/tmp/veivalg_bench_placements.sqlite3"


def _env() -> dict[str, str]:
    from benchmarks.generate import django_env

    return django_env(
        f"sqlite:///{DATABASE}",
        EMAIL_URL="console://",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        DJANGO_SETTINGS_MODULE="veivalg.settings",
    )


def run_placements(*, quick: bool, log=print) -> dict:
    from benchmarks.generate import PYTHON

    people = QUICK_PEOPLE if quick else PEOPLE
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    env = _env()
    log("placements: migrating")
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    log(f"placements: {people:,} people, then timing the agenda")
    out = subprocess.run(
        [PYTHON, "-m", "benchmarks.placements", "measure", str(people)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- inside a Django process ------------------------------------------------------------------


def _ms(seconds: list[float]) -> dict:
    ordered = sorted(s * 1000 for s in seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "samples": len(ordered)}


def measure(people: int) -> dict:
    import datetime
    from decimal import Decimal

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veivalg.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from veivalg.accounts.models import Person
    from veivalg.directory.tests.factories import municipality
    from veivalg.intake.tests import factories as f
    from veivalg.placements import services
    from veivalg.placements.models import ChangeWish, MeetingItem, Placement, WaitingListEntry

    settings.ALLOWED_HOSTS = ["*"]
    settings.STAFF_2FA_REQUIRED = False
    baerum = municipality("3201")
    offices = f.baerum_offices()
    offers = f.applicable_offers()
    caseworker = f.caseworker(offices["allocation"])
    held_on = datetime.date(2027, 10, 13)
    started = time.perf_counter()
    persons = Person.objects.bulk_create([Person(display_name=f"Deltaker {n:05d}") for n in range(people)])
    placements = Placement.objects.bulk_create(
        [
            Placement(
                person=p,
                offer=offers["activity"],
                municipality=baerum,
                starts_on=datetime.date(2025, 8, 18),
                ends_on=held_on + datetime.timedelta(days=60) if n % 5 == 0 else None,
                days_per_week=Decimal(3),
            )
            for n, p in enumerate(persons)
        ],
        batch_size=500,
    )
    ChangeWish.objects.bulk_create(
        [
            ChangeWish(person=p.person, placement=p, kind=ChangeWish.Kind.MORE, reason="Vil jobbe mer.")
            for n, p in enumerate(placements)
            if n % 2 == 0
        ],
        batch_size=500,
    )
    WaitingListEntry.objects.bulk_create(
        [
            WaitingListEntry(
                person=p,
                offer=offers["vta"],
                kind=offers["vta"].kind,
                municipality=baerum,
                office=offices["nav"],
                since=datetime.date(2026, 3, 1),
            )
            for n, p in enumerate(persons)
            if n % 3 == 0
        ],
        batch_size=500,
    )
    generated = time.perf_counter() - started

    def new_meeting(n: int):
        return services.plan_meeting(
            organiser=offices["allocation"],
            municipalities=[baerum],
            held_on=held_on,
            title=f"Flytmøte {n}",
            invited=[offices["nav"]],
        )

    first, rebuild, items = [], [], 0
    for n in range(SAMPLES):
        meeting = new_meeting(n)
        t0 = time.perf_counter()
        items = services.build_agenda(meeting)
        first.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        services.build_agenda(meeting)
        rebuild.append(time.perf_counter() - t0)
        if n < SAMPLES - 1:
            MeetingItem.objects.filter(meeting=meeting).delete()
            meeting.delete()
            ChangeWish.objects.update(status=ChangeWish.Status.OPEN)
    client = Client()
    client.force_login(caseworker)
    url = reverse("placements:meeting", kwargs={"meeting_id": meeting.pk})
    page, queries = [], 0
    for n in range(SAMPLES + 1):
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        elapsed = time.perf_counter() - t0
        assert response.status_code == 200, response.status_code
        if n:  # the first request warms templates and writes the access log
            page.append(elapsed)
            queries = len(captured)
        else:
            first_view = elapsed
    return {
        "people": people,
        "items": items,
        "by_source": dict(meeting.items.values_list("source").annotate(n=django.db.models.Count("id"))),
        "generate_seconds": generated,
        "build": _ms(first),
        "rebuild": _ms(rebuild),
        "page": _ms(page),
        "first_view_ms": first_view * 1000,
        "page_queries": queries,
        "page_bytes": len(response.content),
    }


def format_section(data: dict, *, quick: bool) -> str:
    lines = [START_MARK, SECTION_TITLE, ""]
    if "error" in data:
        return "\n".join([*lines, f"Not measured: {data['error']}", "", END_MARK])
    sources = ", ".join(f"{k} {v:,}" for k, v in sorted(data["by_source"].items()))
    lines += [
        f"Agenda for a flow meeting with {data['people']:,} participants in scope (one municipality, "
        f"SQLite, one process{', quick run' if quick else ''}): {data['items']:,} items ({sources}).",
        "",
        "| step | median | p95 | samples |",
        "|---|---:|---:|---:|",
        f"| `services.build_agenda`, new meeting | {data['build']['median']:.0f} ms | {data['build']['p95']:.0f} ms "
        f"| {data['build']['samples']} |",
        f"| `services.build_agenda` again (nothing new) | {data['rebuild']['median']:.0f} ms "
        f"| {data['rebuild']['p95']:.0f} ms | {data['rebuild']['samples']} |",
        f"| agenda page (`/ansatt/flytmoter/<id>/`, first 100 items, access log checked) "
        f"| {data['page']['median']:.0f} ms | {data['page']['p95']:.0f} ms | {data['page']['samples']} |",
        "",
        f"The agenda page ran {data['page_queries']} queries and sent {data['page_bytes'] / 1024:.0f} KiB. "
        "Only the first view per caseworker and day inserts access-log rows (one per person shown, "
        f"one bulk insert): that first, cold view took {data['first_view_ms']:.0f} ms; the samples "
        "measure the later views, which only check. "
        f"Generating the people took {data['generate_seconds']:.1f} s. "
        "Measured by `benchmarks/placements.py`.",
        "",
        END_MARK,
    ]
    return "\n".join(lines)


def update_results(path: Path, section: str) -> None:
    from benchmarks.report import replace_section

    replace_section(path, section, START_MARK, END_MARK)


def run_section(output: Path, *, quick: bool, log=print) -> None:
    """What `run.py` calls: measure and write this section into `output`."""
    try:
        data = run_placements(quick=quick, log=log)
    except Exception as error:  # a failed section must not lose the rest of the run
        data = {"error": f"{type(error).__name__}: {error}"}
    update_results(output, format_section(data, quick=quick))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", nargs="?", default="run", choices=["run", "measure"])
    parser.add_argument("number", nargs="?", type=int)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.command == "run":
        from benchmarks.run import QUICK_RESULTS, RESULTS

        output = QUICK_RESULTS if args.quick else RESULTS
        run_section(output, quick=args.quick)
        print(f"updated {output}")
        return 0
    print(json.dumps(measure(args.number)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
