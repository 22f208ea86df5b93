"""A small cache-based rate limit for the forms that sign in or send e-mail.

Which views are limited, and how much, is one table: `settings.RATE_LIMITS` maps a URL name to
(POSTs allowed, period in seconds) per client address. Past the limit the reader gets a 429
page in plain words that repeats what they typed, so nothing is lost.

The staff sign-in pages have a second limit across usernames: `RATE_LIMITS["sign_in_failures"]`
counts failed password sign-ins per address (Django's `user_login_failed`), and once an address
has used them up, both sign-in pages answer 429 until the period is over. django-axes locks one
username after a few failures; this stops one address trying one password against many
usernames.

The counters live in their own cache (`CACHES["ratelimit"]`), never in the page cache, so
filling the page cache cannot evict them. With several app servers that cache must be shared
(Redis) for a limit to hold across them. When it does not answer, the limiter fails open to a
counter in this process: each server then limits on its own, and the form still works.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

CACHE_ALIAS = "ratelimit"
SIGN_IN_FAILURES = "sign_in_failures"
SIGN_IN_VIEWS = frozenset({"staff:sign_in", "wagtailadmin_login"})

# Fields never echoed back on the 429 page.
HIDDEN_FIELDS = {"csrfmiddlewaretoken", "password", "otp_token", "code"}

# Where counts go while the shared cache is down (one per process).
_fallback = LocMemCache("veivalg-ratelimit-fallback", {"MAX_ENTRIES": 100_000})


def client_address(request: HttpRequest) -> str:
    """The address the request came from (a proxy in front must set REMOTE_ADDR correctly)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _cache_key(key: str, period: int) -> tuple[str, int]:
    window = int(time.time() // period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{digest}:{window}", period + 1


def _increment(cache, cache_key: str, timeout: int) -> int:
    cache.add(cache_key, 0, timeout)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout)
        return 1


def count(key: str, *, period: int) -> int:
    """Count one use of `key` in the current window; the uses so far, this one included."""
    cache_key, timeout = _cache_key(key, period)
    try:
        return _increment(caches[CACHE_ALIAS], cache_key, timeout)
    except Exception as error:  # noqa: BLE001 - any cache fault: count in this process instead
        logger.warning("rate-limit cache unavailable (%s); counting in this process", type(error).__name__)
        return _increment(_fallback, cache_key, timeout)


def used(key: str, *, period: int) -> int:
    """The uses of `key` so far in the current window, without counting one."""
    cache_key, _timeout = _cache_key(key, period)
    try:
        return caches[CACHE_ALIAS].get(cache_key, 0)
    except Exception as error:  # noqa: BLE001 - see count()
        logger.warning("rate-limit cache unavailable (%s); reading this process", type(error).__name__)
        return _fallback.get(cache_key, 0)


def hit(key: str, *, limit: int, period: int) -> bool:
    """Count one use of `key` in the current window; True when this use is over the limit."""
    return count(key, period=period) > limit


def too_many_requests(request: HttpRequest) -> HttpResponse:
    typed = [
        (name, value)
        for name, value in request.POST.items()
        if name not in HIDDEN_FIELDS and value.strip() and not name.startswith("password")
    ]
    response = render(request, "core/429.html", {"typed": typed}, status=429)
    response["Retry-After"] = "60"
    return response


def _sign_in_failures_key(request: HttpRequest) -> str:
    return f"{SIGN_IN_FAILURES}|{client_address(request)}"


def count_failed_sign_in(sender, credentials=None, request=None, **kwargs) -> None:
    """Receiver of `user_login_failed`: one more failed password sign-in from this address."""
    rule = getattr(settings, "RATE_LIMITS", {}).get(SIGN_IN_FAILURES)
    if rule is None or request is None:
        return
    count(_sign_in_failures_key(request), period=rule[1])


class RateLimitMiddleware:
    """Answers 429 when a client POSTs to a limited view (by URL name) too often, or to a staff
    sign-in page after too many failed sign-ins from its address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        limits = getattr(settings, "RATE_LIMITS", {})
        name = request.resolver_match.view_name
        failures = limits.get(SIGN_IN_FAILURES)
        if name in SIGN_IN_VIEWS and failures is not None:
            limit, period = failures
            if used(_sign_in_failures_key(request), period=period) >= limit:
                return too_many_requests(request)
        rule = limits.get(name)
        if rule is None:
            return None
        limit, period = rule
        if hit(f"{name}|{client_address(request)}", limit=limit, period=period):
            return too_many_requests(request)
        return None
