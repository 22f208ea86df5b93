"""Who may edit which content page: the directory's municipality scope, applied to pages.

A page owned by a municipality is edited only by that municipality's editors (and superusers).
A national page (no owner) is edited by any editor; the review workflow guards national text.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Page

from veivalg.directory.rules import editable_municipality_ids


def owner_municipality_id(page: Page) -> int | None:
    return getattr(page.specific_deferred, "owner_municipality_id", None)


def can_edit_page(user, page: Page) -> bool:
    allowed = editable_municipality_ids(user)
    if allowed is None:
        return True
    owner = owner_municipality_id(page)
    return owner is None or owner in allowed


def hide_other_municipalities(user, pages: QuerySet) -> QuerySet:
    """The pages without those owned by municipalities outside the user's scope."""
    from .models import CONTENT_PAGE_MODELS

    allowed = editable_municipality_ids(user)
    if allowed is None:
        return pages
    for model in CONTENT_PAGE_MODELS:
        outside = model.objects.filter(owner_municipality__isnull=False).exclude(
            owner_municipality__in=allowed
        )
        pages = pages.exclude(id__in=outside.values("id"))
    return pages
