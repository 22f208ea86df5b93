"""Whole-page caching of public pages for anonymous readers.

A page is cached only for a reader with no session (not signed in, not acting for anyone), per
path and query, language and the directory's version, so an editor's change shows at once.
Everything personal (sign-in state, the acting-for banner) lives behind the session cookie.

Only the query parameters a page reads are part of its key (`query=`, in a fixed order). A
request with any other parameter, or with one parameter twice, is served fresh and not stored:
otherwise every made-up query string (`?x=1`, `?x=2`, …) would be a new entry, and a shared
cache would grow with each one.

The cache is an accelerator, never a dependency: when it does not answer (Redis down), the page
is produced fresh and a warning logged.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

PAGE_SECONDS = 3600
# A cached fragment lives a day at most; a change to the data makes a new key long before that.
FRAGMENT_SECONDS = 24 * 3600
# A longer value (a pasted text in the search field) is served fresh, not stored.
MAX_QUERY_VALUE_LENGTH = 200


# Functions that say how new the data behind public pages is (the directory registers one in
# its AppConfig.ready). Core cannot know the domain apps, so they tell it.
_version_sources: list[Callable[[], str]] = []


def register_version_source(source: Callable[[], str]) -> None:
    """Make `source()` (a short string that changes whenever the data changes) part of every
    cached page's and fragment's key, so a change is seen at once on every server."""
    if source not in _version_sources:
        _version_sources.append(source)


def versioned_key(name: str, *parts: object) -> str:
    """A cache key for `name` and `parts` in the reader's language and at the data's versions."""
    versions = [source() for source in _version_sources]
    key = ":".join(["veivalg", name, get_language() or "nb", *versions, *map(str, parts)])
    # Cache keys must be short and free of spaces (memcached, Redis); long ones are hashed.
    if len(key) > 200 or " " in key:
        key = f"veivalg:{name}:{hashlib.sha256(key.encode()).hexdigest()}"
    return key


def cache_query(request: HttpRequest, known: Iterable[str]) -> str | None:
    """The request's query string as part of a cache key: the `known` parameters, sorted, or
    None when the request must not use the cache (an unknown or repeated parameter, or a very
    long value)."""
    known = frozenset(known)
    pairs = []
    for name, values in request.GET.lists():
        if name not in known or len(values) != 1 or len(values[0]) > MAX_QUERY_VALUE_LENGTH:
            return None
        pairs.append((name, values[0]))
    return urlencode(sorted(pairs))


def cache_get(key: str):
    try:
        return cache.get(key)
    except Exception as error:  # noqa: BLE001 - any cache fault: serve the page fresh
        logger.warning("page cache unavailable (%s); serving fresh", type(error).__name__)
        return None


def cache_set(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception as error:  # noqa: BLE001 - see cache_get
        logger.warning("page cache unavailable (%s); not stored", type(error).__name__)


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


def cache_public_page(name: str, *, query: Iterable[str] = ()):
    """Serve the view's response from the cache for anonymous readers (200 responses only).
    `query`: the parameters the page reads (see `cache_query`)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            known_query = cache_query(request, query)
            if not cacheable(request) or known_query is None:
                return view(request, *args, **kwargs)
            try:
                key = versioned_key(f"page:{name}", f"{request.path}?{known_query}")
            except Exception as error:  # noqa: BLE001 - the version lives in the cache too
                logger.warning("page cache unavailable (%s); serving fresh", type(error).__name__)
                return view(request, *args, **kwargs)
            stored = cache_get(key)
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
                cache_set(key, (response.content, response["Content-Type"], cookies), PAGE_SECONDS)
            return response

        return wrapper

    return decorator


# --- Any public page, with its own version (Wagtail pages, the annual wheel and its feed) ---
#
# The decorator above is tied to the directory's version. What follows lets another app cache a
# page under its own version (`CachedVersion`), with extra parts of the key for what else the
# page depends on (a cookie, the host), and keeps a form's CSRF token per reader: the stored
# copy holds a random placeholder where the token was, and every reader gets their own token
# (and cookie) in its place. A page that shows a token anywhere else is not stored.

_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
_TOKEN_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_KEPT_HEADERS = ("Cache-Control", "Content-Disposition")


class CachedVersion:
    """A version of some data: a value read from the database (remembered per process for
    `DIRECTORY_VERSION_SECONDS`, like the directory's version, so a change made by another
    app server shows within seconds) and a counter in the cache that signal handlers bump
    (`bump()`), so a change made by this process (or any process, with a shared cache) shows
    at once."""

    def __init__(self, name: str, read: Callable[[], object]):
        self.name = name
        self.read = read
        self._value: str | None = None
        self._until = 0.0

    def __call__(self) -> str:
        now = time.monotonic()
        if self._value is None or now >= self._until:
            self._value = str(self.read())
            self._until = now + getattr(settings, "DIRECTORY_VERSION_SECONDS", 2)
        return f"{self._value}.{cache.get(self._counter_key, 0)}"

    @property
    def _counter_key(self) -> str:
        return f"veivalg:version:{self.name}"

    def bump(self, *args, **kwargs) -> None:
        """Signal receiver: the data changed."""
        self._value = None
        try:
            try:
                cache.incr(self._counter_key)
            except ValueError:
                cache.set(self._counter_key, 1, None)
        except Exception as error:  # noqa: BLE001 - a save must not fail because the cache is down
            logger.warning("page cache unavailable (%s); version not bumped", type(error).__name__)


def page_key(name: str, version: str, request: HttpRequest, query: str, *parts: object) -> str:
    """Language, version, path, the known `query` (see `cache_query`) and `parts`, hashed to a
    short key (`?takk=1` or `?ar=2025` is a page of its own)."""
    raw = "\n".join(
        [get_language() or settings.LANGUAGE_CODE, version, request.path, query, *map(str, parts)]
    )
    return f"veivalg:page:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _storable(request: HttpRequest, response: HttpResponse) -> tuple | None:
    """What to keep of a fresh response, or None when it must not be kept: not a plain 200,
    it sets a cookie, or it shows this reader's CSRF token anywhere but a form field."""
    if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
        return None
    content = response.content
    placeholder = None
    if response["Content-Type"].startswith("text/html"):
        text = content.decode(response.charset)
        placeholder = f"csrf-placeholder-{secrets.token_hex(16)}"
        text, forms = _CSRF_FIELD.subn(f'name="csrfmiddlewaretoken" value="{placeholder}"', text)
        if not forms:
            placeholder = None  # no form: no token (and no CSRF cookie) for the readers either
        secret = request.META.get("CSRF_COOKIE")
        if secret and any(_unmask_cipher_token(m) == secret for m in _TOKEN_LIKE.findall(text)):
            return None
        content = text.encode(response.charset)
    elif request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
    return content, response["Content-Type"], headers, placeholder


def _rebuild(request: HttpRequest, stored: tuple) -> HttpResponse:
    content, content_type, headers, placeholder = stored
    if placeholder:
        # get_token() also makes CsrfViewMiddleware set this reader's CSRF cookie.
        content = content.replace(placeholder.encode(), get_token(request).encode())
    response = HttpResponse(content, content_type=content_type)
    for name, value in headers.items():
        response[name] = value
    return response


def serve_cached(
    request: HttpRequest,
    *,
    name: str,
    version: Callable[[], str],
    parts: tuple = (),
    query: Iterable[str] = (),
    produce: Callable[[], HttpResponse],
) -> HttpResponse:
    """`produce()`'s response, from the cache when the reader may share it (see `cacheable`)
    and the request has no query parameter other than `query`."""
    known_query = cache_query(request, query)
    if not cacheable(request) or getattr(request, "is_preview", False) or known_query is None:
        return produce()
    try:
        key = page_key(name, version(), request, known_query, *parts)
    except Exception as error:  # noqa: BLE001 - the version's counter lives in the cache too
        logger.warning("page cache unavailable (%s); serving fresh", type(error).__name__)
        return produce()
    stored = cache_get(key)
    if stored is not None:
        return _rebuild(request, stored)
    response = produce()
    if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
        response.render()
    if (kept := _storable(request, response)) is not None:
        cache_set(key, kept, PAGE_SECONDS)
    return response


def cache_anonymous_page(
    name: str,
    *,
    version: CachedVersion,
    parts: Callable[[HttpRequest], tuple],
    query: Iterable[str] = (),
):
    """Like `cache_public_page`, for a view whose page depends on `version` and `parts(request)`
    and reads the query parameters `query`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            return serve_cached(
                request,
                name=name,
                version=version,
                parts=(*parts(request), *args, *sorted(kwargs.items())),
                query=query,
                produce=lambda: view(request, *args, **kwargs),
            )

        return wrapper

    return decorator
