"""Load the whole demo: `manage.py load_demo [--reset]` runs the six loaders in order.

Each part is still its own command. The order matters: the directory (offers, editors) comes
first, the intake needs its offers and the demo people, and the placements need the intake's
offices. Demo staff get DEMO_PASSWORD (see `veivalg/demo/staff.py`); `--reset` is passed to
`load_demo_data`, which deletes the directory's demo rows first.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from veivalg.demo.guard import ensure_demo_data_allowed

PARTS = (
    "load_demo_data",
    "load_demo_content",
    "load_demo_events",
    "load_demo_people",
    "load_demo_intake",
    "load_demo_placements",
)


class Command(BaseCommand):
    help = "Last inn alle fiktive demodata: tilbud, innhold, arrangementer, personer, saker og plasser."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Slett tilbudsoversiktens demodata (is_demo=True) først."
        )

    def handle(self, *args, reset: bool = False, **options):
        ensure_demo_data_allowed()
        for name in PARTS:
            if options["verbosity"]:
                self.stdout.write(self.style.MIGRATE_HEADING(name))
            extra = {"reset": True} if reset and name == "load_demo_data" else {}
            call_command(
                name,
                stdout=self.stdout,
                stderr=self.stderr,
                verbosity=options["verbosity"],
                no_color=options["no_color"],
                **extra,
            )
