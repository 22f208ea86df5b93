from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from veivalg.core.page_cache import cache_get, cache_public_page, cache_set
from veivalg.places.models import Municipality

from ..caching import FRAGMENT_SECONDS, fragment_key
from ..forms import ErrorReportForm, SearchForm
from ..models import AgeGroup, Offer, OfferLocation, Organization
from ..search import search_offers
from ..services import report_error as record_error_report


def _page_number(raw: str) -> tuple[int, bool]:
    """The page asked for, and whether it had to be corrected (page=-1, page=abc)."""
    if not raw:
        return 1, False
    if raw.isdigit() and int(raw) >= 1:
        return min(int(raw), 10_000), False
    return 1, True


@cache_public_page("search", query=(*SearchForm.base_fields, "side"))
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page_number, page_corrected = _page_number(request.GET.get("side", ""))
    outcome = None
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        offers = filter_offers(Offer.objects.published(), data)
        if data["q"]:
            outcome = search_offers(data["q"], offers)
            results = outcome.results
        else:
            results = offers.order_by("title")
        paginator = Paginator(results, settings.SEARCH_PAGE_SIZE)
        if page_number > paginator.num_pages:
            page_number, page_corrected = 1, page_number > 1 or page_corrected
        page = paginator.get_page(page_number)
        ids = [o.pk for o in page.object_list]
        by_id = Offer.objects.with_related().in_bulk(ids)
        page.offers = [by_id[i] for i in ids if i in by_id]
    context = {
        "form": form,
        "page": page,
        "searched": page is not None,
        "outcome": outcome,
        "page_corrected": page_corrected,
        "municipalities": Municipality.objects.only("number", "name"),
        "querystring": _querystring_without_page(request),
    }
    return render(request, "directory/search.html", context)


def filter_offers(offers, data: dict):
    if data.get("kommune"):
        offers = offers.filter(pk__in=Offer.objects.for_municipality(data["kommune"]).values("pk"))
    if data.get("omrade"):
        offers = offers.filter(area=data["omrade"])
    if data.get("type"):
        offers = offers.filter(kind__code=data["type"])
    if data.get("inntak"):
        offers = offers.filter(intake_route=data["inntak"])
    if data.get("alder"):
        low, high = AgeGroup(data["alder"]).bounds
        offers = offers.exclude(min_age__gt=high).exclude(max_age__lt=low)
    return offers


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("side", None)
    return params.urlencode()


@cache_public_page("offer", query=("meldt",))
def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.published().with_related(), slug=slug)
    key = fragment_key("offer", offer.pk)
    main_html = cache_get(key)
    if main_html is None:
        prefetch_related_objects(
            [offer],
            "coverage__municipality",
            Prefetch(
                "offer_locations",
                queryset=OfferLocation.objects.select_related("location__municipality").prefetch_related(
                    "location__opening_hours"
                ),
            ),
        )
        main_html = render_to_string("directory/offer_main.html", {"offer": offer})
        cache_set(key, main_html, FRAGMENT_SECONDS)
    return render(request, "directory/offer_detail.html", {"offer": offer, "main_html": mark_safe(main_html)})


def report_error(request: HttpRequest, slug: str) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.published(), slug=slug)
    form = ErrorReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record_error_report(
            offer=offer, message=form.cleaned_data["message"], email=form.cleaned_data["email"]
        )
        return redirect(f"{offer.get_absolute_url()}?meldt=1")
    return render(request, "directory/report_error.html", {"offer": offer, "form": form})


def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.select_related("municipality"), slug=slug)
    offers = Offer.objects.published().filter(organization=organization).with_related()
    locations = organization.locations.select_related("municipality").prefetch_related("opening_hours")
    context = {"organization": organization, "offers": offers, "locations": locations}
    return render(request, "directory/organization_detail.html", context)
