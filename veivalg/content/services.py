"""Actions on content: recording reader feedback without personal data."""

from __future__ import annotations

import re

from wagtail.models import Page

from .models import PageFeedback

# What looks like personal data in a free-text comment: e-mail addresses, Norwegian phone
# numbers (8 digits, maybe +47 and spaces) and national identity numbers (11 digits).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID_NUMBER = re.compile(r"\b\d{6}\s?\d{5}\b")
_PHONE = re.compile(r"(?:\+47\s?)?\b(?:\d\s?){7}\d\b")
REMOVED = "[fjernet]"


def scrub_personal_data(text: str) -> str:
    """Replace e-mail addresses, phone numbers and identity numbers with «[fjernet]»."""
    for pattern in (_EMAIL, _ID_NUMBER, _PHONE):
        text = pattern.sub(REMOVED, text)
    return text.strip()


def record_feedback(*, page: Page, helpful: bool, comment: str = "") -> PageFeedback:
    """Store an anonymous answer to «Fant du det du lette etter?» for the page."""
    return PageFeedback.objects.create(page=page, helpful=helpful, comment=scrub_personal_data(comment))
