"""Review-by digests for editors, and deadline reminders for subscribers. Commands, tasks and
views call these.

Both sweeps claim what they are about to send in the database first (a `ReviewReminder` or a
`DeadlineReminder` row) and then enqueue the e-mail task, so running a sweep twice, or from two
machines, never sends the same thing twice. The e-mails themselves are sent by the task worker
with retry (`tasks.py`).
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from veivalg.accounts.models import EditorAssignment
from veivalg.content.models import CONTENT_PAGE_MODELS
from veivalg.core.tasks import enqueue_with_change
from veivalg.directory.models import IntakeRoute, Offer
from veivalg.intake.rounds import round_for
from veivalg.places.models import Municipality

from .models import DeadlineReminder, ReviewReminder, Subscription

logger = logging.getLogger(__name__)

# --- review-by digests for editors -------------------------------------------------------------

REPEAT_AFTER = datetime.timedelta(days=7)


@dataclass(frozen=True)
class ReviewItem:
    """An offer or a content page past its review-by date."""

    content_type_id: int
    object_id: str
    title: str
    review_by: datetime.date
    municipality: Municipality | None  # None: a national page
    is_offer: bool


def overdue_items(today: datetime.date) -> list[ReviewItem]:
    """Published, not defunct offers and live content pages whose review-by date has passed."""
    offer_type = ContentType.objects.get_for_model(Offer)
    page_type = ContentType.objects.get_for_model(Page)
    items = [
        ReviewItem(offer_type.pk, str(o.pk), o.title, o.review_by, o.owner_municipality, True)
        for o in Offer.objects.published().past_review(today).select_related("owner_municipality")
    ]
    for model in CONTENT_PAGE_MODELS:
        pages = model.objects.live().filter(review_by__lt=today).select_related("owner_municipality")
        items += [
            ReviewItem(page_type.pk, str(p.pk), p.title, p.review_by, p.owner_municipality, False)
            for p in pages
        ]
    return items


def review_recipients() -> tuple[dict[int, list], list]:
    """Editors with an e-mail address per municipality id, and superusers with one."""
    by_municipality: dict[int, list] = defaultdict(list)
    assignments = (
        EditorAssignment.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related("municipalities")
    )
    for assignment in assignments:
        for municipality in assignment.municipalities.all():
            by_municipality[municipality.pk].append(assignment.user)
    superusers = list(get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email=""))
    return by_municipality, superusers


def send_review_reminders(*, today: datetime.date | None = None) -> int:
    """Send each editor one digest of the offers and pages of their municipalities that are past
    review-by, leaving out what was sent to them in the last 7 days. National pages (no owner)
    go to superusers. `today` freezes the date (tests). Returns how many digests were queued."""
    from .tasks import send_review_digest

    now = timezone.now()
    if today is None:
        today = timezone.localdate(now)
    else:  # the sweep runs as if on `today` at the current time of day (tests freeze the date)
        now = timezone.make_aware(datetime.datetime.combine(today, timezone.localtime(now).time()))
    by_municipality, superusers = review_recipients()
    due: dict[int, list[ReviewItem]] = defaultdict(list)
    users = {}
    for item in overdue_items(today):
        recipients = by_municipality.get(item.municipality.pk, []) if item.municipality else superusers
        for user in recipients:
            users[user.pk] = user
            due[user.pk].append(item)
    queued = 0
    for user_id, items in due.items():
        with transaction.atomic():
            # The editor's row is the lock: two sweeps at once cannot both name the same item.
            get_user_model().objects.select_for_update().filter(pk=user_id).first()
            recent = set(
                ReviewReminder.objects.filter(editor_id=user_id, sent_at__gt=now - REPEAT_AFTER).values_list(
                    "content_type_id", "object_id"
                )
            )
            fresh = [i for i in items if (i.content_type_id, i.object_id) not in recent]
            if not fresh:
                continue
            reminders = ReviewReminder.objects.bulk_create(
                ReviewReminder(
                    editor_id=user_id, content_type_id=i.content_type_id, object_id=i.object_id, sent_at=now
                )
                for i in fresh
            )
        send_review_digest.enqueue(user_id, [r.pk for r in reminders])
        queued += 1
    logger.info("review digests queued: %s", queued)
    return queued


def items_for_reminders(reminders: list[ReviewReminder]) -> list[ReviewItem]:
    """The offers and pages a digest names, as they are now (an item since deleted is left out)."""
    offer_type = ContentType.objects.get_for_model(Offer)
    offer_ids = [r.object_id for r in reminders if r.content_type_id == offer_type.pk]
    page_ids = [int(r.object_id) for r in reminders if r.content_type_id != offer_type.pk]
    items = [
        ReviewItem(offer_type.pk, str(o.pk), o.title, o.review_by, o.owner_municipality, True)
        for o in Offer.objects.filter(pk__in=offer_ids).select_related("owner_municipality")
    ]
    page_type_id = ContentType.objects.get_for_model(Page).pk
    for page in Page.objects.filter(pk__in=page_ids).specific():
        municipality = getattr(page, "owner_municipality", None)
        review_by = getattr(page, "review_by", None)
        if review_by is not None:
            items.append(ReviewItem(page_type_id, str(page.pk), page.title, review_by, municipality, False))
    return items


# --- deadline reminders for subscribers --------------------------------------------------------

REMINDER_LEAD = datetime.timedelta(days=14)
PENDING_PER_DAY = 3
CONFIRM_WITHIN = datetime.timedelta(days=7)


def main_deadline(municipality: Municipality, day: datetime.date) -> datetime.date:
    """The municipality's own main deadline for the intake round `day` belongs to (what it set
    for the year, else the national default, 1 February): the same rule intake uses for «late»."""
    return round_for(municipality, day).deadline


def is_main_deadline(municipality: Municipality, day: datetime.date) -> bool:
    return main_deadline(municipality, day) == day


class TooManyPending(Exception):
    """The address already has `PENDING_PER_DAY` unconfirmed subscriptions from the last day."""


@dataclass(frozen=True)
class SubscribeOutcome:
    subscription: Subscription
    created: bool  # False: the address already gets these reminders; we told it so by e-mail


def subscribe(
    *, email: str, municipality: Municipality, main_deadline: bool, all_deadlines: bool
) -> SubscribeOutcome:
    """Ask for deadline reminders. Nothing is sent until the person confirms with the link in
    the e-mail this sends. An address that already gets reminders for the municipality gets an
    e-mail saying so (at most once a day) instead, so the page never tells a stranger whether an
    address is subscribed. Raises TooManyPending after three unconfirmed requests in a day."""
    from .tasks import send_subscription_mail

    email = email.strip()
    now = timezone.now()
    with transaction.atomic():
        existing = (
            Subscription.objects.active()
            .select_for_update()
            .filter(email__iexact=email, municipality=municipality)
            .first()
        )
        if existing is not None:
            tell = (
                existing.already_mailed_at is None
                or existing.already_mailed_at < now - datetime.timedelta(days=1)
            )
            if tell:
                existing.already_mailed_at = now
                existing.save(update_fields=["already_mailed_at"])
                enqueue_with_change(send_subscription_mail, existing.pk, "already")
            return SubscribeOutcome(existing, created=False)
        recent = Subscription.objects.pending().filter(
            email__iexact=email, created_at__gt=now - datetime.timedelta(days=1)
        )
        if recent.count() >= PENDING_PER_DAY:
            raise TooManyPending()
        subscription = Subscription.objects.create(
            email=email,
            municipality=municipality,
            main_deadline=main_deadline,
            all_deadlines=all_deadlines,
            language=get_language() or "nb",
        )
        enqueue_with_change(send_subscription_mail, subscription.pk, "confirm")
    logger.info("subscription %s created for municipality %s", subscription.pk, municipality.number)
    return SubscribeOutcome(subscription, created=True)


class ConfirmationExpired(Exception):
    """The confirmation link is older than `CONFIRM_WITHIN`."""


def confirm_subscription(*, token: str, now: datetime.datetime | None = None) -> Subscription:
    """Confirm by the token from the e-mail. Confirming twice changes nothing.

    Raises Subscription.DoesNotExist for an unknown token (or one that was unsubscribed before it
    was confirmed) and ConfirmationExpired for a link that is too old."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(confirm_token=token)
        if subscription.confirmed_at is not None:
            return subscription
        if subscription.unsubscribed_at is not None:
            raise Subscription.DoesNotExist()
        if subscription.created_at < now - CONFIRM_WITHIN:
            raise ConfirmationExpired()
        subscription.confirmed_at = now
        subscription.save(update_fields=["confirmed_at"])
    logger.info("subscription %s confirmed", subscription.pk)
    return subscription


def unsubscribe(*, token: str) -> tuple[Subscription, bool]:
    """Stop reminders at once and erase the address. Returns the subscription and whether it
    was already unsubscribed. Raises Subscription.DoesNotExist for an unknown token."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(unsubscribe_token=token)
        if subscription.unsubscribed_at is not None:
            return subscription, True
        subscription.unsubscribed_at = timezone.now()
        subscription.email = ""
        subscription.save(update_fields=["unsubscribed_at", "email"])
    logger.info("subscription %s unsubscribed", subscription.pk)
    return subscription, False


def remove_stale_pending(*, now: datetime.datetime | None = None) -> int:
    """Delete requests never confirmed within `CONFIRM_WITHIN`: we keep no address we may not use."""
    now = now or timezone.now()
    deleted, _ = Subscription.objects.pending().filter(created_at__lt=now - CONFIRM_WITHIN).delete()
    return deleted


def offers_with_deadline(municipality: Municipality, deadline: datetime.date):
    """Published offers open to the municipality's residents with this application deadline; on
    the municipality's main deadline also the offers it decides on (vedtak) that give no date of
    their own, since they follow the main intake."""
    applies = Q(application_deadline=deadline)
    if is_main_deadline(municipality, deadline):
        applies |= Q(application_deadline__isnull=True, intake_route=IntakeRoute.VEDTAK)
    return (
        Offer.objects.published()
        .for_municipality(municipality)
        .filter(applies, rolling_intake=False)
        .select_related("organization")
        .order_by("title")
    )


def upcoming_deadlines(today: datetime.date) -> dict[int, dict[datetime.date, list[Offer]]]:
    """Per municipality id: the deadlines within the next 14 days and the offers that have them."""
    offers = (
        Offer.objects.published()
        .filter(
            rolling_intake=False,
            application_deadline__gt=today,
            application_deadline__lte=today + REMINDER_LEAD,
        )
        .prefetch_related("coverage")
    )
    deadlines: dict[int, dict[datetime.date, list[Offer]]] = defaultdict(lambda: defaultdict(list))
    for offer in offers:
        for coverage in offer.coverage.all():
            deadlines[coverage.municipality_id][offer.application_deadline].append(offer)
    return deadlines


def wants_reminder(subscription: Subscription, deadline: datetime.date, offers: list[Offer]) -> bool:
    if subscription.all_deadlines:
        return True
    return (
        subscription.main_deadline
        and is_main_deadline(subscription.municipality, deadline)
        and any(o.intake_route == IntakeRoute.VEDTAK for o in offers)
    )


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """Remind each confirmed subscriber once of each application deadline that falls within the
    next 14 days in their municipality: the municipality's own main deadline (`main_deadline`,
    when it has offers to apply for), or every deadline if they asked for all.

    Run daily, this sends 14 days before; a subscriber who confirms later in those 14 days is
    reminded at the next run. Returns how many reminders were queued."""
    from .tasks import send_deadline_reminder

    today = today or timezone.localdate()
    by_municipality = upcoming_deadlines(today)
    subscriptions = list(
        Subscription.objects.active()
        .filter(Q(municipality_id__in=list(by_municipality)) | Q(main_deadline=True))
        .select_related("municipality")
    )
    # Each municipality's own main deadline, when it falls in the window: a reminder is due even
    # if no offer repeats the date (its vedtak offers follow the main intake).
    main_in_window: dict[int, datetime.date | None] = {}
    for subscription in subscriptions:
        if subscription.municipality_id not in main_in_window:
            day = main_deadline(subscription.municipality, today)
            main_in_window[subscription.municipality_id] = (
                day if today < day <= today + REMINDER_LEAD else None
            )
    done = set(
        DeadlineReminder.objects.filter(subscription__in=subscriptions, deadline__gt=today).values_list(
            "subscription_id", "deadline"
        )
    )
    queued = 0
    offers_by_deadline: dict[tuple[int, datetime.date], list[Offer]] = {}
    for subscription in subscriptions:
        deadlines = dict(by_municipality.get(subscription.municipality_id, {}))
        main = main_in_window[subscription.municipality_id]
        if main is not None:
            deadlines.setdefault(main, [])
        for deadline in sorted(deadlines):
            if (subscription.pk, deadline) in done:
                continue
            key = (subscription.municipality_id, deadline)
            if key not in offers_by_deadline:  # many subscribers share a municipality
                offers_by_deadline[key] = list(offers_with_deadline(subscription.municipality, deadline))
            offers = offers_by_deadline[key]
            if not offers or not wants_reminder(subscription, deadline, offers):
                continue
            try:
                with transaction.atomic():
                    DeadlineReminder.objects.create(subscription=subscription, deadline=deadline)
            except IntegrityError:
                continue  # another run claimed it
            send_deadline_reminder.enqueue(subscription.pk, deadline.isoformat())
            queued += 1
    logger.info("deadline reminders queued: %s", queued)
    return queued
