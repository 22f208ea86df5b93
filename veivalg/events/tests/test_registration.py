"""A person registers for an event without an account, confirms by the link in the e-mail, and can
cancel by the link in the next one. A sign-up nobody confirmed holds no place and no one sees it."""

import datetime
import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from veivalg.events.models import Registration, RegistrationStatus
from veivalg.events.services import (
    ConfirmationExpired,
    RegistrationRefused,
    cancel_registration,
    confirm_registration,
    register_for_event,
)

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "Kari Nordmann", "email": "kari@eksempel.no", "phone": "", "needs_other": ""}


def register_url(event):
    return reverse("events:register", kwargs={"slug": event.slug})


def confirm_url(registration):
    return reverse("events:confirm", kwargs={"token": registration.confirm_token})


def main(response) -> str:
    """The page's main content (the header holds a per-request CSRF token)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def link_in_last_mail() -> str:
    return re.search(r"https?://\S+/arrangementer/bekreft/\S+/", mail.outbox[-1].body).group(0)


def test_person_signs_up_confirms_by_the_link_and_sees_receipt_with_reference(client, event, commit):
    with commit():
        response = client.post(register_url(event), {**FORM, "needs_wheelchair": "on"}, follow=True)
    body = response.content.decode()
    assert "Sjekk e-posten din" in body and "kari@eksempel.no" in body
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    assert registration.needs_wheelchair and registration.email == "kari@eksempel.no"
    assert registration.reference not in body  # the page knows only what was typed

    link = link_in_last_mail()
    assert mail.outbox[-1].to == ["kari@eksempel.no"]
    asked = client.get(link)
    assert "Bekreft påmeldingen" in asked.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING  # opening the link only asks
    with commit():
        confirmed = client.post(link, follow=True)
    body = confirmed.content.decode()
    assert "Du er påmeldt" in body and registration.reference in body
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email_confirmed_at is not None


def test_unconfirmed_sign_up_does_not_take_the_last_place_nor_show_in_the_list(
    client, baerum_editor, event, commit
):
    event.capacity = 1
    event.save()
    with commit():
        client.post(register_url(event), {**FORM, "name": "Skrevet Av Andre", "email": "offer@eksempel.no"})
    assert event.places_left() == 1
    listing = baerum_editor.get(reverse("events:participants", kwargs={"slug": event.slug})).content.decode()
    assert "Skrevet Av Andre" not in listing and "offer@eksempel.no" not in listing
    assert "1 påmelding venter på at personen bekrefter den på e-post" in listing
    assert "Venteliste:" not in client.get(register_url(event)).content.decode()  # not full
    # Someone else signs up and confirms: they get the last place.
    with commit():
        other = register_for_event(event=event, name="Ola", email="ola@eksempel.no").registration
        confirm_registration(token=other.confirm_token)
    other.refresh_from_db()
    assert other.status == RegistrationStatus.CONFIRMED


def test_a_place_goes_to_whoever_confirms_first(event, commit):
    event.capacity = 1
    event.save()
    with commit():
        first = register_for_event(event=event, name="Først", email="forst@eksempel.no").registration
        second = register_for_event(event=event, name="Andre", email="andre@eksempel.no").registration
        confirm_registration(token=second.confirm_token)
        confirm_registration(token=first.confirm_token)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert first.status == RegistrationStatus.WAITING and first.waiting_position() == 1


def test_expired_link_is_refused_with_a_clear_message(client, event, settings):
    settings.EVENT_CONFIRMATION_HOURS = 48
    old = RegistrationFactory(
        event=event,
        status=RegistrationStatus.PENDING,
        created_at=timezone.now() - datetime.timedelta(hours=49),
    )
    for response in (client.get(confirm_url(old)), client.post(confirm_url(old))):
        assert response.status_code == 410
        body = response.content.decode()
        assert "Lenken virker ikke lenger" in body and "48 timer" in body
        assert "Meld deg på igjen" in body
    old.refresh_from_db()
    assert old.status == RegistrationStatus.PENDING
    with pytest.raises(ConfirmationExpired):
        confirm_registration(token=old.confirm_token)


def test_unknown_link_is_404_with_the_same_clear_message(client):
    response = client.get(reverse("events:confirm", kwargs={"token": "ukjent"}))
    assert response.status_code == 404
    assert "Lenken virker ikke lenger" in response.content.decode()


def test_opening_the_link_again_shows_the_registration_and_changes_nothing(client, event, commit):
    with commit():
        registration = register_for_event(event=event, name="Kari", email="kari@eksempel.no").registration
    with commit():
        client.post(confirm_url(registration))
    with commit():
        again = client.post(confirm_url(registration), follow=True)
    assert "Du er påmeldt" in again.content.decode()
    assert [m.subject for m in mail.outbox] == [
        f"Bekreft påmeldingen: {event.title}",
        f"Du er påmeldt: {event.title}",
    ]


def test_full_event_offers_waiting_list_before_submitting(client, event):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event)
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "Sett meg på venteliste" in detail
    form_page = client.get(register_url(event)).content.decode()
    assert "Arrangementet er fullt." in form_page
    assert "Venteliste:" in form_page


def test_full_event_puts_the_next_person_on_the_waiting_list_when_they_confirm(client, event, commit):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event)
    with commit():
        client.post(register_url(event), FORM)
    with commit():
        response = client.post(link_in_last_mail(), follow=True)
    registration = Registration.objects.get(email="kari@eksempel.no")
    assert registration.status == RegistrationStatus.WAITING
    body = response.content.decode()
    assert "Du står på venteliste" in body and "nummer 1" in body


def test_signing_up_again_while_pending_replaces_the_link_and_the_details(client, event, commit):
    with commit():
        client.post(register_url(event), {**FORM, "name": "Skrevet Av Andre"})
    first_link = link_in_last_mail()
    with commit():
        client.post(register_url(event), {**FORM, "email": "KARI@Eksempel.no"})
    assert Registration.objects.count() == 1
    registration = Registration.objects.get()
    assert registration.name == "Kari Nordmann"
    assert client.get(first_link).status_code == 404  # the old link no longer works
    assert link_in_last_mail().endswith(f"/{registration.confirm_token}/")


def test_the_page_does_not_tell_whether_an_address_has_signed_up(client, event, commit):
    RegistrationFactory(event=event, name="Per Påmeldt", email="per@eksempel.no")
    with commit():
        known = client.post(register_url(event), {**FORM, "email": "per@eksempel.no"}, follow=True)
        new = client.post(register_url(event), {**FORM, "email": "ny@eksempel.no"}, follow=True)
    assert main(known).replace("per@", "ny@") == main(new)
    kept = Registration.objects.get(email="per@eksempel.no")
    assert kept.name == "Per Påmeldt" and kept.status == RegistrationStatus.CONFIRMED
    # The person who signed up gets their own confirmation again, with the cancel link.
    to_per = [m for m in mail.outbox if m.to == ["per@eksempel.no"]]
    assert len(to_per) == 1 and kept.cancel_token in to_per[0].body


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


def test_closed_registration_refuses_confirmation_too(client, event, commit):
    with commit():
        registration = register_for_event(event=event, name="Kari", email="kari@eksempel.no").registration
    event.registration_open = False
    event.save()
    response = client.post(confirm_url(registration))
    assert response.status_code == 409 and "Påmeldingen er stengt" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING


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


def test_one_open_registration_per_email_is_a_database_rule(event):
    RegistrationFactory(event=event, email="per@eksempel.no", status=RegistrationStatus.PENDING)
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


def test_receipt_needs_the_sign_up_in_the_session(client, event):
    response = client.get(reverse("events:receipt", kwargs={"slug": event.slug}))
    assert response.status_code == 302


def test_milestone_takes_no_registrations(client, event):
    event.kind = "soknadsfrist"
    event.save()
    body = client.get(register_url(event)).content.decode()
    assert "ikke et arrangement du kan melde deg på" in body
