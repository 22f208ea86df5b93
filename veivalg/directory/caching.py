"""Cached page fragments for the public directory.

Offer and municipality pages are the same for every reader in a language, so their main
content is cached. The key carries the directory's version: the newest change to any offer,
provider, location or offer location. One indexed MAX() per table finds it, so an editor's
change shows at once in every app server (with a shared cache such as Redis, or per process).
"""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import get_language

from .models import Location, Offer, OfferLocation, Organization

FRAGMENT_SECONDS = 24 * 3600


def directory_version() -> str:
    newest = [
        model.objects.aggregate(newest=Max("updated_at"))["newest"]
        for model in (Offer, Organization, Location, OfferLocation)
    ]
    stamps = [d for d in newest if d is not None]
    return max(stamps).strftime("%Y%m%d%H%M%S%f") if stamps else "empty"


def fragment_key(name: str, *parts: object) -> str:
    return ":".join(["veivalg", name, get_language() or "nb", directory_version(), *map(str, parts)])
