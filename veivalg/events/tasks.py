"""Background work for events: e-mails to registered people, and the reminder sweep.

Mails are sent by the task worker (`manage.py db_worker`), never in the request. When the mail
server does not answer, the registration stays as it is and the task enqueues itself again
with a growing delay, at most `MAX_ATTEMPTS` tries; the attempts are counted on the
registration. Logs name registrations by id only, never a name or an address.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.db.models import F
from django.utils import timezone
from django_tasks import task, task_backends

from .mail import build_message
from .models import Registration, RegistrationStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Wait after failed attempt 1, 2, 3, 4 before the next one.
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
)
MAIL_KINDS = ("pending", "confirmed", "waiting", "promoted", "reminder")


def backoff_for(attempt: int) -> datetime.timedelta:
    return BACKOFF[min(attempt, len(BACKOFF)) - 1]


@task()
def send_registration_mail(registration_id: int, kind: str, attempt: int = 1) -> str:
    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    registration = (
        Registration.objects.select_related("event__municipality").filter(pk=registration_id).first()
    )
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return "skipped"
    if kind == "reminder" and registration.reminder_sent_at:
        return "skipped"
    if kind == "pending" and registration.status != RegistrationStatus.PENDING:
        return "skipped"  # confirmed already (or cancelled): the link is not needed
    now = timezone.now()
    try:
        build_message(registration, kind).send()
    except (OSError, smtplib.SMTPException) as error:
        Registration.objects.filter(pk=registration_id).update(
            mail_attempts=F("mail_attempts") + 1, mail_failed_at=now
        )
        if attempt >= MAX_ATTEMPTS:
            logger.error(
                "mail %s to registration %s failed %s times; giving up (%s)",
                kind,
                registration_id,
                attempt,
                type(error).__name__,
            )
            return "failed"
        retried = _retry_later(registration_id, kind, attempt, now)
        logger.warning(
            "mail %s to registration %s failed (attempt %s, %s); %s",
            kind,
            registration_id,
            attempt,
            type(error).__name__,
            "retrying later" if retried else "the task backend cannot retry later",
        )
        return "retrying" if retried else "failed"
    sent: dict = {"mail_attempts": F("mail_attempts") + 1}
    if kind == "reminder":
        sent["reminder_sent_at"] = now
    elif kind != "pending":
        sent["confirmation_sent_at"] = now
    Registration.objects.filter(pk=registration_id).update(**sent)
    return "sent"


def _retry_later(registration_id: int, kind: str, attempt: int, now: datetime.datetime) -> bool:
    backend = task_backends[send_registration_mail.backend]
    if not backend.supports_defer:
        return False
    run_after = now + backoff_for(attempt)
    send_registration_mail.using(run_after=run_after).enqueue(registration_id, kind, attempt + 1)
    return True


@task()
def send_due_reminders() -> int:
    """Queue reminders for events starting within 48 hours (see `send_event_reminders`)."""
    from .services import queue_due_reminders

    return queue_due_reminders()
