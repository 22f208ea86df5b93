"""Issue 7 figures: the statistics dashboard with 10 years of history for 50,000 participants,
and the capacity overview for a county's 43 municipalities, on PostgreSQL.

    .venv/bin/python benchmarks/run.py --only stats    # this section only (--quick: 5,000 people)

The database `veivalg_bench_stats` is migrated, then filled in one Django process with
`bulk_create`: Vestland's 43 municipalities, six offer kinds with an offer each per municipality
and a capacity per offer, PEOPLE participants living there, each with one to three placements
one after the other between 2016 and today (a new offer kind for some: the transitions), about
40 % with a waiting-list entry (most of them left the list after 30–700 days) and about 15 %
aged 19–21 with an application in a round. It is reused while its marker file in /tmp matches.

Method: in-process, with Django's test client on the benchmark settings (`force_login`, no
second factor; the HTTP stack of gunicorn is left out, so the figures are the view's own time).
Each page is fetched twice to warm up, then SAMPLES times; p50 and p95 of the wall times. The
minimal view (`/bench/minimal/`, benchmarks.bench_urls) is timed the same way; the ratio is
minimal mean ÷ page mean (the same as load.py's requests/s ratio).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import PYTHON, database_url, django_env, migrate  # noqa: E402

PEOPLE = 50_000
QUICK_PEOPLE = 5_000
SAMPLES = 30
QUICK_SAMPLES = 8
GENERATOR_VERSION = "1"
GOAL_DASHBOARD_P95_MS = 1000
GOAL_CAPACITY_P95_MS = 500
SECTION_TITLE = "## Statistics (issue 7)"
START_MARK = "<!-- stats:start -->"
END_MARK = "<!-- stats:end -->"
KINDS = ["dagtilbud", "kommunalt-tilrettelagt-arbeid", "kjopte-plasser", "vta", "vto", "aft"]
FIRST_YEAR = 2016


def _env(url: str) -> dict[str, str]:
    return django_env(
        url,
        DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",
        STAFF_2FA_REQUIRED="false",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )


def _json_run(url: str, *arguments: str) -> dict:
    out = subprocess.run(
        [PYTHON, "-m", "benchmarks.stats", *arguments],
        cwd=ROOT,
        env=_env(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_stats_database(people: int, log=print, rebuild: bool = False) -> dict:
    from benchmarks.generate import postgres_database_exists, recreate_database

    name = "veivalg_bench_stats" if people == PEOPLE else f"veivalg_bench_stats_{people}"
    url = database_url("postgres", name)
    marker = Path(f"/tmp/{name}.postgres.json")
    if not rebuild and postgres_database_exists(name) and marker.exists():
        facts = json.loads(marker.read_text())
        if facts.get("version") == GENERATOR_VERSION and facts.get("people") == people:
            migrate(url)
            if _json_run(url, "count")["people"] >= people:
                log(f"  {name}: cached ({people:,} people)")
                return {"url": url, "cached": True, **facts}
    log(f"  {name}: generating {people:,} people …")
    recreate_database("postgres", name)
    started = time.perf_counter()
    migrate(url)
    facts = {"version": GENERATOR_VERSION, **_json_run(url, "fill", str(people))}
    facts["build_s"] = round(time.perf_counter() - started, 1)
    marker.write_text(json.dumps(facts))
    log(f"  {name}: {facts}")
    return {"url": url, "cached": False, **facts}


def run_stats(*, quick: bool, rebuild: bool = False, log=print) -> dict:
    people = QUICK_PEOPLE if quick else PEOPLE
    database = ensure_stats_database(people, log=log, rebuild=rebuild)
    log("  measuring in one process")
    measured = _json_run(database["url"], "measure", str(QUICK_SAMPLES if quick else SAMPLES))
    return {"database": database, **measured}


# --- inside a Django process -----------------------------------------------------------------------


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    django.setup()


def _count() -> dict:
    from veivalg.accounts.models import Person

    return {"people": Person.objects.filter(display_name__startswith="Statistikkperson").count()}


def _fill(people: int) -> dict:
    """Everything in bulk; random with a fixed seed so every build is the same."""
    from django.db import connection, transaction
    from django.utils import timezone

    from veivalg.accounts.models import Organisation, OrganisationKind, Person
    from veivalg.directory.models import Offer, OfferKind, Organization
    from veivalg.intake.models import Application, ApplicationStatus
    from veivalg.placements.models import Capacity, Placement, WaitingListEntry
    from veivalg.places.models import Municipality

    rng = random.Random(7)
    today = timezone.localdate()
    municipalities = list(Municipality.objects.filter(county__number="46").order_by("number"))
    kinds = list(OfferKind.objects.filter(code__in=KINDS))
    started = time.perf_counter()
    with transaction.atomic():
        providers = Organization.objects.bulk_create(
            [
                Organization(name=f"Statistikktilbyder {m.number}", slug=f"stat-{m.number}", municipality=m)
                for m in municipalities
            ]
        )
        offers = Offer.objects.bulk_create(
            [
                Offer(
                    organization=p,
                    kind=k,
                    area=k.area,
                    title=f"{k.name} {m.name}",
                    slug=f"stat-{m.number}-{k.code}",
                    summary="Generert for statistikkmålingen.",
                    intake_route=k.default_intake_route,
                    owner_municipality=m,
                    review_by=today,
                    live=True,
                )
                for m, p in zip(municipalities, providers, strict=True)
                for k in kinds
            ]
        )
        by_municipality = {
            m.pk: [o for o in offers if o.owner_municipality_id == m.pk] for m in municipalities
        }
        Capacity.objects.bulk_create(
            [
                Capacity(offer=o, starts_on=datetime.date(FIRST_YEAR, 1, 1), places=rng.randint(20, 400))
                for o in offers
            ]
        )
        office = Organisation.objects.create(
            name="Statistikkontoret Vestland", kind=OrganisationKind.NAV_OFFICE
        )
        office.municipalities.add(*municipalities)
        persons = Person.objects.bulk_create(
            [
                Person(
                    display_name=f"Statistikkperson {i}",
                    birth_date=datetime.date(rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28)),
                    is_demo=True,
                )
                for i in range(people)
            ],
            batch_size=5000,
        )
        placements, waiting, applications = [], [], []
        span = (today - datetime.date(FIRST_YEAR, 1, 1)).days
        for i, person in enumerate(persons):
            m = municipalities[i % len(municipalities)]
            choices = by_municipality[m.pk]
            day = datetime.date(FIRST_YEAR, 1, 1) + datetime.timedelta(days=rng.randint(0, span))
            offer = rng.choice(choices)
            for _ in range(rng.randint(1, 3)):
                if day > today:
                    break
                length = rng.randint(200, 1800)
                ends = day + datetime.timedelta(days=length)
                placements.append(
                    Placement(
                        person=person,
                        offer=offer,
                        municipality=m,
                        starts_on=day,
                        ends_on=None if ends > today else ends,
                        days_per_week=5,
                    )
                )
                day = ends + datetime.timedelta(days=1)
                if rng.random() < 0.5:
                    offer = rng.choice(choices)
            if rng.random() < 0.4:
                since = datetime.date(FIRST_YEAR, 1, 1) + datetime.timedelta(days=rng.randint(0, span))
                left = since + datetime.timedelta(days=rng.randint(30, 700))
                kind_offer = rng.choice(choices)
                waiting.append(
                    WaitingListEntry(
                        person=person,
                        offer=kind_offer,
                        kind_id=kind_offer.kind_id,
                        municipality=m,
                        office=office,
                        since=since,
                        left_on=None if left > today or rng.random() < 0.2 else left,
                    )
                )
            if 2005 <= person.birth_date.year and rng.random() < 0.6:
                year = min(today.year, person.birth_date.year + rng.randint(19, 21))
                if year >= FIRST_YEAR:
                    applications.append(
                        Application(
                            applicant=person,
                            municipality=m,
                            status=ApplicationStatus.SUBMITTED,
                            reference=f"S{i:07d}",
                            submitted_at=timezone.make_aware(datetime.datetime(year, 1, 20, 10)),
                            round_year=year,
                            answers={"skole": {"adapted_education": rng.choice(["ja", "nei", "vet_ikke"])}},
                        )
                    )
        Placement.objects.bulk_create(placements, batch_size=5000)
        WaitingListEntry.objects.bulk_create(waiting, batch_size=5000)
        Application.objects.bulk_create(applications, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "people": people,
        "municipalities": len(municipalities),
        "offers": len(offers),
        "placements": len(placements),
        "waiting": len(waiting),
        "applications": len(applications),
        "fill_s": round(time.perf_counter() - started, 1),
    }


def _time(client, path: str, samples: int) -> dict:
    for _ in range(2):
        response = client.get(path)
    status = response.status_code
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "path": path,
        "status": status,
        "p50": round(statistics.median(times), 1),
        "p95": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        "mean": statistics.fmean(times),
        "samples": samples,
    }


def _measure(samples: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from veivalg.accounts.models import Organisation, StaffRoleKind
    from veivalg.accounts.services import add_staff_role
    from veivalg.places.models import County

    users = get_user_model()
    boss, _ = users.objects.get_or_create(
        username="bench-stats-boss", defaults={"is_superuser": True, "is_staff": True}
    )
    counsellor, _ = users.objects.get_or_create(username="bench-stats-nav", defaults={"is_staff": True})
    office = Organisation.objects.get(name="Statistikkontoret Vestland")
    add_staff_role(user=counsellor, organisation=office, role=StaffRoleKind.NAV_COUNSELLOR)
    vestland = County.objects.get(number="46")
    results = {}
    client = Client()
    client.force_login(boss, backend="django.contrib.auth.backends.ModelBackend")
    results["minimal"] = _time(client, "/bench/minimal/", samples * 5)
    results["dashboard"] = _time(client, "/ansatt/statistikk/", samples)
    results["dashboard_county"] = _time(
        client, f"/ansatt/statistikk/?fylke={vestland.pk}&etter=kommune", samples
    )
    results["public"] = _time(client, "/statistikk/", samples)
    # Every request computes the figures afresh: what the first reader after the cache period waits.
    from django.test import override_settings

    with override_settings(STATS_CACHE_SECONDS=0):
        results["dashboard_cold"] = _time(client, "/ansatt/statistikk/", max(3, samples // 4))
        with CaptureQueriesContext(connection) as cold_queries:
            client.get("/ansatt/statistikk/")
        results["dashboard_cold"]["queries"] = len(cold_queries)
    with CaptureQueriesContext(connection) as queries:
        client.get("/ansatt/statistikk/")
    results["dashboard"]["queries"] = len(queries)
    office_client = Client()
    office_client.force_login(counsellor, backend="django.contrib.auth.backends.ModelBackend")
    results["capacity"] = _time(office_client, "/ansatt/plasser/", samples)
    if results["capacity"]["status"] != 200:
        results["capacity"]["note"] = "the capacity overview did not answer 200 (not finished yet?)"
    minimal = results["minimal"]["mean"] or 1.0
    for result in results.values():
        result["ratio"] = round(minimal / result["mean"], 4) if result["mean"] else None
    return results


# --- the results section ------------------------------------------------------------------------------


def format_section(data: dict, *, quick: bool) -> str:
    lines = [START_MARK, SECTION_TITLE, ""]
    if "error" in data:
        lines += [f"Not measured: {data['error']}", "", END_MARK]
        return "\n".join(lines)
    db = data["database"]
    lines.append(
        f"PostgreSQL, `veivalg_bench_stats`: {db['people']:,} participants in Vestland's {db['municipalities']} "
        f"municipalities, {db['offers']} offers, {db['placements']:,} placements, {db['waiting']:,} "
        f"waiting-list entries, {db['applications']:,} applications, {FIRST_YEAR} to today"
        + (" (cached)." if db.get("cached") else f" (built in {db.get('build_s')} s).")
        + (" **Quick run.**" if quick else "")
    )
    lines += [
        "",
        "Method: in-process, Django test client with `force_login` on `benchmarks.bench_settings` "
        "(no gunicorn, no network), 2 warm-up requests then the samples; ratio = minimal view's "
        "mean time ÷ the page's (as load.py's requests/s ratio). The dashboards keep their figures "
        "for `STATS_CACHE_SECONDS` (5 minutes), so the warm rows are what readers see while the "
        "cache holds; the «afresh» row is the cost of computing them.",
        "",
        "| page | status | p50 ms | p95 ms | ratio to minimal | goal | |",
        "|---|---|---|---|---|---|---|",
    ]
    goals = {
        "dashboard": GOAL_DASHBOARD_P95_MS,
        "dashboard_county": GOAL_DASHBOARD_P95_MS,
        "dashboard_cold": GOAL_DASHBOARD_P95_MS,
        "public": GOAL_DASHBOARD_P95_MS,
        "capacity": GOAL_CAPACITY_P95_MS,
    }
    names = {
        "minimal": "minimal Django view",
        "dashboard": "staff dashboard, all municipalities, 10 years, by offer kind (superuser)",
        "dashboard_county": "staff dashboard, Vestland, by municipality",
        "dashboard_cold": "staff dashboard as above, figures computed afresh (no cache: the first reader after 5 minutes)",
        "public": "public statistics page (suppressed), 10 years",
        "capacity": "capacity overview `/ansatt/plasser/`, NAV office serving Vestland's 43 municipalities",
    }
    for key, label in names.items():
        r = data.get(key) or {}
        goal = goals.get(key)
        verdict = "" if goal is None else ("PASS" if r.get("p95", 1e9) < goal else "MISS")
        lines.append(
            f"| {label} | {r.get('status')} | {r.get('p50')} | {r.get('p95')} | {r.get('ratio')} | "
            f"{'' if goal is None else f'p95 < {goal} ms'} | {verdict} |"
        )
    lines.append("")
    lines.append(
        f"The staff dashboard runs {data['dashboard'].get('queries')} queries from the cache and "
        f"{(data.get('dashboard_cold') or {}).get('queries')} when computing, whatever the number of people "
        "(one GROUP BY with a conditional count per year for each figure; transitions by a window function). "
        + (data["capacity"].get("note", "") if data.get("capacity") else "")
    )
    lines += ["", END_MARK]
    return "\n".join(lines)


def update_results(path: Path, section: str) -> None:
    from benchmarks.report import replace_section

    replace_section(path, section, START_MARK, END_MARK)


def run_section(output: Path, *, quick: bool, rebuild: bool = False, log=print) -> None:
    import subprocess as sp

    from benchmarks.generate import PSQL

    log("== statistics (issue 7) on postgres")
    if sp.run([*PSQL, "-c", "SELECT 1"], capture_output=True).returncode != 0:
        data = {"error": "no PostgreSQL on 127.0.0.1:5432"}
    else:
        try:
            data = run_stats(quick=quick, rebuild=rebuild, log=log)
        except Exception as error:  # noqa: BLE001 (the report says what failed)
            data = {"error": str(error).splitlines()[0][:200] if str(error) else type(error).__name__}
    update_results(output, format_section(data, quick=quick))
    log(f"updated the statistics section of {output}")


if __name__ == "__main__":
    _django()
    command = sys.argv[1]
    if command == "count":
        print(json.dumps(_count()))
    elif command == "fill":
        print(json.dumps(_fill(int(sys.argv[2]))))
    elif command == "measure":
        print(json.dumps(_measure(int(sys.argv[2]))))
