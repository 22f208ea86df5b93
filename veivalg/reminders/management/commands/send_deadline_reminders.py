from django.core.management.base import BaseCommand

from veivalg.reminders.services import remove_stale_pending, send_deadline_reminders


class Command(BaseCommand):
    help = (
        "E-mail confirmed subscribers 14 days before each application deadline in their municipality, "
        "once per deadline, and delete requests never confirmed within 7 days. Run once a day."
    )

    def handle(self, *args, **options):
        removed = remove_stale_pending()
        queued = send_deadline_reminders()
        self.stdout.write(f"{queued} deadline reminder(s) queued; {removed} unconfirmed request(s) removed.")
