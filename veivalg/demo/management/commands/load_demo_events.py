"""A fictional school year (September 2026 – August 2027) of events and milestones for the demo
municipalities. Idempotent: events are keyed by slug and updated in place."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from veivalg.demo.guard import ensure_demo_data_allowed
from veivalg.events.models import Event, EventKind
from veivalg.places.models import Municipality

DEMO_MUNICIPALITIES = ["3201", "3203", "4601", "4621", "4627", "4614", "4640"]

ACCESSIBLE = "Trinnfri inngang, heis og HC-toalett. Teleslynge i salen."
ACCESSIBLE_NN = "Trinnfri inngang, heis og HC-toalett. Teleslynge i salen."


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _weekday_in_week(year: int, week: int, weekday: int) -> datetime.date:
    return datetime.date.fromisocalendar(year, week, weekday)


def plan(municipality: Municipality, index: int) -> list[dict]:
    """The year for one municipality; dates shift a little between municipalities."""
    name = municipality.name
    name_nn = municipality.name_nn or name
    office = f"Tildelingskontoret i {name}"
    mail = f"tildeling@{municipality.slug}.kommune.example"
    shift = index % 3
    hall = f"Kulturhuset i {name}"
    address = "Rådhusplassen 1"
    items = [
        dict(
            key="informasjonsmote",
            kind=EventKind.INFORMATION_MEETING,
            title="Informasjonsmøte om tilbud etter videregående",
            title_nn="Informasjonsmøte om tilbod etter vidaregåande",
            description=(
                "Hva skjer etter skolen? Kommunen og NAV forteller om arbeid, aktivitet og "
                "utdanning, og om hvordan du søker før 1. februar. Elever, foreldre og lærere er velkomne."
            ),
            description_nn=(
                "Kva skjer etter skulen? Kommunen og NAV fortel om arbeid, aktivitet og utdanning, "
                "og om korleis du søkjer før 1. februar. Elevar, foreldre og lærarar er velkomne."
            ),
            starts_at=_at(_weekday_in_week(2026, 39, 2 + shift), 18),
            ends_at=_at(_weekday_in_week(2026, 39, 2 + shift), 20),
            place_name=hall,
            address=address,
            capacity=120,
        ),
        dict(
            key="veivalgdager",
            kind=EventKind.VEIVALG_DAYS,
            title="Veivalgdager: prøv en arbeidsplass",
            title_nn="Veivalsdagar: prøv ein arbeidsplass",
            description="To dager med besøk hos arbeidsplasser og dagtilbud. Vi går i små grupper.",
            description_nn="To dagar med besøk hos arbeidsplassar og dagtilbod. Vi går i små grupper.",
            starts_at=_at(datetime.date(2026, 10, 20 + shift), 9),
            ends_at=_at(datetime.date(2026, 10, 21 + shift), 14),
            place_name=f"Oppmøte: {hall}",
            address=address,
            capacity=30,
            for_professionals=False,
        ),
        dict(
            key="apen-dag-1",
            kind=EventKind.OPEN_DAY,
            title="Åpen dag på arbeidssenteret",
            title_nn="Open dag på arbeidssenteret",
            description="Se verkstedet, kantina og vaskeriet. Snakk med arbeidsledere og deltakere.",
            description_nn="Sjå verkstaden, kantina og vaskeriet. Snakk med arbeidsleiarar og deltakarar.",
            starts_at=_at(datetime.date(2026, 11, 17 + shift), 12),
            ends_at=_at(datetime.date(2026, 11, 17 + shift), 15),
            place_name=f"{name} arbeidssenter",
            address="Industriveien 4",
            capacity=None,
        ),
        dict(
            key="kurs-soknad",
            kind=EventKind.COURSE,
            title="Kurs: slik skriver du søknaden",
            title_nn="Kurs: slik skriv du søknaden",
            description="Vi går gjennom søknadsskjemaet sammen. Ta med det du har om praksis og hospitering.",
            description_nn="Vi går gjennom søknadsskjemaet saman. Ta med det du har om praksis og hospitering.",
            starts_at=_at(datetime.date(2027, 1, 12 + shift), 17),
            ends_at=_at(datetime.date(2027, 1, 12 + shift), 19),
            place_name=f"Biblioteket i {name}",
            address="Torget 2",
            capacity=15,
            for_young=False,
        ),
        dict(
            key="apen-dag-2",
            kind=EventKind.OPEN_DAY,
            title="Åpen dag på dagsenteret",
            title_nn="Open dag på dagsenteret",
            description="Bli kjent med aktivitetene: musikk, turer, matlaging og sansehage.",
            description_nn="Bli kjend med aktivitetane: musikk, turar, matlaging og sansehage.",
            starts_at=_at(datetime.date(2027, 1, 20 + shift), 11),
            ends_at=_at(datetime.date(2027, 1, 20 + shift), 14),
            place_name=f"Dagsenteret i {name}",
            address="Parkveien 10",
            capacity=40,
        ),
        dict(
            key="soknadsfrist",
            kind=EventKind.APPLICATION_DEADLINE,
            title="Søknadsfrist for kommunale tilbud",
            title_nn="Søknadsfrist for kommunale tilbod",
            description="Søknaden om arbeid eller aktivitet fra høsten må være sendt innen 1. februar.",
            description_nn="Søknaden om arbeid eller aktivitet frå hausten må vere send innan 1. februar.",
            starts_at=_at(datetime.date(2027, 2, 1), 0),
            all_day=True,
        ),
        dict(
            key="jobbmesse",
            kind=EventKind.JOB_FAIR,
            title="Jobbmesse for alle",
            title_nn="Jobbmesse for alle",
            description="Møt arbeidsgivere som har tilrettelagte jobber, jobbspesialister og NAV.",
            description_nn="Møt arbeidsgivarar som har tilrettelagde jobbar, jobbspesialistar og NAV.",
            starts_at=_at(datetime.date(2027, 3, 9 + shift), 10),
            ends_at=_at(datetime.date(2027, 3, 9 + shift), 15),
            place_name=hall,
            address=address,
            capacity=200,
        ),
        dict(
            key="vedtaksbrev",
            kind=EventKind.DECISION_LETTERS,
            title="Svar på søknadene sendes ut",
            title_nn="Svar på søknadene blir sende ut",
            description="Tildelingskontoret sender vedtaksbrev. Svar «ja takk» innen fristen i brevet.",
            description_nn="Tildelingskontoret sender vedtaksbrev. Svar «ja takk» innan fristen i brevet.",
            starts_at=_at(datetime.date(2027, 4, 15), 0),
            all_day=True,
        ),
        dict(
            key="oppstart",
            kind=EventKind.START,
            title="Oppstart i nye tilbud",
            title_nn="Oppstart i nye tilbod",
            description="De fleste starter i nytt tilbud nå, med egen kontaktperson.",
            description_nn="Dei fleste startar i nytt tilbod no, med eigen kontaktperson.",
            starts_at=_at(datetime.date(2027, 8, 16), 0),
            all_day=True,
        ),
    ]
    for item in items:
        item.setdefault("place_name", "")
        item.setdefault("address", "")
        item["accessibility"] = ACCESSIBLE if item["place_name"] else ""
        item["accessibility_nn"] = ACCESSIBLE_NN if item["place_name"] else ""
        item["organiser"] = office
        item["organiser_email"] = mail
        item["name_nn"] = name_nn
    return items


class Command(BaseCommand):
    help = "Load a fictional school year of events and milestones for the demo municipalities (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        ensure_demo_data_allowed()
        count = 0
        for index, number in enumerate(DEMO_MUNICIPALITIES):
            municipality = Municipality.objects.filter(number=number).first()
            if municipality is None:
                self.stderr.write(f"Municipality {number} is missing; skipped.")
                continue
            for item in plan(municipality, index):
                key = item.pop("key")
                item.pop("name_nn")
                slug = f"{municipality.number}-{key}-2026-27"
                Event.objects.update_or_create(
                    slug=slug,
                    defaults={**item, "municipality": municipality, "is_demo": True},
                )
                count += 1
        self.stdout.write(f"{count} demo events and milestones loaded.")
