import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET


@require_GET
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch between bokmål, nynorsk and English; remembered in a cookie, no login needed.

    A plain GET form: changing the language changes nothing else, and without a CSRF token
    in every page header, public pages can be cached whole (see core/page_cache.py).
    """
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", {"query": ""}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page, rendered without the request's context processors: they read the
    database (who is signed in, for whom they act), and an error page that fails itself leaves
    the reader with a bare «Internal Server Error». A database outage answers 503 with a
    Retry-After, so a load balancer and a reader both know to come back."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(get_template("core/503.html").render({}), status=503)
        response["Retry-After"] = "60"
    else:
        response = HttpResponse(get_template("core/500.html").render({}), status=500)
    response["Cache-Control"] = "no-store"
    return response
