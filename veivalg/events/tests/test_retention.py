"""Registrations are emptied of names, contact details and free-text needs some weeks after the
event, by the daily removal of expired data; the organiser still sees how many came."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from veivalg.accounts.own_data import remove_expired_data
from veivalg.events.models import Registration

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def event_days_ago(days: int, **fields):
    return EventFactory(starts_at=timezone.now() - datetime.timedelta(days=days), **fields)


def test_registrations_are_emptied_after_the_retention_period(settings):
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 30
    old = RegistrationFactory(
        event=event_days_ago(45),
        name="Gammel Deltaker",
        email="gammel@eksempel.no",
        phone="99999999",
        needs_other="Trenger pause hver time",
        needs_wheelchair=True,
    )
    recent = RegistrationFactory(event=event_days_ago(10), name="Ny Deltaker", email="ny@eksempel.no")
    # A long event that ended recently counts from its end, not its start.
    long_event = event_days_ago(60, ends_at=timezone.now() - datetime.timedelta(days=5))
    ongoing = RegistrationFactory(event=long_event, name="Kursdeltaker", email="kurs@eksempel.no")

    removed = remove_expired_data()

    assert removed["pameldinger_anonymisert"] == 1
    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.needs_other) == ("", "", "", "")
    assert old.needs_wheelchair and Registration.objects.filter(pk=old.pk).exists()
    assert Registration.objects.get(pk=recent.pk).name == "Ny Deltaker"
    assert Registration.objects.get(pk=ongoing.pk).email == "kurs@eksempel.no"
    # Running again finds nothing more to empty.
    assert remove_expired_data()["pameldinger_anonymisert"] == 0


def test_organiser_sees_the_emptied_registration_counted_but_not_named(baerum_editor, settings):
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 30
    event = event_days_ago(45)
    RegistrationFactory(event=event, name="Gammel Deltaker", email="gammel@eksempel.no")
    remove_expired_data()
    body = baerum_editor.get(reverse("events:participants", kwargs={"slug": event.slug})).content.decode()
    assert "Slettet etter arrangementet" in body
    assert "Gammel Deltaker" not in body and "gammel@eksempel.no" not in body
    assert "1 påmeldt" in body


def test_the_registration_form_says_when_the_details_are_deleted(client, settings):
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 30
    event = EventFactory(capacity=10)
    body = client.get(reverse("events:register", kwargs={"slug": event.slug})).content.decode()
    assert "Vi sletter navn, e-post, telefon og andre behov 30 dager etter arrangementet." in body


def test_unconfirmed_sign_ups_are_deleted_once_their_link_has_expired(settings):
    settings.EVENT_CONFIRMATION_HOURS = 48
    now = timezone.now()
    event = EventFactory()
    expired = RegistrationFactory(
        event=event, status="pending", name="Skrevet Av Andre", created_at=now - datetime.timedelta(days=3)
    )
    fresh = RegistrationFactory(event=event, status="pending", created_at=now - datetime.timedelta(hours=1))
    confirmed_long_ago = RegistrationFactory(event=event, created_at=now - datetime.timedelta(days=3))

    removed = remove_expired_data()

    assert removed["pameldinger_ikke_bekreftet"] == 1
    assert not Registration.objects.filter(pk=expired.pk).exists()
    assert Registration.objects.filter(pk__in=[fresh.pk, confirmed_long_ago.pk]).count() == 2
