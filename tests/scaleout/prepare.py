"""Fills the scale-out job's fresh database, in one process (`python -m tests.scaleout.prepare`,
with the job's DATABASE_URL and ALLOW_DEMO_DATA set): the migrations (reference data), the
demo directory with its editors (`load_demo_data`), and one information meeting in Bærum open
for sign-up. Prints what the job needs as one line of JSON."""

from __future__ import annotations

import json
import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veivalg.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_data", verbosity=0)

    from veivalg.directory.models import Offer
    from veivalg.events.tests.factories import EventFactory

    event = EventFactory(title="Informasjonsmøte om arbeid etter skolen", capacity=100)
    offer = (
        Offer.objects.published()
        .filter(owner_municipality__number="3201", places_total__isnull=False)
        .order_by("title")
        .first()
    )
    print(
        json.dumps(
            {
                "event_slug": event.slug,
                "offer_id": str(offer.pk),
                "offer_slug": offer.slug,
                "offer_places": offer.places_total,
                "editor": "redaktor.baerum",
            }
        )
    )


if __name__ == "__main__":
    main()
