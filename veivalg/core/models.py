"""Shared records of the core: the outgoing mail.

`OutgoingMail` is one e-mail the service sends (a receipt, a sign-up confirmation, a reminder),
written before the first try and kept through the retries, so a mail the server would not take
is never lost with only a log line: administrators see it on /ansatt/e-post/ and can send it
again. The sending itself, the retries and the resend are in `veivalg.core.mail`.

The recipient address and the text are personal data; the daily `remove_expired_data` deletes
records after `OUTGOING_MAIL_RETENTION_DAYS`.
"""

from __future__ import annotations

import base64
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("i kø")
    SENT = "sent", _("sendt")
    FAILED = "failed", _("feilet")
    # What it was about is gone or changed (a cancelled sign-up, an unsubscribed address), so
    # the mail was not sent and must not be.
    CANCELLED = "cancelled", _("ikke sendt, ikke lenger aktuell")


# The one table of allowed moves (see `veivalg.core.mail`, where each move is a named function).
# QUEUED → QUEUED is a failed try with another one to come.
MAIL_TRANSITIONS: dict[str, set[str]] = {
    MailStatus.QUEUED: {MailStatus.QUEUED, MailStatus.SENT, MailStatus.FAILED, MailStatus.CANCELLED},
    MailStatus.FAILED: {MailStatus.QUEUED},  # sent again by an administrator
    MailStatus.SENT: set(),
    MailStatus.CANCELLED: set(),
}


class OutgoingMailQuerySet(models.QuerySet):
    def with_status(self, statuses) -> OutgoingMailQuerySet:
        return self.filter(status__in=list(statuses))

    def newest_first(self) -> OutgoingMailQuerySet:
        return self.order_by("-created_at", "-pk")


class OutgoingMail(models.Model):
    """One e-mail to one address, from the moment it is made until it is sent or given up.

    `dedupe_key` makes a task that runs again (its worker died, the re-queue started it anew)
    find the record it made the first time instead of making and sending a second one.
    `related` says what the mail belongs to in words that hold no personal data
    («application:<uuid>», «registration:<id>»). `last_error` is the exception's class name only:
    the message of an SMTP error may quote the address.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("laget"), default=timezone.now, db_index=True)
    purpose = models.CharField(_("hva slags e-post"), max_length=60)
    related = models.CharField(_("gjelder"), max_length=120, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    language = models.CharField(_("språk"), max_length=5, default="nb")
    from_email = models.CharField(_("fra"), max_length=254)
    recipient = models.CharField(_("til"), max_length=254)
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.TextField(_("emne"))
    body = models.TextField(_("tekst"))
    # [{"filename": …, "mimetype": …, "content": base64}], small files such as an .ics
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.CharField(_("siste feil"), max_length=100, blank=True)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    # The retry task that may try next carries this token; a retry left over from before a
    # resend (or from a run the re-queue repeated) finds another token and does nothing.
    retry_token = models.CharField(max_length=32, blank=True)
    resent_at = models.DateTimeField(_("sendt på nytt"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt på nytt av"),
    )

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="core_mail_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=MailStatus.SENT) | Q(sent_at__isnull=False),
                name="core_outgoingmail_sent_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MailStatus.values), name="core_outgoingmail_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.related} ({self.status})"

    def as_message(self, connection=None) -> EmailMessage:
        message = EmailMessage(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email,
            to=[self.recipient],
            reply_to=self.reply_to or None,
            connection=connection,
        )
        for attachment in self.attachments:
            message.attach(
                attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
            )
        return message

    @property
    def masked_recipient(self) -> str:
        return mask_address(self.recipient)


def mask_address(address: str) -> str:
    """«ola.nordmann@eksempel.no» → «o***@e***.no»: enough to tell two mails apart, not to read."""
    local, at, domain = address.partition("@")
    if not at:
        return "***" if address else ""
    name, dot, top = domain.rpartition(".")
    if not dot:
        name, top = domain, ""
    masked_domain = f"{name[:1]}***" + (f".{top}" if top else "")
    return f"{local[:1]}***@{masked_domain}"
