"""Reminder e-mails: review-by digests to editors, and opt-in reminders before application
deadlines to anyone who asks for them (no account).

`ReviewReminder` records which offer or page was named to which editor, so the same item is not
sent to the same editor more than once a week. `Subscription` is a person's wish for deadline
reminders for one municipality, made real by clicking the link in a confirmation e-mail (double
opt-in); `DeadlineReminder` records that a subscriber was reminded of one deadline.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veivalg.places.models import Municipality


class ReviewReminder(models.Model):
    """One offer or page named in a review digest to one editor. Holds no data about citizens."""

    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Offers have UUID keys and pages integer keys; both are stored as text.
    object_id = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("påminnelse om kontroll")
        verbose_name_plural = _("påminnelser om kontroll")
        indexes = [models.Index(fields=["editor", "content_type", "object_id", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.editor_id}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed and not unsubscribed: these get reminders."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def pending(self) -> SubscriptionQuerySet:
        """Waiting for the person to click the link in the confirmation e-mail."""
        return self.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """A person's wish to be reminded before application deadlines in one municipality.

    The e-mail address is erased when the person unsubscribes; the row stays so that the
    link in an old e-mail still says «you are unsubscribed» instead of «not found».
    """

    email = models.EmailField(_("e-post"), blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    main_deadline = models.BooleanField(_("før hovedfristen 1. februar"), default=True)
    all_deadlines = models.BooleanField(_("før alle søknadsfrister"), default=False)
    language = models.CharField(max_length=5, default="nb")
    confirm_token = models.CharField(max_length=64, unique=True, default=new_token)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # When we last told this address it is already subscribed (at most once a day).
    already_mailed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("abonnement på påminnelser")
        verbose_name_plural = _("abonnementer på påminnelser")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(main_deadline=True) | models.Q(all_deadlines=True),
                name="subscription_wants_some_reminder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.municipality_id})"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class DeadlineReminder(models.Model):
    """A subscriber was reminded of one application deadline; at most one per deadline."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.DateField()
    queued_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("påminnelse om søknadsfrist")
        verbose_name_plural = _("påminnelser om søknadsfrist")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "deadline"], name="one_reminder_per_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.deadline}"
