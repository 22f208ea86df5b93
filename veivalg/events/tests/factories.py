import datetime

import factory
from django.utils import timezone

from veivalg.events.models import Event, EventKind, Registration, RegistrationStatus
from veivalg.places.models import Municipality


def municipality(number: str) -> Municipality:
    return Municipality.objects.get(number=number)


class EventFactory(factory.django.DjangoModelFactory):
    """An information meeting in Bærum two weeks from now, open for registration."""

    class Meta:
        model = Event

    kind = EventKind.INFORMATION_MEETING
    title = factory.Sequence(lambda n: f"Informasjonsmøte {n}")
    description = "Om arbeid og aktivitet etter videregående skole."
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + datetime.timedelta(days=14)).replace(
            hour=18, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place_name = "Kulturhuset"
    address = "Rådhusplassen 1, Sandvika"
    accessibility = "Trinnfri inngang og teleslynge."
    municipality = factory.LazyFunction(lambda: municipality("3201"))
    organiser = "Tildelingskontoret i Bærum"
    organiser_email = "tildeling@baerum.kommune.example"
    capacity = 10


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    status = RegistrationStatus.CONFIRMED
    name = factory.Sequence(lambda n: f"Deltaker {n}")
    email = factory.Sequence(lambda n: f"deltaker{n}@eksempel.no")
    # Confirmed by e-mail when made, unless still pending.
    email_confirmed_at = factory.LazyAttribute(
        lambda o: None if o.status == RegistrationStatus.PENDING else timezone.now()
    )
