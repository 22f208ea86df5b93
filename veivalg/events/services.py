"""Registration, confirmation, cancellation and the waiting list; reminders. Views and commands
call these.

A sign-up is confirmed by e-mail (double opt-in): `register_for_event` saves it as pending and
mails a link; `confirm_registration`, when the person opens it, gives a place or the waiting
list by the places left *then*. A pending sign-up holds no place: otherwise anyone could fill an
event by typing other people's addresses. The cost is that a place can be gone by the time a
person confirms; the form says places go in the order people confirm.

The event row is locked (`select_for_update`) for every change to its registrations, so two
people confirming for the last place at the same time cannot both get it: the second waits for
the first to commit and then sees the place taken. E-mails are enqueued after commit.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from veivalg.core.tasks import enqueue_with_change

from .models import Event, Registration, RegistrationStatus, new_confirm_token

logger = logging.getLogger(__name__)

REMINDER_WINDOW = datetime.timedelta(hours=48)


class RegistrationRefused(Exception):
    """The event does not take registrations (past, closed or a milestone); `str()` says why."""


class ConfirmationExpired(Exception):
    """The link in the e-mail is older than EVENT_CONFIRMATION_HOURS; the person must sign up
    again."""


@dataclass(frozen=True)
class RegistrationOutcome:
    registration: Registration
    created: bool


def refusal_reason(event: Event, now: datetime.datetime | None = None) -> str:
    """Why a person cannot register, in plain words, or '' if they can."""
    if event.is_milestone:
        return _("Dette er en frist eller dato, ikke et arrangement du kan melde deg på.")
    if event.is_past(now):
        return _("Arrangementet er over, så det er ikke lenger mulig å melde seg på.")
    if not event.registration_open:
        return _("Påmeldingen er stengt. Ta kontakt med arrangøren hvis du vil delta.")
    return ""


def register_for_event(
    *,
    event: Event,
    name: str,
    email: str,
    phone: str = "",
    needs_interpreter: bool = False,
    needs_sign_language: bool = False,
    needs_wheelchair: bool = False,
    needs_other: str = "",
    wants_reminder: bool = False,
) -> RegistrationOutcome:
    """Save a pending sign-up and mail a link to confirm it; it holds no place until then.

    The same address again (any case) makes no second sign-up: a pending one gets the new details
    and a new link (the old link stops working); a confirmed one or one on the waiting list is
    left as it is, and its confirmation is mailed again. What the page says afterwards is the
    same in every case, so the form does not tell anyone who else has signed up.
    """
    email = email.strip()
    details = {
        "name": name.strip(),
        "phone": phone.strip(),
        "needs_interpreter": needs_interpreter,
        "needs_sign_language": needs_sign_language,
        "needs_wheelchair": needs_wheelchair,
        "needs_other": needs_other.strip(),
        "wants_reminder": wants_reminder,
        "language": get_language() or "nb",
    }
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        reason = refusal_reason(locked)
        if reason:
            raise RegistrationRefused(reason)
        existing = locked.registrations.open().select_for_update().filter(email__iexact=email).first()
        if existing is not None:
            return _registered_again(existing, details)
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=locked, status=RegistrationStatus.PENDING, email=email, **details
                )
        except IntegrityError:
            # Only reachable where the row lock is not enforced (SQLite): the constraint wins.
            existing = locked.registrations.open().get(email__iexact=email)
            return RegistrationOutcome(existing, created=False)
        _send_after_commit(registration, "pending")
    logger.info("registration %s pending for event %s", registration.pk, locked.pk)
    return RegistrationOutcome(registration, created=True)


def _registered_again(existing: Registration, details: dict) -> RegistrationOutcome:
    """Within the caller's transaction, with the event and `existing` locked."""
    if existing.status == RegistrationStatus.PENDING:
        for field, value in details.items():
            setattr(existing, field, value)
        existing.confirm_token = new_confirm_token()
        existing.created_at = timezone.now()  # the new link has its own time to answer
        existing.save(update_fields=[*details, "confirm_token", "created_at"])
        _send_after_commit(existing, "pending")
    else:
        _send_after_commit(existing, str(existing.status))
    logger.info("registration %s: signed up again (%s)", existing.pk, existing.status)
    return RegistrationOutcome(existing, created=False)


@dataclass(frozen=True)
class ConfirmationOutcome:
    registration: Registration
    already_confirmed: bool


def confirm_registration(*, token: str, now: datetime.datetime | None = None) -> ConfirmationOutcome:
    """The person opened the link in the e-mail: a place if one is left now, otherwise the
    waiting list (behind those who confirmed before). They get the confirmation mail.

    Raises Registration.DoesNotExist for an unknown token, ConfirmationExpired when the link is
    too old, and RegistrationRefused when the event no longer takes registrations. Opening the
    link again changes nothing.
    """
    now = now or timezone.now()
    event_id = Registration.objects.values_list("event_id", flat=True).get(confirm_token=token)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        registration = Registration.objects.select_for_update().get(confirm_token=token)
        if registration.status != RegistrationStatus.PENDING:
            return ConfirmationOutcome(registration, already_confirmed=True)
        if registration.confirmation_expired(now):
            raise ConfirmationExpired
        reason = refusal_reason(event, now)
        if reason:
            raise RegistrationRefused(reason)
        full = event.capacity is not None and event.confirmed_count() >= event.capacity
        registration.status = RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED
        registration.email_confirmed_at = now
        registration.save(update_fields=["status", "email_confirmed_at"])
        _send_after_commit(registration, "waiting" if full else "confirmed")
    logger.info("registration %s confirmed (%s)", registration.pk, registration.status)
    return ConfirmationOutcome(registration, already_confirmed=False)


@dataclass(frozen=True)
class CancellationOutcome:
    registration: Registration
    already_cancelled: bool
    promoted: Registration | None


def cancel_registration(*, token: str) -> CancellationOutcome:
    """Cancel by the token from the e-mail; the first on the waiting list moves up and is told.

    Raises Registration.DoesNotExist for an unknown token. Cancelling twice changes nothing.
    """
    event_id = Registration.objects.values_list("event_id", flat=True).get(cancel_token=token)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        registration = Registration.objects.select_for_update().get(cancel_token=token)
        if registration.status == RegistrationStatus.CANCELLED:
            return CancellationOutcome(registration, already_cancelled=True, promoted=None)
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = _promote_from_waiting_list(event)
    logger.info("registration %s cancelled; promoted %s", registration.pk, promoted.pk if promoted else None)
    return CancellationOutcome(registration, already_cancelled=False, promoted=promoted)


def _promote_from_waiting_list(event: Event) -> Registration | None:
    """Within the caller's transaction, with the event row locked."""
    if event.capacity is not None and event.confirmed_count() >= event.capacity:
        return None
    if event.is_past():
        return None
    first = event.registrations.waiting().select_for_update().first()
    if first is None:
        return None
    first.status = RegistrationStatus.CONFIRMED
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "promoted_at"])
    _send_after_commit(first, "promoted")
    return first


def _send_after_commit(registration: Registration, kind: str) -> None:
    from .tasks import send_registration_mail

    enqueue_with_change(send_registration_mail, registration.pk, kind)


def queue_due_reminders(now: datetime.datetime | None = None) -> int:
    """Enqueue one reminder per opted-in, confirmed registration for events starting within
    48 hours. Each registration is claimed with a conditional update, so running this twice
    (or from two workers) never sends a reminder twice. Returns how many were queued."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        wants_reminder=True,
        status=RegistrationStatus.CONFIRMED,
        reminder_queued_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_WINDOW,
    ).values_list("pk", flat=True)
    queued = 0
    for registration_id in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration_id, reminder_queued_at__isnull=True).update(
                reminder_queued_at=now
            )
            if claimed:
                queued += 1
                _send_after_commit(Registration(pk=registration_id), "reminder")
    return queued


def participants_for(*, event: Event, viewer) -> tuple[list[Registration], list[Registration]]:
    """The confirmed participants and the waiting list of an event, for its organisers (sign-ups
    not yet confirmed by e-mail are in neither).

    Every read of a participant list, on screen or as CSV, goes through this one function: it
    is where issue 5's access log records who read which event's list, and when.
    """
    registrations = list(event.registrations.active().order_by("created_at", "pk"))
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    logger.info("participant list of event %s read by user %s", event.pk, getattr(viewer, "pk", None))
    return confirmed, waiting
