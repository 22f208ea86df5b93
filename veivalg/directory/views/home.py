from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from veivalg.places.services import remembered_municipality

from ..models import Area, OfferKind


def home(request: HttpRequest) -> HttpResponse:
    """The front page: choose a municipality, or read more by audience and area."""
    context = {
        "municipality": remembered_municipality(request),
        "areas": Area.choices,
        "kinds": OfferKind.objects.all(),
    }
    return render(request, "directory/home.html", context)
