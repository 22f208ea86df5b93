"""Keeping background tasks moving through faults (django-tasks, database backend).

- `requeue_stuck_tasks`: a task whose worker died mid-run (killed, out of memory, the machine
  restarted) stays RUNNING for good, so the letter it was making never arrives. The scheduler
  puts such tasks back in the queue once they have run longer than any real task takes, and
  gives up (FAILED, with a reason) after a few tries so one poisonous task cannot loop for ever.
  Our tasks are written to be safe to run again (they replace what they make).
- `run_worker` (the management command) keeps the worker alive through a database outage.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

STUCK_REASON = "veivalg.core.worker.StuckTask"


def requeue_stuck_tasks(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Put tasks RUNNING for longer than TASK_STUCK_AFTER_SECONDS back in the queue.

    A task already claimed TASK_MAX_ATTEMPTS times is marked failed instead. Returns counts.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.TASK_STUCK_AFTER_SECONDS)
    counts = {"requeued": 0, "failed": 0}
    with transaction.atomic():
        stuck = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .order_by("started_at")
        )
        for result in stuck:
            if len(result.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = STUCK_REASON
                result.traceback = (
                    f"The task was started {len(result.worker_ids)} times and never finished "
                    f"(each time its worker stopped during the run)."
                )
                result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                counts["failed"] += 1
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                counts["requeued"] += 1
    return counts
