"""Fictional demo data for places and flow: capacity, placements over ten years, waiting lists,
wishes for change and the flow meetings of weeks 18 and 41. Run after load_demo_intake.

The history is generated from a fixed seed so every run gives the same picture: demo people move
between activity, adapted work, VTA and ordinary work, the way the source documents describe.
Idempotent: it does nothing when demo placements already exist.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from veivalg.accounts.models import Organisation, OrganisationKind, Person
from veivalg.demo.guard import ensure_demo_data_allowed
from veivalg.directory.models import Offer
from veivalg.intake.selectors import applicable_offers
from veivalg.placements import services
from veivalg.placements.models import Capacity, ChangeWish, Placement, Reservation
from veivalg.places.models import Municipality

# Kinds in the order a working life often moves through them (up, down or sideways).
LADDER = ("dagtilbud", "kommunalt-tilrettelagt-arbeid", "kjopte-plasser", "vta", "vto", "helt-med-ips")
FIRST = (
    "Amund",
    "Brita",
    "Cato",
    "Dagny",
    "Elias",
    "Fride",
    "Gunnar",
    "Hilde",
    "Isak",
    "Jorunn",
    "Kjell",
    "Liv",
    "Mats",
    "Nina",
    "Ola-Kristian",
    "Pernille",
    "Ragnar",
    "Solveig",
    "Trym",
    "Unni",
)


class Command(BaseCommand):
    help = "Last inn fiktive demodata for plasser, ventelister, ønsker om endring og flytmøter."

    def handle(self, *args, **options):
        ensure_demo_data_allowed()
        # Placements from accepted demo cases may exist already; the capacity marks a loaded run.
        if Capacity.objects.filter(offer__is_demo=True).exists():
            self.stdout.write("Demo-plasser finnes alt.")
            return
        baerum = Municipality.objects.get(number="3201")
        offers = list(applicable_offers(baerum))
        if not offers:
            self.stdout.write(self.style.WARNING("Ingen tilbud å plassere i: kjør load_demo_data først."))
            return
        with transaction.atomic():
            self.load_capacity(offers)
            people = self.load_history(offers, baerum)
            self.load_wishes(people)
        self.load_meetings(baerum)
        self.stdout.write(
            f"Demo-plasser: {Placement.objects.filter(person__is_demo=True).count()} plasseringer, "
            f"{ChangeWish.objects.count()} ønsker om endring."
        )

    def load_capacity(self, offers: list[Offer]) -> None:
        asker = Municipality.objects.get(number="3203")
        for offer in offers:
            places = offer.places_total or 12
            capacity = Capacity.objects.create(
                offer=offer, starts_on=datetime.date(2016, 1, 1), places=places
            )
            reserved = (
                offer.coverage.filter(municipality=asker).values_list("reserved_places", flat=True).first()
            )
            if reserved:
                Reservation.objects.create(capacity=capacity, municipality=asker, places=reserved)

    def load_history(self, offers: list[Offer], municipality) -> list[Person]:
        by_kind: dict[str, list[Offer]] = {}
        for offer in offers:
            by_kind.setdefault(offer.kind.code, []).append(offer)
        ladder = [code for code in LADDER if code in by_kind]
        rng = random.Random(2026)
        today = timezone.localdate()
        people = []
        for number in range(120):
            person = Person.objects.create(
                display_name=f"{FIRST[number % len(FIRST)]} Demo {number + 1}",
                birth_date=datetime.date(1975 + number % 30, 1 + number % 12, 1 + number % 28),
                is_demo=True,
            )
            people.append(person)
            start = datetime.date(2016 + rng.randrange(0, 9), rng.choice((1, 8)), 15)
            step = rng.randrange(0, max(1, len(ladder) - 1))
            while start < today:
                code = ladder[step]
                offer = rng.choice(by_kind[code])
                length = datetime.timedelta(days=rng.randrange(300, 1500))
                ends_on = start + length
                open_ended = ends_on >= today
                services.place(
                    person=person,
                    offer=offer,
                    municipality=municipality,
                    starts_on=start,
                    ends_on=None if open_ended and rng.random() < 0.7 else ends_on,
                    days_per_week=Decimal(rng.choice((3, 4, 5))),
                    over_capacity_reason="Demo: historisk plassering",
                )
                if open_ended:
                    break
                start = ends_on + datetime.timedelta(days=1)
                step = max(0, min(len(ladder) - 1, step + rng.choice((1, 1, 0, -1))))
        return people

    def load_wishes(self, people: list[Person]) -> None:
        today = timezone.localdate()
        kinds = list(ChangeWish.Kind.values)
        for number, person in enumerate(people[:12]):
            placement = Placement.objects.filter(person=person).active_on(today).first()
            if placement is None:
                continue
            services.register_wish(
                person=person,
                placement=placement,
                kind=kinds[number % len(kinds)],
                by_person=person,
                reason="Demo: ønsker noe annet enn i dag.",
            )

    def load_meetings(self, municipality) -> None:
        organiser = Organisation.objects.filter(
            kind=OrganisationKind.ALLOCATION_OFFICE, municipalities=municipality
        ).first()
        if organiser is None:
            return
        invited = Organisation.objects.filter(
            kind__in=[OrganisationKind.NAV_OFFICE, OrganisationKind.PROVIDER], municipalities=municipality
        )
        today = timezone.localdate()
        for held_on in services.default_meeting_dates(today.year) + services.default_meeting_dates(
            today.year + 1
        ):
            if held_on < today - datetime.timedelta(days=200):
                continue
            week = held_on.isocalendar()[1]
            meeting = services.plan_meeting(
                organiser=organiser,
                municipalities=[municipality],
                held_on=held_on,
                invited=list(invited),
                title=f"Flytmøte {municipality.name} uke {week} {held_on.year}",
            )
            services.build_agenda(meeting)
            if held_on < today:
                services.close_meeting(meeting=meeting, by=None, make_minutes=False)
            else:
                break
