"""E-mail goes through a real SMTP server on 127.0.0.1; when it is down, the worker retries (the
mail's record in core, `deliver_mail`), and the tries are counted on the registration."""

import datetime

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from veivalg.core.mail import MAX_ATTEMPTS
from veivalg.core.models import MailStatus, OutgoingMail
from veivalg.events.models import Registration, RegistrationStatus
from veivalg.events.services import cancel_registration, confirm_registration
from veivalg.events.tasks import send_registration_mail

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "Kari Nordmann", "email": "kari@eksempel.no", "phone": "", "needs_other": ""}


def calendar_of(message) -> icalendar.Calendar:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "expected one .ics attachment"
    assert parts[0].get_filename().endswith(".ics")
    return icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def send(registration_id: int, kind: str) -> str:
    """Run the mail task as the worker does (it takes the task's context)."""
    return send_registration_mail.enqueue(registration_id, kind).return_value


def test_the_link_to_confirm_arrives_first_with_nothing_the_sender_typed(client, event, commit, smtp_server):
    typed = {**FORM, "name": "Ring 99 99 99 99 og oppgi BankID-koden", "phone": "12345678"}
    with commit():
        client.post(reverse("events:register", kwargs={"slug": event.slug}), {**typed, "needs_other": "Tolk"})
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "kari@eksempel.no"
    assert message["Subject"].strip() == f"Bekreft påmeldingen: {event.title}"
    registration = Registration.objects.get()
    body = body_of(message)
    assert f"/arrangementer/bekreft/{registration.confirm_token}/" in body
    assert "48 timer" in body and event.title in body
    for personal in (
        "BankID",
        "99 99 99 99",
        "12345678",
        "Tolk",
        registration.reference,
        registration.cancel_token,
    ):
        assert personal not in body
    assert not [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert registration.confirmation_sent_at is None and registration.mail_attempts == 1


def test_confirmation_arrives_with_the_event_as_ics_and_a_cancel_link(client, event, commit, smtp_server):
    with commit():
        client.post(reverse("events:register", kwargs={"slug": event.slug}), FORM)
    registration = Registration.objects.get()
    with commit():
        response = client.post(reverse("events:confirm", kwargs={"token": registration.confirm_token}))
    assert response.status_code == 302
    assert len(smtp_server.messages) == 2
    message = smtp_server.messages[1]
    assert message["To"] == "kari@eksempel.no"
    assert message["Subject"].strip() == f"Du er påmeldt: {event.title}"
    registration.refresh_from_db()
    body = body_of(message)
    assert f"/arrangementer/avmelding/{registration.cancel_token}/" in body
    assert registration.reference in body
    vevent = calendar_of(message).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.starts_at
    assert "Kulturhuset" in str(vevent["LOCATION"])
    assert registration.confirmation_sent_at is not None and registration.mail_attempts == 2
    page = client.get(response["Location"])
    assert "Vi har sendt en bekreftelse" in page.content.decode()


def test_smtp_down_keeps_registration_says_on_its_way_and_retries(
    client, event, commit, smtp_down, deferred_tasks, settings
):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    with commit():
        response = client.post(
            reverse("events:confirm", kwargs={"token": registration.confirm_token}), follow=True
        )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.mail_attempts == 1 and registration.confirmation_sent_at is None
    assert "Bekreftelsen er på vei" in response.content.decode()
    assert len(deferred_tasks) == 1
    retry = deferred_tasks[0]
    mail = OutgoingMail.objects.get(related=f"registration:{registration.pk}")
    assert (mail.purpose, mail.status, mail.attempts) == ("events.confirmed", MailStatus.QUEUED, 1)
    assert retry.task.name == "deliver_mail"
    assert list(retry.args) == [str(mail.pk), mail.retry_token]
    assert retry.task.run_after > timezone.now()


def test_with_smtp_down_the_sign_up_is_kept_and_the_link_retried(
    client, event, commit, smtp_down, deferred_tasks
):
    with commit():
        response = client.post(reverse("events:register", kwargs={"slug": event.slug}), FORM, follow=True)
    assert "Sjekk e-posten din" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    mail = OutgoingMail.objects.get()
    assert (mail.purpose, mail.related) == ("events.pending", f"registration:{registration.pk}")
    assert [tuple(t.args) for t in deferred_tasks] == [(str(mail.pk), mail.retry_token)]


def test_the_link_mail_is_not_sent_once_the_sign_up_is_confirmed(event, commit, smtp_server):
    with commit():
        registration = confirm_registration(
            token=RegistrationFactory(event=event, status=RegistrationStatus.PENDING).confirm_token
        ).registration
    assert send(registration.pk, "pending") == "skipped"


def test_the_retry_delivers_once_the_mail_server_is_back(event, commit, smtp_down, deferred_tasks, settings):
    registration = RegistrationFactory(event=event)
    with commit():
        assert send(registration.pk, "confirmed") == "retrying"
    first_delay = deferred_tasks[0].task.run_after
    with commit():
        assert deferred_tasks[0].task.call(*deferred_tasks[0].args) == "retrying"
    assert deferred_tasks[1].task.run_after - timezone.now() > first_delay - timezone.now()  # backoff grows
    from aiosmtpd.controller import Controller

    from .conftest import Inbox, free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        settings.EMAIL_PORT = controller.port
        retry = deferred_tasks[1]
        assert retry.task.call(*retry.args, **retry.kwargs) == "sent"
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    registration.refresh_from_db()
    assert registration.mail_attempts == 3 and registration.confirmation_sent_at is not None


def test_gives_up_after_the_last_attempt(event, commit, smtp_down, deferred_tasks):
    registration = RegistrationFactory(event=event)
    with commit():
        outcomes = [send(registration.pk, "confirmed")]
    while outcomes[-1] == "retrying":
        with commit():
            outcomes.append(deferred_tasks[-1].task.call(*deferred_tasks[-1].args))
    assert outcomes == ["retrying"] * (MAX_ATTEMPTS - 1) + ["failed"]
    assert len(deferred_tasks) == MAX_ATTEMPTS - 1
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.mail_attempts == MAX_ATTEMPTS and registration.mail_failed_at is not None
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts, mail.last_error) == (
        MailStatus.FAILED,
        MAX_ATTEMPTS,
        "ConnectionRefusedError",
    )


def test_cancelling_moves_the_first_waiting_person_up_and_mails_them(event, commit, smtp_server):
    event.capacity = 1
    event.save()
    leaving = RegistrationFactory(event=event, email="forste@eksempel.no")
    first_waiting = RegistrationFactory(event=event, email="venter1@eksempel.no", status="waiting")
    second_waiting = RegistrationFactory(event=event, email="venter2@eksempel.no", status="waiting")
    with commit():
        outcome = cancel_registration(token=leaving.cancel_token)
    assert outcome.promoted == first_waiting
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert second_waiting.status == RegistrationStatus.WAITING
    assert [m["To"] for m in smtp_server.messages] == ["venter1@eksempel.no"]
    assert smtp_server.messages[0]["Subject"].strip().startswith("Du har fått plass")
    assert calendar_of(smtp_server.messages[0])


def test_waiting_list_mail_has_no_calendar_file(event, commit, smtp_server):
    event.capacity = 0
    event.save()
    registration = RegistrationFactory(event=event, status="waiting")
    send(registration.pk, "waiting")
    message = smtp_server.messages[0]
    assert "venteliste som nummer 1" in message.get_body(preferencelist=("plain",)).get_content()
    assert not [p for p in message.walk() if p.get_content_type() == "text/calendar"]


def test_reminders_go_once_to_those_who_asked_within_48_hours(commit, smtp_server):
    soon = EventFactory(starts_at=timezone.now() + datetime.timedelta(hours=30), ends_at=None)
    later = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=5), ends_at=None)
    wants = RegistrationFactory(event=soon, wants_reminder=True, email="vil@eksempel.no")
    RegistrationFactory(event=soon, wants_reminder=False)
    RegistrationFactory(event=later, wants_reminder=True)
    RegistrationFactory(event=soon, wants_reminder=True, status="cancelled")
    with commit():
        call_command("send_event_reminders")
    with commit():
        call_command("send_event_reminders")
    assert [m["To"] for m in smtp_server.messages] == ["vil@eksempel.no"]
    assert smtp_server.messages[0]["Subject"].strip().startswith("Påminnelse")
    wants.refresh_from_db()
    assert wants.reminder_sent_at is not None


def test_mail_is_in_the_language_the_person_registered_in(event, smtp_server):
    event.title_nn = "Informasjonsmøte om livet etter skulen"
    event.save()
    registration = RegistrationFactory(event=event, language="nn")
    send(registration.pk, "confirmed")
    assert "livet etter skulen" in smtp_server.messages[0]["Subject"]


def test_logs_name_no_person(event, smtp_down, caplog):
    registration = RegistrationFactory(event=event, name="Hemmelig Navn", email="hemmelig@eksempel.no")
    with caplog.at_level("DEBUG"):
        send(registration.pk, "confirmed")
    assert caplog.records
    assert "hemmelig" not in caplog.text.lower()
