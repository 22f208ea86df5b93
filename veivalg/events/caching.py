"""Whole-page caching of the annual wheel and its iCalendar feed for anonymous readers (see
core/page_cache.py). The version is the newest change to any event and the number of events
(a deletion lowers the count); saving or deleting an event bumps it at once."""

from __future__ import annotations

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone

from veivalg.core.page_cache import CachedVersion


def _read_events_version() -> str:
    from .models import Event

    newest = Event.objects.aggregate(count=Count("id"), updated=Max("updated_at"))
    return f"{newest['count']}-{newest['updated']}"


events_version = CachedVersion("events", _read_events_version)


def wheel_parts(request: HttpRequest) -> tuple:
    """The wheel shows its feed links with this host and scheme, and without `?ar=` the school
    year of today (or of the next event), so today's date is part of the key."""
    return request.scheme, request.get_host(), timezone.localdate().isoformat()


def connect_signals() -> None:
    from .models import Event

    post_save.connect(events_version.bump, sender=Event, dispatch_uid="events-cache-saved")
    post_delete.connect(events_version.bump, sender=Event, dispatch_uid="events-cache-deleted")
