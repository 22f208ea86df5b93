"""Runs the periodic jobs in development (`make run` starts it beside the worker).

In production the same commands run from cron or a systemd timer; this loop only saves a
developer from setting that up.
"""

import time

from django.core.management import BaseCommand, call_command

JOBS = [
    # (command, every N seconds)
    ("requeue_stuck_tasks", 60),
    ("publish_scheduled", 60),
    ("send_event_reminders", 3600),
    ("remove_expired_data", 24 * 3600),
    ("send_review_reminders", 24 * 3600),
    ("send_deadline_reminders", 24 * 3600),
]


class Command(BaseCommand):
    help = "Run scheduled publishing, event reminders and data clean-up on a timer (development)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and stop.")

    def handle(self, *args, once: bool = False, **options):
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for command, every in JOBS:
                if once or now - last_run.get(command, -every) >= every:
                    try:
                        call_command(command, verbosity=0)
                    except Exception as error:  # keep the other jobs running; say which one failed
                        self.stderr.write(f"{command} failed: {type(error).__name__}")
                    last_run[command] = now
            if once:
                return
            time.sleep(30)
