from django.core.management.base import BaseCommand

from veivalg.reminders.services import send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail each editor one digest of the offers and pages of their municipalities that are past "
        "their review-by date (national pages to superusers). An item is not repeated to the same "
        "editor within 7 days. Run once a day."
    )

    def handle(self, *args, **options):
        queued = send_review_reminders()
        self.stdout.write(f"{queued} review digest(s) queued.")
