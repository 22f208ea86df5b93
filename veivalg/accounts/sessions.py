"""Signed-in sessions: nothing of a signed-in user in a shared cache, and citizen sessions that end.

- `PrivateResponseMiddleware`: every response to a signed-in user (citizen or staff) says
  `Cache-Control: no-store, private` (Django's never-cache headers), whatever the view set. A
  page rendered for a signed-in user carries their name, the acting-for banner or case data, so
  neither a proxy nor the browser's disk cache (a shared or library computer) may keep it.
  Anonymous responses are left alone, so public pages keep their caching; the anonymous page
  cache (`core.page_cache`) never stores or serves a page for a request with a session cookie
  or a signed-in user, so a signed-in user is never served a stored copy either.
- `CitizenSessionMiddleware`: a citizen (signed in, not staff) is signed out after
  `CITIZEN_IDLE_SECONDS` without a request, and `CITIZEN_SESSION_MAX_SECONDS` after signing in
  however active, with a plain message on the sign-in page. Staff have their own idle time-out
  and second factor in `staff.py`.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .staff import is_staff_user

SIGNED_IN_AT_KEY = "citizen_signed_in_at"
LAST_SEEN_KEY = "citizen_last_seen"
# Write the last-seen time at most this often, so a burst of requests saves the session once.
LAST_SEEN_RESOLUTION = 10


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Checked before and after the view: signing out (or a time-out) during the request
        # still answers privately, and so does the sign-in callback.
        signed_in = _signed_in(request)
        response = self.get_response(request)
        if signed_in or _signed_in(request):
            add_never_cache_headers(response)
        return response


def _is_citizen(request: HttpRequest) -> bool:
    return _signed_in(request) and not is_staff_user(request.user)


class CitizenSessionMiddleware:
    """Idle time-out and a maximum length for citizen sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_citizen(request):
            now = int(time.time())
            signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
            last_seen = request.session.get(LAST_SEEN_KEY)
            if signed_in_at is not None and now - signed_in_at > settings.CITIZEN_SESSION_MAX_SECONDS:
                hours = max(1, settings.CITIZEN_SESSION_MAX_SECONDS // 3600)
                self._sign_out(
                    request,
                    _("Du ble logget ut fordi det er %(hours)s timer siden du logget inn. Logg inn igjen.")
                    % {"hours": hours},
                )
            elif last_seen is not None and now - last_seen > settings.CITIZEN_IDLE_SECONDS:
                minutes = max(1, settings.CITIZEN_IDLE_SECONDS // 60)
                self._sign_out(
                    request,
                    _("Du ble logget ut etter %(minutes)s minutter uten aktivitet.") % {"minutes": minutes},
                )
            else:
                self._seen(request, now)
        response = self.get_response(request)
        if _is_citizen(request) and SIGNED_IN_AT_KEY not in request.session:
            # Signed in by this request (the sign-in callback): both clocks start now.
            self._seen(request, int(time.time()))
        return response

    @staticmethod
    def _seen(request: HttpRequest, now: int) -> None:
        request.session.setdefault(SIGNED_IN_AT_KEY, now)
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
            request.session[LAST_SEEN_KEY] = now

    @staticmethod
    def _sign_out(request: HttpRequest, message: str) -> None:
        # logout() empties the session: the acting-for choice and the sealed ID token go too.
        logout(request)
        messages.info(request, message)
