"""Wagtail's page view behind the page cache (see content/caching.py).

`serve` looks in the cache before Wagtail finds the site and walks the page tree (six queries
for an article), so a cached page costs no query at all. It is mounted by `content/urls.py`,
which has the same URL patterns as `wagtail.urls`. Without it, the `on_serve_page` hook in
`wagtail_hooks.py` still serves cached pages, after the tree walk.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from wagtail import views as wagtail_views

from veivalg.core.page_cache import serve_cached

from .caching import PAGE_CACHE_NAME, PAGE_QUERY, page_parts, pages_version


def serve(request: HttpRequest, path: str) -> HttpResponse:
    request.content_page_cache_checked = True  # the hook need not look again
    return serve_cached(
        request,
        name=PAGE_CACHE_NAME,
        version=pages_version,
        parts=page_parts(request),
        query=PAGE_QUERY,
        produce=lambda: wagtail_views.serve(request, path),
    )
