"""Input that no page can use is refused at the edge, before any view or query sees it.

A NUL character in a query string (`/kommune/?q=%00`) reaches the database as a search term,
and PostgreSQL refuses text with NUL in it: the reader got a 500. Forms are already safe
(Django's CharField refuses NUL with a message next to the field); query strings are read by
views directly, so the one check for them is here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template


class QueryStringGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            response = HttpResponse(get_template("core/400.html").render({}), status=400)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
