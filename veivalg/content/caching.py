"""Whole-page caching of content pages for anonymous readers (see core/page_cache.py).

The pages' version is read from Wagtail's own tables: the newest page log entry (every publish,
unpublish, move, delete and revision through Wagtail writes one), the number of pages and the
newest publishing and revision times; signal handlers (publish, unpublish, move, save, delete)
bump it at once, as do changes to view restrictions. An article also depends on the reader's municipality (`?kommune=` is in the
path, the `veivalg_kommune` cookie is part of the key). The feedback form's CSRF token is
filled in per reader (`serve_cached`), so «Fant du det du lette etter?» works from a cached page.
"""

from __future__ import annotations

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from wagtail.models import Page, PageLogEntry
from wagtail.signals import page_published, page_unpublished, post_page_move

from veivalg.core.page_cache import CachedVersion
from veivalg.places.services import COOKIE as MUNICIPALITY_COOKIE


def _read_pages_version() -> str:
    pages = Page.objects.aggregate(
        count=Count("id"), published=Max("last_published_at"), revised=Max("latest_revision_created_at")
    )
    newest_log = PageLogEntry.objects.aggregate(newest=Max("id"))["newest"]
    return f"{newest_log}-{pages['count']}-{pages['published']}-{pages['revised']}"


pages_version = CachedVersion("content-pages", _read_pages_version)


PAGE_CACHE_NAME = "content"
# The query parameters a content page reads: a chosen municipality, and the feedback's thank-you.
PAGE_QUERY = ("kommune", "takk")


def page_parts(request: HttpRequest) -> tuple[str, str]:
    """What a content page depends on besides language and path: the host (Wagtail sites) and
    the reader's remembered municipality (an article shows that municipality's addition)."""
    number = request.COOKIES.get(MUNICIPALITY_COOKIE, "")
    return request.get_host(), number if len(number) == 4 and number.isdigit() else ""


def _page_changed(sender, **kwargs) -> None:
    if isinstance(sender, type) and issubclass(sender, Page):
        pages_version.bump()


def _addition_or_audience_changed(sender, **kwargs) -> None:
    pages_version.bump()


def connect_signals() -> None:
    from wagtail.models import PageViewRestriction

    from .models import Audience, MunicipalAddition

    page_published.connect(pages_version.bump, dispatch_uid="content-cache-published")
    page_unpublished.connect(pages_version.bump, dispatch_uid="content-cache-unpublished")
    post_page_move.connect(pages_version.bump, dispatch_uid="content-cache-moved")
    post_save.connect(_page_changed, dispatch_uid="content-cache-saved")
    post_delete.connect(_page_changed, dispatch_uid="content-cache-deleted")
    for model in (Audience, MunicipalAddition, PageViewRestriction):
        post_save.connect(_addition_or_audience_changed, sender=model, dispatch_uid=f"content-cache-{model}")
        post_delete.connect(
            _addition_or_audience_changed, sender=model, dispatch_uid=f"content-cache-del-{model}"
        )
