"""How the demo staff sign in: a known password and a published TOTP key. Demo only.

The loaders that create staff users (`load_demo_data`, `load_demo_intake`) take the password from
DEMO_PASSWORD (`make demo` sets it), or use the published default when DEBUG is on; with neither
they skip the staff. Every demo staff user gets a confirmed TOTP device with the same key, so
anyone trying the demo can sign in: add the key to an authenticator app or run
`manage.py demo_totp_code` for the code that holds now.
"""

from __future__ import annotations

import base64
import os

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

DEFAULT_PASSWORD = "demo-passord-123"
# The demo users' TOTP key (base32), known on purpose.
DEMO_TOTP_SECRET = "VEIVALGDEMOTOTPNOKKELBAREFORDEMO"
DEMO_DEVICE_NAME = "Demo (kjent nøkkel)"


def demo_password() -> str | None:
    """The demo staff's password, or None when no demo staff may be made here."""
    password = os.environ.get("DEMO_PASSWORD")
    if not password and not settings.DEBUG:
        return None
    return password or DEFAULT_PASSWORD


def enrol_demo_device(user) -> TOTPDevice:
    """Give a demo staff user a confirmed TOTP device with the published demo key."""
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": key, "confirmed": True}
    )
    return device
