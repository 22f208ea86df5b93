"""Background work for flow meetings: the minutes as a tagged, accessible PDF (PDF/UA-1).

Run by the task worker after `services.meetings.close_meeting` commits. The file goes to the
private storage (`storages["private"]`, outside the web root), named explicitly here because
the model field itself uses the default storage; the download view reads it from the same
place. Logs name meetings by id only.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone
from django_tasks import task

from veivalg.core.files import save_replacing
from veivalg.core.pdf import render_pdf

from .models import FlowMeeting, MeetingItem
from .selectors import SOURCE_ORDER, agenda

logger = logging.getLogger(__name__)

MINUTES_TEMPLATE = "placements/meetings/pdf/minutes.html"


def private_storage():
    return storages["private"]


def minutes_context(meeting: FlowMeeting) -> dict:
    items = list(agenda(meeting))
    labels = dict(MeetingItem.Source.choices)
    groups = [
        {"source": source, "label": labels[source], "items": [i for i in items if i.source == source]}
        for source in SOURCE_ORDER
    ]
    return {
        "meeting": meeting,
        "municipalities": list(meeting.municipalities.all()),
        "invited": list(meeting.invited.all()),
        "groups": [group for group in groups if group["items"]],
        "total": len(items),
        "made_at": timezone.localtime(),
    }


def render_minutes(meeting: FlowMeeting, language: str | None = None) -> bytes:
    return render_pdf(MINUTES_TEMPLATE, minutes_context(meeting), language=language or settings.LANGUAGE_CODE)


@task()
def make_minutes_pdf(meeting_id: str) -> str:
    """Render the closed meeting's minutes and store them; a second run leaves them as they are."""
    meeting = FlowMeeting.objects.select_related("organiser").filter(pk=meeting_id).first()
    if meeting is None or not meeting.is_closed:
        return "skipped"
    if meeting.minutes_pdf:
        return "exists"
    pdf = render_minutes(meeting)
    name = save_replacing(private_storage(), f"placements/minutes/{meeting.pk}.pdf", pdf)
    FlowMeeting.objects.filter(pk=meeting.pk).update(minutes_pdf=name)
    logger.info("flow meeting %s: minutes made", meeting.pk)
    return "made"
