"""`manage.py run_worker`: django-tasks' database worker that survives a database outage.

The plain `db_worker` exits on the first OperationalError, and tasks then wait for a person to
restart it. This command runs the same worker (same options) and, when the database goes away,
waits with growing pauses (1 s up to 30 s) and starts it again. A task that was running when the
database went away stays RUNNING; the scheduler's `requeue_stuck_tasks` puts it back.
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

logger = logging.getLogger("veivalg.worker")
LONGEST_PAUSE = 30.0


class Command(DatabaseWorkerCommand):
    help = "Run the background worker, reconnecting after a database outage."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--give-up-after",
            type=float,
            default=None,
            help="Stop trying after this many seconds without the database (default: never).",
        )

    def handle(self, *args, give_up_after: float | None = None, **options):
        pause = 1.0
        started = time.monotonic()
        while True:
            try:
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                if give_up_after is not None and time.monotonic() - started > give_up_after:
                    raise
                # No details: the message may carry connection settings.
                logger.warning(
                    "The database is unavailable (%s); trying again in %.0f s", type(error).__name__, pause
                )
                self.stderr.write(f"database unavailable ({type(error).__name__}); retrying in {pause:.0f} s")
                for connection in connections.all(initialized_only=True):
                    connection.close_if_unusable_or_obsolete()
                    connection.close()
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
