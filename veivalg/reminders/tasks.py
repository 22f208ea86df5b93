"""Background work for reminders: the e-mails, and the two daily sweeps as tasks.

The e-mails go through `core.mail`: each is recorded, a mail server that does not answer makes
it try again later, and after the last try administrators see it on /ansatt/e-post/ and can send
it again. Before every try the subscription is checked again: an address that unsubscribed in
the meantime gets nothing. Logs name rows by id only, never an address.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks import TaskContext, task

from veivalg.core.mail import register_purpose, related_id, send_recorded, task_key

from .mail import build_confirmation, build_deadline_reminder, build_review_digest
from .models import DeadlineReminder, ReviewReminder, Subscription


def register_mail_purposes() -> None:
    """Called from apps.py: labels for the outgoing-mail page, the check before every try, and
    the note that a deadline reminder went out."""
    register_purpose("reminders.review_digest", label=gettext_lazy("Påminnelse om kontroll til redaktør"))
    register_purpose(
        "reminders.confirm",
        label=gettext_lazy("Påminnelser: lenke for å bekrefte"),
        still_wanted=subscription_mail_wanted,
    )
    register_purpose(
        "reminders.already",
        label=gettext_lazy("Påminnelser: adressen er allerede påmeldt"),
        still_wanted=subscription_mail_wanted,
    )
    register_purpose(
        "reminders.deadline",
        label=gettext_lazy("Påminnelse om søknadsfrist"),
        still_wanted=deadline_reminder_wanted,
        after_attempt=note_deadline_reminder,
    )


def _id_in(mail, kind: str) -> int | None:
    ident = related_id(mail, kind)
    return int(ident) if ident and ident.isdigit() else None


def subscription_mail_wanted(mail) -> bool:
    subscription = Subscription.objects.filter(pk=_id_in(mail, "subscription")).first()
    if subscription is None or subscription.unsubscribed_at is not None:
        return False
    return mail.purpose != "reminders.confirm" or subscription.confirmed_at is None


def deadline_reminder_wanted(mail) -> bool:
    reminder = (
        DeadlineReminder.objects.select_related("subscription")
        .filter(pk=_id_in(mail, "deadline_reminder"))
        .first()
    )
    return reminder is not None and reminder.sent_at is None and reminder.subscription.is_active


def note_deadline_reminder(mail, outcome: str) -> None:
    if outcome == "sent":
        DeadlineReminder.objects.filter(pk=_id_in(mail, "deadline_reminder")).update(sent_at=timezone.now())


@task(takes_context=True)
def send_review_digest(
    context: TaskContext, editor_id: int, reminder_ids: list[int], attempt: int = 1
) -> str:
    """`attempt` (here and below) is accepted from retries queued before the mail record existed."""
    reminders = list(ReviewReminder.objects.filter(pk__in=reminder_ids, editor_id=editor_id))
    message = build_review_digest(editor_id, reminders)
    if message is None:
        return "skipped"
    return send_recorded(
        message, purpose="reminders.review_digest", key=task_key(context), related=f"user:{editor_id}"
    )


@task(takes_context=True)
def send_subscription_mail(context: TaskContext, subscription_id: int, kind: str, attempt: int = 1) -> str:
    """`kind` is 'confirm' (the double opt-in link) or 'already' (the address gets reminders)."""
    if kind not in ("confirm", "already"):
        raise ValueError(f"unknown mail kind {kind!r}")
    subscription = Subscription.objects.select_related("municipality").filter(pk=subscription_id).first()
    if subscription is None or subscription.unsubscribed_at is not None:
        return "skipped"
    if kind == "confirm" and subscription.confirmed_at is not None:
        return "skipped"
    return send_recorded(
        build_confirmation(subscription, already=kind == "already"),
        purpose=f"reminders.{kind}",
        key=task_key(context),
        related=f"subscription:{subscription.pk}",
        language=subscription.language,
    )


@task()
def send_deadline_reminder(subscription_id: int, deadline: str, attempt: int = 1) -> str:
    """One reminder per subscription and deadline (the `DeadlineReminder` row the sweep made)."""
    day = datetime.date.fromisoformat(deadline)
    subscription = Subscription.objects.select_related("municipality").filter(pk=subscription_id).first()
    if subscription is None or not subscription.is_active:
        return "skipped"  # unsubscribed in the meantime: effective at once
    reminder = DeadlineReminder.objects.filter(subscription=subscription, deadline=day).first()
    if reminder is None or reminder.sent_at is not None:
        return "skipped"
    message = build_deadline_reminder(subscription, day)
    if message is None:
        return "skipped"  # the offers were removed or changed since the sweep
    return send_recorded(
        message,
        purpose="reminders.deadline",
        key=f"deadline_reminder:{reminder.pk}",
        related=f"deadline_reminder:{reminder.pk}",
        language=subscription.language,
    )


@task()
def review_reminder_sweep() -> int:
    """Once a day: see `services.send_review_reminders`."""
    from .services import send_review_reminders

    return send_review_reminders()


@task()
def deadline_reminder_sweep() -> int:
    """Once a day: see `services.send_deadline_reminders`."""
    from .services import remove_stale_pending, send_deadline_reminders

    remove_stale_pending()
    return send_deadline_reminders()
