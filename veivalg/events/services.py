"""Registration, cancellation and the waiting list; reminders. Views and commands call these.

The event row is locked (`select_for_update`) for every change to its registrations, so two
people registering for the last place at the same time cannot both get it: the second waits for
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

from .models import Event, Registration, RegistrationStatus

logger = logging.getLogger(__name__)

REMINDER_WINDOW = datetime.timedelta(hours=48)


class RegistrationRefused(Exception):
    """The event does not take registrations (past, closed or a milestone); `str()` says why."""


@dataclass(frozen=True)
class RegistrationOutcome:
    registration: Registration
    created: bool

    @property
    def waiting(self) -> bool:
        return self.registration.status == RegistrationStatus.WAITING


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
    """Register a person: a place while there are places, otherwise the waiting list.

    Registering again with the same e-mail (any case) returns the existing registration
    unchanged, with `created=False`.
    """
    email = email.strip()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        reason = refusal_reason(locked)
        if reason:
            raise RegistrationRefused(reason)
        existing = locked.registrations.active().filter(email__iexact=email).first()
        if existing is not None:
            return RegistrationOutcome(existing, created=False)
        full = locked.capacity is not None and locked.confirmed_count() >= locked.capacity
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=locked,
                    status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
                    name=name.strip(),
                    email=email,
                    phone=phone.strip(),
                    needs_interpreter=needs_interpreter,
                    needs_sign_language=needs_sign_language,
                    needs_wheelchair=needs_wheelchair,
                    needs_other=needs_other.strip(),
                    wants_reminder=wants_reminder,
                    language=get_language() or "nb",
                )
        except IntegrityError:
            # Only reachable where the row lock is not enforced (SQLite): the constraint wins.
            existing = locked.registrations.active().get(email__iexact=email)
            return RegistrationOutcome(existing, created=False)
        _send_after_commit(registration, "waiting" if full else "confirmed")
    logger.info("registration %s created for event %s (%s)", registration.pk, locked.pk, registration.status)
    return RegistrationOutcome(registration, created=True)


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

    registration_id = registration.pk
    transaction.on_commit(lambda: send_registration_mail.enqueue(registration_id, kind))


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
    """The confirmed participants and the waiting list of an event, for its organisers.

    Every read of a participant list, on screen or as CSV, goes through this one function: it
    is where issue 5's access log records who read which event's list, and when.
    """
    registrations = list(event.registrations.active().order_by("created_at", "pk"))
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    logger.info("participant list of event %s read by user %s", event.pk, getattr(viewer, "pk", None))
    return confirmed, waiting
