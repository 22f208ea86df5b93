"""The e-mails a registered person gets, in the language they registered in.

The first one («pending») asks the address to confirm the sign-up. Anyone can type any address,
so it carries nothing the sender typed (no name, phone or needs), only the event and the link.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .ical import absolute_url, build_calendar
from .models import Registration

SUBJECTS = {
    "pending": gettext_noop("Bekreft påmeldingen: {title}"),
    "confirmed": gettext_noop("Du er påmeldt: {title}"),
    "waiting": gettext_noop("Du står på venteliste: {title}"),
    "promoted": gettext_noop("Du har fått plass: {title}"),
    "reminder": gettext_noop("Påminnelse: {title}"),
}


def cancel_url(registration: Registration) -> str:
    return absolute_url(reverse("events:cancel", kwargs={"token": registration.cancel_token}))


def confirm_url(registration: Registration) -> str:
    return absolute_url(reverse("events:confirm", kwargs={"token": registration.confirm_token}))


def build_message(registration: Registration, kind: str) -> EmailMessage:
    event = registration.event
    with translation.override(registration.language):
        title = event.title_nn if registration.language == "nn" and event.title_nn else event.title
        subject = _(SUBJECTS[kind]).format(title=title)
        if kind == "pending":
            body = render_to_string(
                "events/email/confirm_request.txt",
                {
                    "event": event,
                    "title": title,
                    "event_url": absolute_url(event.get_absolute_url()),
                    "confirm_url": confirm_url(registration),
                    "hours": settings.EVENT_CONFIRMATION_HOURS,
                },
            )
        else:
            body = render_to_string(
                "events/email/registration.txt",
                {
                    "registration": registration,
                    "event": event,
                    "title": title,
                    "kind": kind,
                    "event_url": absolute_url(event.get_absolute_url()),
                    "cancel_url": cancel_url(registration),
                    "position": registration.waiting_position(),
                },
            )
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=[event.organiser_email] if event.organiser_email else None,
    )
    if kind not in ("waiting", "pending"):
        message.attach(f"{event.slug}.ics", build_calendar([event], method="PUBLISH"), "text/calendar")
    return message
