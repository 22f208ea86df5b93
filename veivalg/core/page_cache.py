"""Whole-page caching of public pages for anonymous readers.

A page is cached only for a reader with no session (not signed in, not acting for anyone), per
path and query, language and the directory's version, so an editor's change shows at once.
Everything personal (sign-in state, the acting-for banner) lives behind the session cookie.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

PAGE_SECONDS = 3600


def cacheable(request: HttpRequest) -> bool:
    """Only anonymous GETs with no session and no pending messages."""
    if (
        request.method != "GET"
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
    ):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def cache_public_page(name: str):
    """Serve the view's response from the cache for anonymous readers (200 responses only)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not cacheable(request):
                return view(request, *args, **kwargs)
            from veivalg.directory.caching import fragment_key

            key = fragment_key(f"page:{name}", request.get_full_path())
            stored = cache.get(key)
            if stored is not None:
                content, content_type, cookies = stored
                response = HttpResponse(content, content_type=content_type)
                for cookie_name, (value, max_age) in cookies.items():
                    response.set_cookie(
                        cookie_name, value, max_age=max_age, samesite="Lax", secure=request.is_secure()
                    )
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not getattr(response, "streaming", False):
                cookies = {
                    morsel.key: (morsel.value, int(morsel["max-age"]) if morsel["max-age"] else None)
                    for morsel in response.cookies.values()
                    if morsel.key != settings.CSRF_COOKIE_NAME
                }
                cache.set(key, (response.content, response["Content-Type"], cookies), PAGE_SECONDS)
            return response

        return wrapper

    return decorator
