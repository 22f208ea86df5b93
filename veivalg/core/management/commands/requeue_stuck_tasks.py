from django.core.management import BaseCommand

from veivalg.core.worker import requeue_stuck_tasks


class Command(BaseCommand):
    help = "Put background tasks whose worker died mid-run back in the queue (counts only)."

    def handle(self, *args, **options):
        counts = requeue_stuck_tasks()
        if counts["requeued"] or counts["failed"]:
            self.stdout.write(f"requeued {counts['requeued']}, given up {counts['failed']}")
