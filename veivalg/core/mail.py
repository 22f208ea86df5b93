"""Outgoing e-mail with a record, retries and a resend (issue 13, point 4).

Every app's mail task builds its `EmailMessage` and hands it to `send_recorded`, which
- records it as an `OutgoingMail` (one per `key`: a task that runs again, because its worker
  died and the re-queue started it anew, finds the record it made and sends nothing twice);
- tries to send it at once;
- when the mail server does not answer, counts the try and queues `deliver_mail` to try again
  after 1, 5, 30 and 120 minutes; after `MAX_ATTEMPTS` tries the record is marked failed. It
  stays, and administrators see it on /ansatt/e-post/ and can send it again (`resend_mail`).

Apps register what their mails are in `register_purpose` (from their `AppConfig.ready`): the
label administrators see, whether the mail is still wanted before each try (a cancelled sign-up,
an unsubscribed address: the record is then marked cancelled and nothing is sent), and what to
note on the app's own rows after each try (the events app counts tries on the registration).

A try holds a lock on the record while it talks to the mail server, so two runs of the same
mail (a task and its re-run, or a retry and a resend) cannot both send it. Logs name records by
id, purpose and `related` only, never an address.
"""

from __future__ import annotations

import base64
import datetime
import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from .models import MAIL_TRANSITIONS, MailStatus, OutgoingMail
from .tasks import enqueue_with_change

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Wait after failed try 1, 2, 3, 4 before the next one (about 2.5 hours in all).
BACKOFF_MINUTES = (1, 5, 30, 120)
# A queued mail whose next try is this long overdue has lost its retry (no worker, a task
# given up): administrators may send it again.
STALE_AFTER = datetime.timedelta(minutes=30)
# What a mail task returns for a record in each state.
OUTCOME = {
    MailStatus.SENT: "sent",
    MailStatus.FAILED: "failed",
    MailStatus.CANCELLED: "skipped",
    MailStatus.QUEUED: "retrying",
}


class IllegalMailTransition(Exception):
    """A move the table in `core.models.MAIL_TRANSITIONS` does not allow."""


class MailNotResendable(Exception):
    """`str()` says, in the reader's language, why the mail cannot be sent again."""


@dataclass(frozen=True)
class MailPurpose:
    code: str
    label: str
    # fn(mail) -> bool, asked before every try: False cancels the mail.
    still_wanted: Callable[[OutgoingMail], bool] | None = None
    # fn(mail, outcome) after every try; outcome is "sent", "retrying" or "failed".
    after_attempt: Callable[[OutgoingMail, str], None] | None = None


PURPOSES: dict[str, MailPurpose] = {}


def register_purpose(
    code: str,
    *,
    label: str,
    still_wanted: Callable[[OutgoingMail], bool] | None = None,
    after_attempt: Callable[[OutgoingMail, str], None] | None = None,
) -> None:
    """Called from an app's `AppConfig.ready`; `code` is short and dotted ("intake.receipt")."""
    PURPOSES[code] = MailPurpose(code, label, still_wanted, after_attempt)


def purpose_label(code: str) -> str:
    purpose = PURPOSES.get(code)
    return str(purpose.label) if purpose else code


def task_key(context: TaskContext) -> str:
    """The key for a mail a task run makes: the same when the re-queue runs that task again."""
    return f"task:{context.task_result.id}"


def related_id(mail: OutgoingMail, kind: str) -> str | None:
    """The id in `related` («registration:12» → "12") if it is of this kind."""
    prefix, _sep, ident = mail.related.partition(":")
    return ident if prefix == kind and ident else None


def backoff_for(attempt: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=BACKOFF_MINUTES[min(attempt, len(BACKOFF_MINUTES)) - 1])


def send_recorded(
    message: EmailMessage, *, purpose: str, key: str, related: str = "", language: str = ""
) -> str:
    """Record the message (once per purpose and `key`) and try to send it.

    Returns "sent", "retrying" (a later try is queued), "failed" (given up; administrators can
    send it again) or "skipped" (no longer wanted). When a record for the key exists already,
    it is not sent again; the answer is its state.
    """
    mail, created = OutgoingMail.objects.get_or_create(
        dedupe_key=f"{purpose}|{key}"[:200],
        defaults=_fields_of(message, purpose=purpose, related=related, language=language),
    )
    if not created and (mail.status != MailStatus.QUEUED or mail.attempts):
        return OUTCOME[mail.status]
    return deliver(mail.pk)


def _fields_of(message: EmailMessage, *, purpose: str, related: str, language: str) -> dict:
    if len(message.to) != 1 or message.cc or message.bcc:
        raise ValueError("an outgoing mail goes to exactly one address")
    if message.extra_headers or getattr(message, "alternatives", None):
        raise ValueError("headers and alternative parts are not recorded; add them to OutgoingMail first")
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise ValueError("only (filename, content, mimetype) attachments are recorded")
        filename, content, mimetype = attachment
        data = content.encode() if isinstance(content, str) else bytes(content)
        attachments.append(
            {"filename": filename, "mimetype": mimetype, "content": base64.b64encode(data).decode("ascii")}
        )
    return {
        "purpose": purpose,
        "related": related,
        "language": language or settings.LANGUAGE_CODE,
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "recipient": message.to[0],
        "reply_to": list(message.reply_to),
        "subject": message.subject,
        "body": message.body,
        "attachments": attachments,
    }


def deliver(mail_id, *, token: str | None = None) -> str:
    """One try at sending a queued mail. With `token`, only the retry the record expects may try."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None:
            return "skipped"
        if mail.status != MailStatus.QUEUED:
            return OUTCOME[mail.status]
        if token is not None and token != mail.retry_token:
            return "skipped"  # a retry from before a resend, or one a later try replaced
        purpose = PURPOSES.get(mail.purpose)
        if purpose and purpose.still_wanted and not purpose.still_wanted(mail):
            _cancel(mail)
            logger.info("mail %s (%s, %s) no longer wanted; not sent", mail.pk, mail.purpose, mail.related)
            return "skipped"
        try:
            mail.as_message().send()
        except (OSError, smtplib.SMTPException) as error:
            outcome = _count_failure(mail, type(error).__name__)
        else:
            _mark_sent(mail)
            outcome = "sent"
        if purpose and purpose.after_attempt:
            _note_attempt(purpose, mail, outcome)
    if outcome == "retrying":
        logger.warning(
            "mail %s (%s, %s) failed (attempt %s, %s); retrying later",
            mail.pk,
            mail.purpose,
            mail.related,
            mail.attempts,
            mail.last_error,
        )
    elif outcome == "failed":
        logger.error(
            "mail %s (%s, %s) failed %s times; given up (%s), an administrator can send it again",
            mail.pk,
            mail.purpose,
            mail.related,
            mail.attempts,
            mail.last_error,
        )
    return outcome


@task()
def deliver_mail(mail_id: str, token: str | None = None) -> str:
    """The retry (and the resend) of a recorded mail; see `deliver`."""
    return deliver(mail_id, token=token)


def _move(mail: OutgoingMail, to: str) -> None:
    if to not in MAIL_TRANSITIONS[mail.status]:
        raise IllegalMailTransition(f"{mail.status} → {to}")
    mail.status = to


def _mark_sent(mail: OutgoingMail) -> None:
    _move(mail, MailStatus.SENT)
    mail.attempts += 1
    mail.sent_at = timezone.now()
    mail.next_attempt_at = None
    mail.retry_token = ""
    mail.save(update_fields=["status", "attempts", "sent_at", "next_attempt_at", "retry_token"])


def _count_failure(mail: OutgoingMail, error: str) -> str:
    """Count the failed try; queue the next one, or give up after the last."""
    mail.attempts += 1
    mail.last_error = error[:100]
    fields = ["status", "attempts", "last_error", "next_attempt_at", "retry_token"]
    if mail.attempts >= MAX_ATTEMPTS or not deliver_mail.get_backend().supports_defer:
        _move(mail, MailStatus.FAILED)
        mail.next_attempt_at = None
        mail.retry_token = ""
        mail.save(update_fields=fields)
        return "failed"
    _move(mail, MailStatus.QUEUED)
    mail.next_attempt_at = timezone.now() + backoff_for(mail.attempts)
    mail.retry_token = secrets.token_hex(16)
    mail.save(update_fields=fields)
    enqueue_with_change(deliver_mail.using(run_after=mail.next_attempt_at), str(mail.pk), mail.retry_token)
    return "retrying"


def _cancel(mail: OutgoingMail) -> None:
    _move(mail, MailStatus.CANCELLED)
    mail.next_attempt_at = None
    mail.retry_token = ""
    mail.save(update_fields=["status", "next_attempt_at", "retry_token"])


def _note_attempt(purpose: MailPurpose, mail: OutgoingMail, outcome: str) -> None:
    """The app's bookkeeping must not undo the record: the mail may be out already."""
    try:
        with transaction.atomic():
            purpose.after_attempt(mail, outcome)
    except Exception:
        logger.exception("mail %s (%s, %s): noting the attempt failed", mail.pk, mail.purpose, mail.related)


def can_be_resent(mail: OutgoingMail, now: datetime.datetime | None = None) -> bool:
    """Failed, or queued with its next try long overdue (its retry was lost)."""
    if mail.status == MailStatus.FAILED:
        return True
    if mail.status != MailStatus.QUEUED:
        return False
    due = mail.next_attempt_at or mail.created_at
    return due < (now or timezone.now()) - STALE_AFTER


def resend_mail(*, mail_id, by_user) -> OutgoingMail:
    """An administrator puts a failed (or stuck) mail back in the queue for a new round of tries.

    Raises `OutgoingMail.DoesNotExist`, or `MailNotResendable` for a mail that was sent, is
    still being tried, or is no longer wanted. Who did it and when is kept on the record.
    """
    now = timezone.now()
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail_id)
        if mail.status == MailStatus.SENT:
            raise MailNotResendable(_("E-posten er allerede sendt, så den sendes ikke en gang til."))
        if not can_be_resent(mail, now):
            raise MailNotResendable(
                _("E-posten er ikke sendt ennå, men det er planlagt nye forsøk. Vent til de er gjort.")
                if mail.status == MailStatus.QUEUED
                else _("E-posten gjelder noe som ikke lenger er aktuelt, så den sendes ikke.")
            )
        purpose = PURPOSES.get(mail.purpose)
        if purpose and purpose.still_wanted and not purpose.still_wanted(mail):
            raise MailNotResendable(_("E-posten gjelder noe som ikke lenger er aktuelt, så den sendes ikke."))
        _move(mail, MailStatus.QUEUED)
        mail.attempts = 0
        mail.next_attempt_at = now
        mail.retry_token = secrets.token_hex(16)
        mail.resent_at = now
        mail.resent_by = by_user
        mail.save(
            update_fields=["status", "attempts", "next_attempt_at", "retry_token", "resent_at", "resent_by"]
        )
        enqueue_with_change(deliver_mail, str(mail.pk), mail.retry_token)
    logger.info("mail %s (%s, %s) queued again by user %s", mail.pk, mail.purpose, mail.related, by_user.pk)
    return mail


def retention_days() -> int:
    return settings.OUTGOING_MAIL_RETENTION_DAYS


def remove_old_mail(today: datetime.date) -> dict[str, int]:
    """Expiry rule (accounts.own_data.EXPIRY_RULES): records, with the address and text in them,
    are deleted `OUTGOING_MAIL_RETENTION_DAYS` (90) days after the mail was made."""
    cutoff = timezone.make_aware(datetime.datetime.combine(today, datetime.time())) - datetime.timedelta(
        days=retention_days()
    )
    removed, _by_model = OutgoingMail.objects.filter(created_at__lt=cutoff).delete()
    return {"utgaende_e_post": removed}
