"""Issue 6 figures: decision letters (tagged PDF/UA-1 by WeasyPrint) per letter and per minute
through the task worker.

    .venv/bin/python -m benchmarks.intake            # 200 letters (results.md section)
    .venv/bin/python -m benchmarks.intake --quick    # 20 letters, to /tmp/veivalg_bench_results_quick.md

A fresh SQLite database (/tmp/veivalg_bench_intake.sqlite3) is migrated, then `prepare` (in a
Django process) makes N submitted cases in Bærum, each with a granted vedtak, empties the task
queue of the receipts and copies that submitting queued, and enqueues one `make_decision_letter`
per decision with the database task backend, exactly as `services.decide` does after its commit.

1. Per letter: `render` times `letters.render_letter` in one process (the first letter, with
   fonts and templates still cold, is reported apart; then median and p95 of the rest).
2. Through the worker: `manage.py db_worker --batch --no-startup-delay` drains the queue (each
   letter task renders, stores the PDF in the private storage and queues the notice e-mail,
   which the same worker then sends to the console backend). Letters per minute = N ÷ the
   worker's wall time, process start included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LETTERS = 200
QUICK_LETTERS = 20
RENDER_SAMPLES = 30
SECTION_TITLE = "## Decision letters (issue 6)"
START_MARK = "<!-- intake_letters:start -->"
END_MARK = "<!-- intake_letters:end -->"
DATABASE = "/tmp/veivalg_bench_intake.sqlite3"


def _env(private: str) -> dict[str, str]:
    from benchmarks.generate import django_env

    return django_env(
        f"sqlite:///{DATABASE}",
        PRIVATE_MEDIA_ROOT=private,
        EMAIL_URL="console://",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        DJANGO_SETTINGS_MODULE="veivalg.settings",
    )


def _python() -> str:
    from benchmarks.generate import PYTHON

    return PYTHON


def run_intake(*, quick: bool, log=print) -> dict:
    letters = QUICK_LETTERS if quick else LETTERS
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="veivalg-letters-") as private:
        env = _env(private)
        log("intake: migrating")
        subprocess.run(
            [_python(), "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        log(f"intake: preparing {letters} decisions")
        prepared = _json_run(["prepare", str(letters)], env)
        log("intake: rendering letters in one process")
        rendered = _json_run(["render", str(min(RENDER_SAMPLES, letters))], env)
        log("intake: draining the queue with db_worker --batch")
        started = time.perf_counter()
        subprocess.run(
            [_python(), "manage.py", "db_worker", "--batch", "--no-startup-delay", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        made = _json_run(["count"], env)
    return {
        "letters": letters,
        "queued": prepared["queued"],
        "render": rendered,
        "worker_seconds": seconds,
        "made": made["made"],
        "notices": made["notices"],
        "letters_per_minute": made["made"] / seconds * 60 if seconds else 0.0,
        "pdf_kib": made["mean_kib"],
    }


def _json_run(arguments: list[str], env: dict) -> dict:
    out = subprocess.run(
        [_python(), "-m", "benchmarks.intake", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- inside a Django process ------------------------------------------------------------------


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veivalg.settings")
    django.setup()


def prepare(count: int) -> dict:
    import datetime

    from django_tasks_db.models import DBTaskResult

    from veivalg.accounts.tests.factories import PersonFactory
    from veivalg.intake import services
    from veivalg.intake.states import PartStatus
    from veivalg.intake.tasks import make_decision_letter
    from veivalg.intake.tests import factories as f

    offices = f.baerum_offices()
    offices["allocation"].phone, offices["allocation"].email = "67 50 40 50", "tildeling@baerum.example"
    offices["allocation"].save(update_fields=["phone", "email"])
    offers = f.applicable_offers()
    caseworker = f.caseworker(offices["allocation"])
    decisions = []
    for number in range(count):
        person = PersonFactory(display_name=f"Testperson {number}")
        case = f.submitted_case(person, [offers["activity"]])
        part = services.move_part(part=case.parts.get(), to=PartStatus.READY, by=caseworker)
        decisions.append(
            services.decide(
                part=part,
                outcome=PartStatus.GRANTED,
                by=caseworker,
                reasons="Du trenger et dagtilbud, og det er ledig plass på Gården fra august.",
                legal_basis="helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6",
                language="nn" if number % 4 == 0 else "nb",
                offer=offers["activity"],
                start_date=datetime.date(2027, 8, 16),
                days_per_week=4,
            )
        )
    # Submitting and deciding queued receipts, copies and letters; keep only one letter each.
    DBTaskResult.objects.all().delete()
    for decision in decisions:
        make_decision_letter.enqueue(str(decision.pk))
    return {"queued": DBTaskResult.objects.count()}


def render(samples: int) -> dict:
    from veivalg.intake import letters
    from veivalg.intake.models import Decision

    decisions = list(
        Decision.objects.select_related("part__case__application", "part__office", "offer").order_by(
            "decided_at"
        )[:samples]
    )
    times = []
    sizes = []
    for decision in decisions:
        started = time.perf_counter()
        pdf = letters.render_letter(decision)
        times.append((time.perf_counter() - started) * 1000)
        sizes.append(len(pdf))
    warm = sorted(times[1:]) or times
    return {
        "first_ms": times[0],
        "median_ms": statistics.median(warm),
        "p95_ms": warm[min(len(warm) - 1, int(len(warm) * 0.95))],
        "samples": len(times),
        "kib": statistics.mean(sizes) / 1024,
    }


def count() -> dict:
    from django_tasks_db.models import DBTaskResult

    from veivalg.intake.models import Decision

    made = Decision.objects.exclude(letter="")
    sizes = [decision.letter.size for decision in made]
    notices = DBTaskResult.objects.filter(task_path__endswith="send_case_notice", status="SUCCESSFUL").count()
    return {
        "made": made.count(),
        "notices": notices,
        "mean_kib": statistics.mean(sizes) / 1024 if sizes else 0,
    }


# --- results.md -------------------------------------------------------------------------------


def format_section(data: dict, *, quick: bool) -> str:
    lines = [START_MARK, SECTION_TITLE, ""]
    if "error" in data:
        lines += [f"Not measured: {data['error']}", "", END_MARK]
        return "\n".join(lines)
    render_ = data["render"]
    lines += [
        f"{'Quick run: ' if quick else ''}{data['letters']} granted vedtak letters (a quarter in nynorsk), "
        "SQLite, one worker process (`manage.py db_worker --batch`), database task backend.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| PDF/UA-1 letter, first in a process (cold) | {render_['first_ms']:.0f} ms |",
        f"| PDF/UA-1 letter, median of the next {render_['samples'] - 1} | {render_['median_ms']:.0f} ms |",
        f"| PDF/UA-1 letter, p95 | {render_['p95_ms']:.0f} ms |",
        f"| letter size, mean | {data['pdf_kib']:.0f} KiB |",
        f"| worker: letters made / queued | {data['made']} / {data['queued']} |",
        f"| worker: notice e-mails sent (console backend) | {data['notices']} |",
        f"| worker: wall time, start to empty queue | {data['worker_seconds']:.1f} s |",
        f"| **letters per minute, one worker** | **{data['letters_per_minute']:.0f}** |",
        "",
        "Each letter task renders the PDF, stores it in the private storage and queues the "
        "notice, which the same worker sends. More throughput comes from more worker processes "
        "(`db_worker` takes tasks with row locks on PostgreSQL). Run alone with "
        "`.venv/bin/python -m benchmarks.intake`.",
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
        data = run_intake(quick=quick, log=log)
    except Exception as error:  # a failed section must not lose the rest of the run
        data = {"error": f"{type(error).__name__}: {error}"}
    update_results(output, format_section(data, quick=quick))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", nargs="?", default="run", choices=["run", "prepare", "render", "count"])
    parser.add_argument("number", nargs="?", type=int)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.command == "run":
        from benchmarks.run import QUICK_RESULTS, RESULTS

        output = QUICK_RESULTS if args.quick else RESULTS
        run_section(output, quick=args.quick)
        print(f"updated {output}")
        return 0
    _setup()
    result = {"prepare": prepare, "render": render, "count": count}[args.command]
    print(json.dumps(result(args.number) if args.number is not None else result()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
