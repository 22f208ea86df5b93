from django.core.management.base import BaseCommand

from veivalg.events.services import queue_due_reminders


class Command(BaseCommand):
    help = (
        "Queue reminder e-mails for events starting within 48 hours, for people who asked for one. "
        "Each person gets one reminder, however often this runs (e.g. hourly from cron)."
    )

    def handle(self, *args, **options):
        queued = queue_due_reminders()
        self.stdout.write(f"{queued} reminder(s) queued.")
