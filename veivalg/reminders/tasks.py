"""Background work for reminders: the e-mails, sent by the task worker with retry, and the two
daily sweeps as tasks.

When the mail server does not answer, a task enqueues itself again with a growing delay (the
events app's backoff), at most `MAX_ATTEMPTS` tries. Logs name rows by id only, never an address.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task, task_backends

from veivalg.events.tasks import MAX_ATTEMPTS, backoff_for

from .mail import build_confirmation, build_deadline_reminder, build_review_digest
from .models import DeadlineReminder, ReviewReminder, Subscription

logger = logging.getLogger(__name__)


def _send(message: EmailMessage, task_obj, args: list, attempt: int, what: str) -> str:
    """Send, or enqueue the same task again later; 'sent', 'retrying' or 'failed'."""
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:
        if attempt >= MAX_ATTEMPTS:
            logger.error("mail %s failed %s times; giving up (%s)", what, attempt, type(error).__name__)
            return "failed"
        backend = task_backends[task_obj.backend]
        if not backend.supports_defer:
            logger.warning("mail %s failed (%s); the task backend cannot retry", what, type(error).__name__)
            return "failed"
        run_after = timezone.now() + backoff_for(attempt)
        task_obj.using(run_after=run_after).enqueue(*args, attempt + 1)
        logger.warning("mail %s failed (attempt %s, %s); retrying later", what, attempt, type(error).__name__)
        return "retrying"
    return "sent"


@task()
def send_review_digest(editor_id: int, reminder_ids: list[int], attempt: int = 1) -> str:
    reminders = list(ReviewReminder.objects.filter(pk__in=reminder_ids, editor_id=editor_id))
    message = build_review_digest(editor_id, reminders)
    if message is None:
        return "skipped"
    return _send(
        message, send_review_digest, [editor_id, reminder_ids], attempt, f"review digest to user {editor_id}"
    )


@task()
def send_subscription_mail(subscription_id: int, kind: str, attempt: int = 1) -> str:
    """`kind` is 'confirm' (the double opt-in link) or 'already' (the address gets reminders)."""
    if kind not in ("confirm", "already"):
        raise ValueError(f"unknown mail kind {kind!r}")
    subscription = Subscription.objects.select_related("municipality").filter(pk=subscription_id).first()
    if subscription is None or subscription.unsubscribed_at is not None:
        return "skipped"
    if kind == "confirm" and subscription.confirmed_at is not None:
        return "skipped"
    message = build_confirmation(subscription, already=kind == "already")
    return _send(
        message,
        send_subscription_mail,
        [subscription_id, kind],
        attempt,
        f"{kind} to subscription {subscription_id}",
    )


@task()
def send_deadline_reminder(subscription_id: int, deadline: str, attempt: int = 1) -> str:
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
    result = _send(
        message,
        send_deadline_reminder,
        [subscription_id, deadline],
        attempt,
        f"deadline reminder to subscription {subscription_id}",
    )
    if result == "sent":
        DeadlineReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
    return result


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
