"""Background work for events: e-mails to registered people, and the reminder sweep.

Mails are sent by the task worker (`manage.py db_worker`), never in the request, through
`core.mail`: each is recorded, a mail server that does not answer makes it try again later (the
registration stays as it is), and after the last try administrators see it on /ansatt/e-post/
and can send it again. The tries are counted on the registration (`mail_attempts`,
`mail_failed_at`). Logs name registrations by id only, never a name or an address.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks import TaskContext, task

from veivalg.core.mail import register_purpose, related_id, send_recorded, task_key

from .mail import build_message
from .models import Registration, RegistrationStatus

MAIL_KINDS = ("pending", "confirmed", "waiting", "promoted", "reminder")
MAIL_LABELS = {
    "pending": gettext_lazy("Påmelding: lenke for å bekrefte"),
    "confirmed": gettext_lazy("Påmelding: bekreftelse"),
    "waiting": gettext_lazy("Påmelding: venteliste"),
    "promoted": gettext_lazy("Påmelding: fått plass"),
    "reminder": gettext_lazy("Påminnelse om arrangement"),
}


def register_mail_purposes() -> None:
    """Called from apps.py: labels for the outgoing-mail page, the check before every try, and
    the count of tries on the registration."""
    for kind in MAIL_KINDS:
        register_purpose(
            f"events.{kind}",
            label=MAIL_LABELS[kind],
            still_wanted=registration_mail_wanted,
            after_attempt=note_registration_mail,
        )


def _registration_of(mail) -> tuple[Registration | None, str]:
    ident = related_id(mail, "registration")
    registration = Registration.objects.filter(pk=ident).first() if ident and ident.isdigit() else None
    return registration, mail.purpose.removeprefix("events.")


def registration_mail_wanted(mail) -> bool:
    """A cancelled sign-up gets no more mail; a link that was replaced by a newer one, or a
    reminder already sent, is not sent."""
    registration, kind = _registration_of(mail)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return False
    if kind == "pending":
        return registration.status == RegistrationStatus.PENDING and registration.confirm_token in mail.body
    if kind == "reminder":
        return registration.reminder_sent_at is None
    return True


def note_registration_mail(mail, outcome: str) -> None:
    registration, kind = _registration_of(mail)
    if registration is None:
        return
    now = timezone.now()
    fields: dict = {"mail_attempts": F("mail_attempts") + 1}
    if outcome != "sent":
        fields["mail_failed_at"] = now
    elif kind == "reminder":
        fields["reminder_sent_at"] = now
    elif kind != "pending":
        fields["confirmation_sent_at"] = now
    Registration.objects.filter(pk=registration.pk).update(**fields)


@task(takes_context=True)
def send_registration_mail(context: TaskContext, registration_id: int, kind: str, attempt: int = 1) -> str:
    """One mail of `kind` to the registered address. The same kind may be mailed again (a second
    sign-up with the same address), so the record is one per task run; a reminder is one per
    registration. `attempt` is accepted from retries queued before the mail record existed."""
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
    return send_recorded(
        build_message(registration, kind),
        purpose=f"events.{kind}",
        key=f"registration:{registration.pk}" if kind == "reminder" else task_key(context),
        related=f"registration:{registration.pk}",
        language=registration.language,
    )


@task()
def send_due_reminders() -> int:
    """Queue reminders for events starting within 48 hours (see `send_event_reminders`)."""
    from .services import queue_due_reminders

    return queue_due_reminders()
