"""Remembering the reader's municipality without login: a cookie with its number only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from .models import Municipality

COOKIE = "veivalg_kommune"


def remembered_municipality(request: HttpRequest) -> Municipality | None:
    number = request.COOKIES.get(COOKIE, "")
    if len(number) == 4 and number.isdigit():
        return Municipality.objects.filter(number=number).first()
    return None


def remember_municipality(response: HttpResponse, municipality: Municipality, *, secure: bool) -> None:
    response.set_cookie(COOKIE, municipality.number, max_age=365 * 24 * 3600, samesite="Lax", secure=secure)
