"""Issue 6 figures on PostgreSQL: 1,000 applications submitted by concurrent clients (locust
against gunicorn), and the caseworkers' queue with 50,000 cases.

    .venv/bin/python benchmarks/run.py --only intake_load     # this section only (--quick: 100 / 5,000)

The database `veivalg_bench_intake` is migrated once and kept. Each run adds a fresh batch of
complete drafts (the answers every step asks for, through the intake's own services), one
signed-in session per applicant, and tops the cases up to the queue size in bulk (persons,
applications, cases and case parts at Bærum's allocation office, spread over statuses and 400
days). Sessions are rows made with the test client's `force_login` (sign-in is not measured);
the caseworker's session carries a verified second factor.

1. Submission: locust (headless, SUBMIT_USERS concurrent users, each applicant once) opens the
   «check your answers» page and posts «send»; the figure is the p95 of the POST and whether all
   applications became exactly one case each, inside 60 seconds.
2. Queue: wrk -t2 -c8 with the caseworker's cookie on the first queue page, a filtered page and
   a deep page; p95, and requests/s as a ratio to the minimal view in the same server.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.access_log import wrk_with_cookie  # noqa: E402
from benchmarks.generate import (  # noqa: E402
    PYTHON,
    database_url,
    django_env,
    migrate,
    postgres_database_exists,
    recreate_database,
)
from benchmarks.load import gunicorn, wrk  # noqa: E402

NAME = "veivalg_bench_intake"
APPLICANTS, QUICK_APPLICANTS = 1_000, 100
CASES, QUICK_CASES = 50_000, 5_000
SUBMIT_USERS = 50
START_MARK = "<!-- intake-load:start -->"
END_MARK = "<!-- intake-load:end -->"
LOCUSTFILE = Path(__file__).with_name("locust_submit.py")


def _run_json(url: str, *args: str) -> dict:
    out = subprocess.run(
        [PYTHON, "-m", "benchmarks.intake_load", *args],
        cwd=ROOT,
        env=django_env(url, DJANGO_SETTINGS_MODULE="benchmarks.bench_settings"),
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RuntimeError(f"intake_load {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_intake_load(*, quick: bool = False, seconds: int = 10, log=print) -> dict:
    applicants = QUICK_APPLICANTS if quick else APPLICANTS
    cases = QUICK_CASES if quick else CASES
    url = database_url("postgres", NAME)
    if not postgres_database_exists(NAME):
        log(f"  creating {NAME}")
        recreate_database("postgres", NAME)
    migrate(url)
    log(f"  preparing {applicants:,} drafts and {cases:,} cases")
    started = time.perf_counter()
    prepared = _run_json(url, "prepare", str(applicants), str(cases))
    prepared["prepare_seconds"] = round(time.perf_counter() - started, 1)
    result: dict = {"prepared": {k: v for k, v in prepared.items() if k not in {"applicants", "caseworker"}}}
    with gunicorn(url, workers=2) as base:
        log("  submitting through locust")
        result["submit"] = _submit(base, prepared["applicants"], log=log)
        result["submit"].update(
            _run_json(url, "verify", json.dumps([a["application"] for a in prepared["applicants"]]))
        )
        log("  queue")
        result["minimal"] = wrk(base, ["/bench/minimal/"], seconds)
        cookie = prepared["caseworker"]
        result["queue"] = {
            name: wrk_with_cookie(base, path, cookie, seconds)
            for name, path in (
                ("first page", "/ansatt/saker/"),
                ("filtered (received, by answer date)", "/ansatt/saker/?status=received&sortering=frist"),
                ("page 40", "/ansatt/saker/?side=40"),
            )
        }
        # What one caseworker sees when the server is not shared with seven others.
        result["queue"]["first page, one connection"] = wrk_with_cookie(
            base, "/ansatt/saker/", cookie, seconds, connections=1
        )
    result["cases_total"] = prepared["cases_total"]
    return result


def _submit(base: str, applicants: list[dict], log=print) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        people = Path(folder) / "applicants.json"
        people.write_text(json.dumps(applicants))
        prefix = Path(folder) / "locust"
        env = {**os.environ, "LOCUST_APPLICANTS": str(people)}
        started = time.perf_counter()
        out = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "-u",
                str(SUBMIT_USERS),
                "-r",
                str(SUBMIT_USERS),
                "-t",
                "120s",
                "--host",
                base,
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        wall = time.perf_counter() - started
        rows = {}
        stats_file = Path(f"{prefix}_stats.csv")
        if not stats_file.exists():
            raise RuntimeError(f"locust wrote no statistics: {out.stderr[-2000:]}")
        with stats_file.open() as f:
            for row in csv.DictReader(f):
                rows[row["Name"]] = row
    submit = rows.get("submit", {})
    check = rows.get("check", {})
    done_at = [line for line in (out.stdout + out.stderr).splitlines() if "all applicants done" in line]
    return {
        "users": SUBMIT_USERS,
        "applicants": len(applicants),
        "posts": int(submit.get("Request Count", 0)),
        "failures": int(submit.get("Failure Count", 0)) + int(check.get("Failure Count", 0)),
        "submit_p50_ms": float(submit.get("50%", 0) or 0),
        "submit_p95_ms": float(submit.get("95%", 0) or 0),
        "check_p95_ms": float(check.get("95%", 0) or 0),
        "wall_seconds": round(wall, 1),
        "done_line": done_at[-1] if done_at else "",
    }


# --- in the Django process ----------------------------------------------------------------------


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    django.setup()


def _session(user, **values) -> str:
    from benchmarks.access_log import _session_for

    return _session_for(user, **values)


def _prepare(applicants: int, cases: int) -> dict:
    import datetime
    import secrets

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veivalg.accounts.models import Organisation, OrganisationKind, Person, StaffRoleKind
    from veivalg.accounts.services import add_staff_role
    from veivalg.directory.models import Offer, OfferKind
    from veivalg.directory.tests.factories import OfferFactory, OrganizationFactory
    from veivalg.intake.models import REFERENCE_ALPHABET, Application, Case, CasePart, Choice
    from veivalg.intake.states import PartStatus
    from veivalg.intake.tests import factories as f
    from veivalg.intake.tests.apply_factories import complete_draft
    from veivalg.places.models import Municipality

    baerum = Municipality.objects.get(number="3201")
    offices = f.baerum_offices()
    offers = list(Offer.objects.filter(title__startswith="Bench "))
    if not offers:
        for code, title in (("dagtilbud", "Bench dagtilbud"), ("vta", "Bench VTA")):
            offers.append(
                OfferFactory(
                    kind=OfferKind.objects.get(code=code),
                    organization=OrganizationFactory(municipality=baerum),
                    title=title,
                )
            )
    User = get_user_model()
    caseworker, _ = User.objects.get_or_create(
        username="bench-saksbehandler", defaults={"first_name": "Bench"}
    )
    add_staff_role(user=caseworker, organisation=offices["allocation"], role=StaffRoleKind.CASEWORKER)
    device, _ = TOTPDevice.objects.get_or_create(user=caseworker, name="bench", defaults={"confirmed": True})

    # Fresh drafts for this run (earlier runs' applications are submitted and stay as cases).
    batch = []
    stamp = secrets.token_hex(3)
    for number in range(applicants):
        person = Person.objects.create(
            display_name=f"Bench søker {stamp}-{number}", is_demo=True, birth_date=datetime.date(2004, 1, 1)
        )
        user = User.objects.create_user(username=f"bench-{stamp}-{number}")
        Person.objects.filter(pk=person.pk).update(user=user)
        person.user = user
        draft = complete_draft(person, offers[:1] if number % 2 else offers)
        batch.append({"application": str(draft.pk), "cookie": _session(user)})

    # Top the queue up to `cases` in bulk.
    existing = Case.objects.count()
    missing = max(0, cases - existing)
    statuses = [
        PartStatus.RECEIVED,
        PartStatus.CLARIFICATION,
        PartStatus.READY,
        PartStatus.GRANTED,
        PartStatus.WAITING_LIST,
        PartStatus.ACCEPTED,
        PartStatus.REFUSED,
    ]
    now = timezone.now()
    chunk = 5_000
    for start in range(0, missing, chunk):
        size = min(chunk, missing - start)
        with transaction.atomic():
            people = Person.objects.bulk_create(
                [Person(display_name=f"Kø {existing + start + i}", is_demo=True) for i in range(size)]
            )
            apps = Application.objects.bulk_create(
                [
                    Application(
                        applicant=p,
                        municipality=baerum,
                        status="submitted",
                        submitted_at=now,
                        reference="Q-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(9)),
                        answers={"kontakt": {"email": "ko@eksempel.no"}},
                    )
                    for p in people
                ]
            )
            Choice.objects.bulk_create(
                [Choice(application=a, preference=1, offer=offers[0], route="vedtak") for a in apps]
            )
            new_cases = Case.objects.bulk_create(
                [
                    Case(application=a, applicant=a.applicant, municipality=baerum, created_at=now)
                    for a in apps
                ]
            )
            CasePart.objects.bulk_create(
                [
                    CasePart(
                        case=c,
                        route="vedtak",
                        office=offices["allocation"],
                        status=statuses[(existing + start + i) % len(statuses)],
                        received_at=now - datetime.timedelta(days=(existing + start + i) % 400),
                        answer_due=(now + datetime.timedelta(days=30)).date(),
                    )
                    for i, c in enumerate(new_cases)
                ]
            )
    # What autovacuum would do after a load like this: fresh planner statistics.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE intake_casepart; ANALYZE intake_case; ANALYZE intake_application")
    organisation = Organisation.objects.get(pk=offices["allocation"].pk)
    assert organisation.kind == OrganisationKind.ALLOCATION_OFFICE
    return {
        "applicants": batch,
        "caseworker": _session(caseworker, **{DEVICE_ID_SESSION_KEY: device.persistent_id}),
        "cases_total": Case.objects.count(),
        "parts_at_office": CasePart.objects.filter(office=organisation).count(),
    }


def _verify(application_ids: list[str]) -> dict:
    from django.db.models import Count

    from veivalg.intake.models import Application, Case

    submitted = Application.objects.filter(pk__in=application_ids, status="submitted").count()
    cases = Case.objects.filter(application_id__in=application_ids)
    per_application = cases.values("application_id").annotate(n=Count("id")).filter(n__gt=1).count()
    return {
        "submitted": submitted,
        "cases": cases.count(),
        "doubled": per_application,
        "lost": len(application_ids) - submitted,
    }


def format_section(data: dict, *, quick: bool = False) -> str:
    lines = [START_MARK, "## Intake under load (issue 6, PostgreSQL)", ""]
    if "error" in data:
        lines += [f"Not measured: {data['error']}", "", END_MARK]
        return "\n".join(lines)
    s = data["submit"]
    ok = s["lost"] == 0 and s["doubled"] == 0 and s["cases"] == s["applicants"] and s["wall_seconds"] <= 60
    lines += [
        "| measure | value | goal |",
        "|---|---|---|",
        f"| applications submitted by {s['users']} concurrent locust users | {s['applicants']:,} in {s['wall_seconds']} s "
        f"(incl. locust start-up) | all within 60 s: {'PASS' if s['wall_seconds'] <= 60 else 'MISS'} |",
        f"| cases made / lost / doubled | {s['cases']:,} / {s['lost']} / {s['doubled']} | "
        f"none lost or doubled: {'PASS' if ok else 'MISS'} |",
        f"| submit (POST «send») p50 / p95 | {s['submit_p50_ms']:.0f} ms / {s['submit_p95_ms']:.0f} ms | – |",
        f"| «check your answers» page p95 | {s['check_p95_ms']:.0f} ms | – |",
        f"| HTTP failures | {s['failures']} | 0 |",
        "",
        f"Caseworker queue with {data['cases_total']:,} cases in the database "
        f"({data['prepared'].get('parts_at_office', 0):,} at the office), gunicorn -w 2, wrk -t2 -c8 "
        "(and -t1 -c1 for the last row):",
        "",
        "| page | req/s | p50 ms | p95 ms | ratio to minimal | p95 goal < 150 ms |",
        "|---|---|---|---|---|---|",
    ]
    minimal = data["minimal"].get("rps") or 1
    lines.append(
        f"| minimal view | {minimal:.0f} | {data['minimal'].get('p50', 0):.1f} | "
        f"{data['minimal'].get('p95', 0):.1f} | 1.00 | – |"
    )
    for name, row in data["queue"].items():
        p95 = row.get("p95", 0)
        lines.append(
            f"| {name} | {row.get('rps', 0):.0f} | {row.get('p50', 0):.1f} | {p95:.1f} | "
            f"{row.get('rps', 0) / minimal:.2f} | {'PASS' if p95 < 150 and row.get('non_2xx', 0) == 0 else 'MISS'} |"
        )
    lines += [
        "",
        f"{'Quick run (smaller numbers). ' if quick else ''}Method: see `benchmarks/intake_load.py`.",
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
        print(json.dumps(_prepare(int(sys.argv[2]), int(sys.argv[3]))))
    elif command == "verify":
        print(json.dumps(_verify(json.loads(sys.argv[2]))))
    else:
        raise SystemExit(f"unknown command {command}; see the module docstring")
