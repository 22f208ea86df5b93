"""What the events app forgets: who came to an event, some weeks after it, and sign-ups nobody
confirmed.

A registration holds a name, an e-mail address, a phone number and needs (interpreter,
wheelchair, other), given without an account for one event. Once the event is over and the
organiser has had time to follow up, they are not needed: EVENT_REGISTRATION_RETENTION_DAYS after
the event ends, the personal fields are emptied. The row stays, so the organiser still sees how
many came and which needs there were.

A sign-up nobody confirmed by the link in the e-mail may have been typed by someone else: it is
deleted, row and all, once the link has expired (EVENT_CONFIRMATION_HOURS). Both rules are
registered in accounts.own_data.EXPIRY_RULES and run with the daily `remove_expired_data`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Registration


def anonymise_old_registrations(today: datetime.date) -> dict[str, int]:
    cutoff = timezone.make_aware(datetime.datetime.combine(today, datetime.time())) - datetime.timedelta(
        days=settings.EVENT_REGISTRATION_RETENTION_DAYS
    )
    ended = Q(event__ends_at__lt=cutoff) | Q(event__ends_at__isnull=True, event__starts_at__lt=cutoff)
    old = Registration.objects.filter(ended).exclude(name="", email="", phone="", needs_other="")
    return {"pameldinger_anonymisert": old.update(name="", email="", phone="", needs_other="")}


def remove_unconfirmed_registrations(today: datetime.date) -> dict[str, int]:
    cutoff = timezone.make_aware(datetime.datetime.combine(today, datetime.time())) - datetime.timedelta(
        hours=settings.EVENT_CONFIRMATION_HOURS
    )
    removed, _by_model = Registration.objects.unconfirmed_since(cutoff).delete()
    return {"pameldinger_ikke_bekreftet": removed}
