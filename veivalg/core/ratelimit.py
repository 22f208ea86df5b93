"""A small cache-based rate limit for the forms that sign in or send e-mail.

Which views are limited, and how much, is one table: `settings.RATE_LIMITS` maps a URL name to
(POSTs allowed, period in seconds) per client address. Past the limit the reader gets a 429
page in plain words that repeats what they typed, so nothing is lost. With several app servers
the cache must be shared (CACHE_URL, Redis) for the limit to hold across them.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Fields never echoed back on the 429 page.
HIDDEN_FIELDS = {"csrfmiddlewaretoken", "password", "otp_token", "code"}


def client_address(request: HttpRequest) -> str:
    """The address the request came from (a proxy in front must set REMOTE_ADDR correctly)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(key: str, *, limit: int, period: int) -> bool:
    """Count one use of `key` in the current window; True when this use is over the limit."""
    window = int(time.time() // period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{digest}:{window}"
    cache.add(cache_key, 0, period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period + 1)
        count = 1
    return count > limit


def too_many_requests(request: HttpRequest) -> HttpResponse:
    typed = [
        (name, value)
        for name, value in request.POST.items()
        if name not in HIDDEN_FIELDS and value.strip() and not name.startswith("password")
    ]
    response = render(request, "core/429.html", {"typed": typed}, status=429)
    response["Retry-After"] = "60"
    return response


class RateLimitMiddleware:
    """Answers 429 when a client POSTs to a limited view (by URL name) too often."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        name = request.resolver_match.view_name
        rule = getattr(settings, "RATE_LIMITS", {}).get(name)
        if rule is None:
            return None
        limit, period = rule
        if hit(f"{name}|{client_address(request)}", limit=limit, period=period):
            return too_many_requests(request)
        return None
