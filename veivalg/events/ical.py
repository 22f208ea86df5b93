"""iCalendar (RFC 5545) for events: the .ics attachment in e-mails and the annual-wheel feeds."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Event

PRODID = "-//Veivalg//Arrangementer og årshjul//NB"


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def uid_for(event: Event) -> str:
    """Stable across edits, so a subscribed calendar updates the entry instead of adding one."""
    return f"event-{event.pk}@veivalg"


def build_calendar(events: Iterable[Event], *, name: str = "", method: str = "") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(datetime.UTC)
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    return calendar.to_ical()


def _vevent(event: Event, stamp: datetime.datetime) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", uid_for(event))
    item.add("dtstamp", stamp)
    item.add("summary", event.title)
    if event.all_day:
        day = timezone.localtime(event.starts_at).date()
        last = timezone.localtime(event.ends_at).date() if event.ends_at else day
        item.add("dtstart", day)
        item.add("dtend", last + datetime.timedelta(days=1))
    else:
        # UTC times are understood by every calendar program without a VTIMEZONE block.
        item.add("dtstart", event.starts_at.astimezone(datetime.UTC))
        end = event.ends_at or event.starts_at + datetime.timedelta(hours=1)
        item.add("dtend", end.astimezone(datetime.UTC))
    location = ", ".join(part for part in (event.place_name, event.address) if part)
    if location:
        item.add("location", location)
    url = absolute_url(event.get_absolute_url())
    item.add("url", url)
    description = event.description
    if event.accessibility:
        description = f"{description}\n\nTilgjengelighet: {event.accessibility}".strip()
    item.add("description", f"{description}\n\n{url}".strip())
    item.add("categories", [event.get_kind_display()])
    if event.organiser_email:
        organiser = icalendar.vCalAddress(f"mailto:{event.organiser_email}")
        if event.organiser:
            organiser.params["cn"] = icalendar.vText(event.organiser)
        item.add("organizer", organiser)
    item.add("transp", "TRANSPARENT" if event.is_milestone else "OPAQUE")
    return item
