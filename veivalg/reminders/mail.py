"""The reminder e-mails. Editors get theirs in bokmål; subscribers in the language they used."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ReviewReminder, Subscription


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def edit_url(item) -> str:
    name = "wagtailsnippets_directory_offer:edit" if item.is_offer else "wagtailadmin_pages:edit"
    return absolute_url(reverse(name, args=[item.object_id]))


def build_review_digest(editor_id: int, reminders: list[ReviewReminder]) -> EmailMessage | None:
    """One e-mail naming the offers and pages, grouped by municipality (national pages last)."""
    from .services import items_for_reminders

    editor = get_user_model().objects.filter(pk=editor_id, is_active=True).exclude(email="").first()
    items = items_for_reminders(reminders)
    if editor is None or not items:
        return None
    groups: dict = defaultdict(lambda: {"offers": [], "pages": []})
    for item in sorted(items, key=lambda i: (i.review_by, i.title)):
        groups[item.municipality]["offers" if item.is_offer else "pages"].append(
            {"title": item.title, "review_by": item.review_by, "url": edit_url(item)}
        )
    ordered = sorted(groups.items(), key=lambda g: (g[0] is None, g[0].name if g[0] else ""))
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Til kontroll i Veivalg: %(count)s tilbud eller side",
            "Til kontroll i Veivalg: %(count)s tilbud og sider",
            len(items),
        ) % {"count": len(items)}
        body = render_to_string(
            "reminders/email/review_digest.txt",
            {"groups": ordered, "count": len(items), "admin_url": absolute_url(reverse("wagtailadmin_home"))},
        )
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[editor.email])


def confirm_url(subscription: Subscription) -> str:
    return absolute_url(reverse("reminders:confirm", kwargs={"token": subscription.confirm_token}))


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute_url(reverse("reminders:unsubscribe", kwargs={"token": subscription.unsubscribe_token}))


def build_confirmation(subscription: Subscription, *, already: bool = False) -> EmailMessage:
    with translation.override(subscription.language):
        if already:
            subject = _("Du får allerede påminnelser fra Veivalg")
        else:
            subject = _("Bekreft at du vil ha påminnelser fra Veivalg")
        body = render_to_string(
            "reminders/email/confirm.txt",
            {
                "subscription": subscription,
                "municipality": subscription.municipality.local_name,
                "already": already,
                "confirm_url": confirm_url(subscription),
                "unsubscribe_url": unsubscribe_url(subscription),
            },
        )
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[subscription.email]
    )


def build_deadline_reminder(subscription: Subscription, deadline: datetime.date) -> EmailMessage | None:
    from .services import is_main_deadline, offers_with_deadline

    municipality = subscription.municipality
    offers = list(offers_with_deadline(municipality, deadline))
    if not offers:
        return None
    with translation.override(subscription.language):
        name = municipality.local_name
        subject = _("Søknadsfrist %(date)s: tilbud i %(municipality)s") % {
            "date": _format_date(deadline),
            "municipality": name,
        }
        body = render_to_string(
            "reminders/email/deadline.txt",
            {
                "deadline": deadline,
                "main": is_main_deadline(municipality, deadline),
                "municipality": name,
                "municipality_url": absolute_url(municipality.get_absolute_url()),
                "offers": [
                    {
                        "title": o.title_nn if subscription.language == "nn" and o.title_nn else o.title,
                        "organization": o.organization.name,
                        "url": absolute_url(o.get_absolute_url()),
                    }
                    for o in offers
                ],
                "unsubscribe_url": unsubscribe_url(subscription),
            },
        )
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[subscription.email]
    )


def _format_date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")
