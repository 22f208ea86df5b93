import base64

from django.core.management.base import BaseCommand
from django_otp.oath import totp

from veivalg.demo.staff import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Skriver koden (TOTP) som gjelder nå for demobrukerne redaktor.baerum og admin. Bare for demo."

    def handle(self, *args, **options):
        code = totp(base64.b32decode(DEMO_TOTP_SECRET))
        self.stdout.write(f"{code:06d}")
