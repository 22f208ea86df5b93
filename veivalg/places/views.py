from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .models import Municipality
from .services import remember_municipality, remembered_municipality

MAX_SUGGESTIONS = 10


def choose_municipality(request: HttpRequest) -> HttpResponse:
    """Pick a municipality by name or number. A plain GET form; JavaScript only adds suggestions."""
    query = request.GET.get("q", "").strip()[:100]
    matches = []
    error = ""
    if "q" in request.GET:
        if not query:
            error = _("Skriv navnet eller nummeret på kommunen.")
        else:
            chosen, matches = Municipality.objects.pick(query)
            if chosen is not None:
                response = redirect(chosen.get_absolute_url())
                remember_municipality(response, chosen, secure=request.is_secure())
                return response
            if not matches:
                error = _(
                    "Vi fant ingen kommune som heter «%(query)s». Sjekk stavingen, eller skriv kommunenummeret med fire siffer."
                ) % {"query": query}
    context = {
        "query": query,
        "matches": matches,
        "error": error,
        "remembered": remembered_municipality(request),
    }
    return render(request, "places/choose.html", context, status=200)


def suggest_municipalities(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "").strip()[:100]
    matches = Municipality.objects.matching(query)[:MAX_SUGGESTIONS] if query else []
    return JsonResponse(
        {
            "results": [
                {"name": m.display_name, "number": m.number, "url": m.get_absolute_url()} for m in matches
            ]
        }
    )
