"""A person registers for an event without an account, and can cancel by the link in the mail."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from veivalg.events.models import Registration, RegistrationStatus
from veivalg.events.services import RegistrationRefused, cancel_registration, register_for_event

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "Kari Nordmann", "email": "kari@eksempel.no", "phone": "", "needs_other": ""}


def register_url(event):
    return reverse("events:register", kwargs={"slug": event.slug})


def test_person_registers_and_sees_receipt_with_reference(client, event, commit):
    with commit():
        response = client.post(register_url(event), {**FORM, "needs_wheelchair": "on"}, follow=True)
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.needs_wheelchair and registration.email == "kari@eksempel.no"
    body = response.content.decode()
    assert "Du er påmeldt" in body
    assert registration.reference in body


def test_full_event_offers_waiting_list_before_submitting(client, event):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event)
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "Sett meg på venteliste" in detail
    form_page = client.get(register_url(event)).content.decode()
    assert "Arrangementet er fullt." in form_page
    assert "Venteliste:" in form_page


def test_full_event_puts_the_next_person_on_the_waiting_list(client, event, commit):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event)
    with commit():
        response = client.post(register_url(event), FORM, follow=True)
    registration = Registration.objects.get(email="kari@eksempel.no")
    assert registration.status == RegistrationStatus.WAITING
    body = response.content.decode()
    assert "Du står på venteliste" in body and "nummer 1" in body


def test_registering_twice_is_idempotent_and_says_so(client, event, commit):
    with commit():
        client.post(register_url(event), FORM)
        response = client.post(register_url(event), {**FORM, "email": "KARI@Eksempel.no"}, follow=True)
    assert Registration.objects.count() == 1
    assert "Du var allerede påmeldt" in response.content.decode()


def test_past_event_refuses_registration(client, commit):
    past = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
    )
    with commit():
        response = client.post(register_url(past), FORM)
    assert response.status_code == 409
    assert "Arrangementet er over" in response.content.decode()
    assert not Registration.objects.exists()
    with pytest.raises(RegistrationRefused):
        register_for_event(event=past, name="Ola", email="ola@eksempel.no")


def test_closed_registration_refuses_with_a_message(client, event):
    event.registration_open = False
    event.save()
    response = client.get(register_url(event))
    assert "Påmeldingen er stengt" in response.content.decode()
    assert '<form method="post" novalidate' not in response.content.decode()


def test_invalid_email_shows_error_summary_and_keeps_what_was_typed(client, event):
    data = {**FORM, "email": "kari.eksempel.no", "phone": "99 99 99 99", "needs_other": "Ledsager"}
    response = client.post(register_url(event), {**data, "needs_interpreter": "on"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="feiloppsummering"' in body
    assert 'href="#id_email"' in body
    assert "Skriv en gyldig e-postadresse" in body
    assert 'value="Kari Nordmann"' in body and 'value="kari.eksempel.no"' in body
    assert 'value="99 99 99 99"' in body and "Ledsager</textarea>" in body
    assert 'name="needs_interpreter" class="ds-input" id="id_needs_interpreter" checked' in body
    assert not Registration.objects.exists()


def test_one_active_registration_per_email_is_a_database_rule(event):
    RegistrationFactory(event=event, email="per@eksempel.no")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="PER@eksempel.no", status=RegistrationStatus.WAITING)


def test_cancelled_person_may_register_again(event, commit):
    first = RegistrationFactory(event=event, email="per@eksempel.no")
    with commit():
        cancel_registration(token=first.cancel_token)
        again = register_for_event(event=event, name="Per", email="per@eksempel.no")
    assert again.created and again.registration.pk != first.pk


def test_cancel_link_asks_before_cancelling(client, event):
    registration = RegistrationFactory(event=event)
    url = reverse("events:cancel", kwargs={"token": registration.cancel_token})
    body = client.get(url).content.decode()
    assert "Ja, meld meg av" in body
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    with_commit = client.post(url)
    assert "Du er meldt av" in with_commit.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_unknown_cancel_token_is_404(client):
    assert client.get(reverse("events:cancel", kwargs={"token": "ukjent"})).status_code == 404


def test_receipt_needs_the_registration_in_the_session(client, event):
    response = client.get(reverse("events:receipt", kwargs={"slug": event.slug}))
    assert response.status_code == 302


def test_milestone_takes_no_registrations(client, event):
    event.kind = "soknadsfrist"
    event.save()
    body = client.get(register_url(event)).content.decode()
    assert "ikke et arrangement du kan melde deg på" in body
