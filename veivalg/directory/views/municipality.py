"""A municipality's page: what its residents can use, by area and kind."""

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from veivalg.core.page_cache import FRAGMENT_SECONDS, cache_get, cache_public_page, cache_set
from veivalg.places.models import Municipality
from veivalg.places.services import remember_municipality

from ..caching import fragment_key
from ..models import Area, Offer

# A municipality page shows the first offers of each kind and links to the rest in search,
# so a large municipality's page stays short and fast.
OFFERS_PER_KIND = 10


@cache_public_page("municipality")
def municipality(request: HttpRequest, slug: str) -> HttpResponse:
    number = slug.split("-", 1)[0]
    found = Municipality.objects.select_related("county").filter(number=number).first()
    if found is None:
        raise Http404(_("Vi fant ingen kommune med nummer %(number)s.") % {"number": number})
    if slug != found.slug:
        return redirect(found.get_absolute_url(), permanent=True)
    response = render(
        request,
        "directory/municipality.html",
        {"municipality": found, "offers_html": mark_safe(municipality_offers_html(found))},
    )
    remember_municipality(response, found, secure=request.is_secure())
    return response


def municipality_offers_html(municipality: Municipality) -> str:
    """The offers part of a municipality page, cached until the directory changes."""
    key = fragment_key("municipality", municipality.pk)
    html = cache_get(key)
    if html is None:
        offers, kind_counts = offers_by_kind(municipality)
        sections = []
        for value, label in Area.choices:
            kinds = [(k, in_kind, kind_counts[k.pk]) for k, in_kind in offers.items() if k.area == value]
            sections.append(
                {"area": value, "label": label, "kinds": kinds, "count": sum(t for *_, t in kinds)}
            )
        context = {
            "municipality": municipality,
            "sections": sections,
            "offer_count": sum(kind_counts.values()),
        }
        html = render_to_string("directory/municipality_offers.html", context)
        cache_set(key, html, FRAGMENT_SECONDS)
    return html


def offers_by_kind(municipality: Municipality) -> tuple[dict, dict]:
    """The first OFFERS_PER_KIND offers of each kind open to the municipality, and the count per kind."""
    published = Offer.objects.published().filter(coverage__municipality=municipality)
    kind_counts = dict(published.values_list("kind").annotate(n=Count("pk", distinct=True)).order_by())
    ranked = published.annotate(
        position=Window(RowNumber(), partition_by=[F("kind_id")], order_by=[F("title").asc(), F("pk").asc()])
    ).filter(position__lte=OFFERS_PER_KIND)
    offers = list(
        ranked.select_related("kind", "organization", "owner_municipality")
        .prefetch_related("coverage")
        .order_by("kind__sort_order", "title")
    )
    by_kind: dict = {}
    for offer in offers:
        offer.hosted_elsewhere = offer.owner_municipality_id != municipality.pk
        offer.reserved_here = next(
            (c.reserved_places for c in offer.coverage.all() if c.municipality_id == municipality.pk), None
        )
        by_kind.setdefault(offer.kind, []).append(offer)
    return by_kind, kind_counts
