"""Remove data past its retention period; prints the counts only."""

from django.core.management.base import BaseCommand

from veivalg.accounts.own_data import remove_expired_data


class Command(BaseCommand):
    help = "Delete ended consents and handled requests past retention (see accounts/README.md)."

    def handle(self, *args, **options):
        removed = remove_expired_data()
        for kind, count in removed.items():
            self.stdout.write(f"{kind}: {count}")
