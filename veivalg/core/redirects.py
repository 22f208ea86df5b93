"""Where to send a reader after a step: a `next` value from the request, if it is safe."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, value: str | None, default: str) -> str:
    """`value` when it is a path on this site (starts with one "/"), else `default`.

    Anything else is refused: other sites (an open redirect), and bare words such as
    `next=204999`, which `redirect()` would try to look up as a view name and fail with a 500.
    """
    if (
        value
        and value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(value, {request.get_host()}, require_https=request.is_secure())
    ):
        return value
    return default
