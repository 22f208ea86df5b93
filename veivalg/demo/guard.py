"""The guard every demo loader (`manage.py load_demo_*`) calls first.

Demo data is fictional people, staff accounts with a known password and an enrolled second
factor: on a production server that is a way in. The loaders run only where DEBUG is on, or
where an operator has said so with ALLOW_DEMO_DATA=true (`make demo`, a public demo server).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError


def ensure_demo_data_allowed() -> None:
    """Raise CommandError, with what to do, unless demo data may be loaded here."""
    if settings.DEBUG or getattr(settings, "ALLOW_DEMO_DATA", False):
        return
    raise CommandError(
        "Demodata lastes ikke inn her: DEBUG er av, og ALLOW_DEMO_DATA er ikke satt. "
        "Demodata har fiktive brukere med kjent passord og hører ikke hjemme i drift. "
        "Er dette en demo- eller testserver, kjør kommandoen med ALLOW_DEMO_DATA=true."
    )
