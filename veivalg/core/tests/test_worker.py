"""Background tasks through faults: a worker killed mid-task, the database going away
(issue 13, points 2 and 3). Tasks go through the real database backend here, not the
immediate one the other tests use."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from veivalg.core.worker import STUCK_REASON, requeue_stuck_tasks

ROOT = Path(__file__).resolve().parents[3]
# The worker runs its own transactions, as in production: rows must be committed. Every test
# here is transactional, so the whole file runs after the others on its test process (a
# transactional test empties the database when it ends; serialized_rollback refills it at the
# start of the next such test only).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a second process needs a shared database"
)


@task()
def write_mark(path: str, text: str) -> None:
    """Writes `text` to `path`; waits first while `path`.hold exists (to be killed mid-run)."""
    hold = Path(f"{path}.hold")
    while hold.exists():
        time.sleep(0.1)
    Path(path).write_text(text)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_STUCK_AFTER_SECONDS = 900
    settings.TASK_MAX_ATTEMPTS = 3


def _run_worker_until_empty():
    call_command("run_worker", batch=True, startup_delay=False, reload=False, verbosity=0, give_up_after=20)


def test_a_task_whose_worker_died_mid_run_is_run_again_by_the_next_worker(database_tasks, tmp_path):
    mark = tmp_path / "letter.txt"
    result = write_mark.enqueue(str(mark), "brev")
    # A worker claimed it and was killed: RUNNING, started 20 minutes ago, never finished.
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("killed-worker")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=20))

    _run_worker_until_empty()
    assert not mark.exists(), "a RUNNING task is not taken by another worker"

    assert requeue_stuck_tasks() == {"requeued": 1, "failed": 0}
    _run_worker_until_empty()
    assert mark.read_text() == "brev"
    assert DBTaskResult.objects.get(pk=row.pk).status == TaskResultStatus.SUCCESSFUL


def test_a_task_that_is_still_running_normally_is_left_alone(database_tasks, tmp_path):
    result = write_mark.enqueue(str(tmp_path / "x"), "x")
    DBTaskResult.objects.get(pk=result.id).claim("busy-worker")
    assert requeue_stuck_tasks() == {"requeued": 0, "failed": 0}
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def test_a_task_that_kills_its_worker_every_time_is_given_up_after_the_last_attempt(database_tasks, tmp_path):
    result = write_mark.enqueue(str(tmp_path / "x"), "x")
    row = DBTaskResult.objects.get(pk=result.id)
    later = timezone.now()
    for attempt in range(3):
        row.refresh_from_db()
        row.claim(f"worker-{attempt}")
        later += datetime.timedelta(hours=1)
        counts = requeue_stuck_tasks(now=later)
    assert counts == {"requeued": 0, "failed": 1}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED and row.exception_class_path == STUCK_REASON


@on_postgresql
def test_the_worker_reconnects_after_the_database_drops_its_connection(database_tasks, tmp_path):
    mark = tmp_path / "mail.txt"
    write_mark.enqueue(str(mark), "e-post")
    # The database ends the worker's connection, as a restart or failover does.
    connection.ensure_connection()
    backend_pid = connection.connection.info.backend_pid
    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        dbname=settings_dict["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])

    _run_worker_until_empty()
    assert mark.read_text() == "e-post"


@on_postgresql
def test_kill_minus_nine_during_a_task_loses_nothing(database_tasks, tmp_path):
    """A real worker process is killed with SIGKILL while it runs a task; the scheduler's
    re-queue and the next worker finish it."""
    mark = tmp_path / "pdf.txt"
    Path(f"{mark}.hold").touch()
    result = write_mark.enqueue(str(mark), "pdf")
    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        ),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--no-reload", "-v", "0"],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while DBTaskResult.objects.get(pk=result.id).status != TaskResultStatus.RUNNING:
            assert time.monotonic() < deadline, "the worker never started the task"
            time.sleep(0.2)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    Path(f"{mark}.hold").unlink()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

    assert requeue_stuck_tasks(now=timezone.now() + datetime.timedelta(hours=1))["requeued"] == 1
    _run_worker_until_empty()
    assert mark.read_text() == "pdf"
