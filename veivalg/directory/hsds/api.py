"""Open Referral HSDS 3 API (read-only, public): /api/hsds/…, OpenAPI docs at /api/docs.

Only published offers (live and not defunct) are services here. Query parameters are parsed by
hand so that every bad value gets an RFC 9457 problem-details answer in plain bokmål.
"""

from __future__ import annotations

import datetime
import json
import math
import uuid
from collections.abc import Callable, Sequence

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError

from veivalg.directory.models import Offer, OfferLocation
from veivalg.directory.search import search_offers

from . import serializers as s

HSDS_VERSION = "3.0"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
PROBLEM_BASE = "https://veivalg.no/api/hsds/problemer/"

api = NinjaAPI(
    title="Veivalg HSDS API",
    version="1.0",
    description="Tilbud om arbeid, aktivitet, utdanning og fritid som Open Referral HSDS 3.",
    urls_namespace="hsds",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
router = Router(tags=["HSDS"])


class Problem(Exception):
    def __init__(self, status: int, title: str, detail: str, kind: str, **extra: object) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.kind, self.extra = status, title, detail, kind, extra


def bad_parameter(name: str, detail: str) -> Problem:
    return Problem(400, "Ugyldig parameter", detail, "ugyldig-parameter", parameter=name)


def not_found(what: str, ident: str) -> Problem:
    return Problem(404, "Fant ikke", f"Det finnes ingen {what} med id {ident}.", "ikke-funnet")


def problem_response(request: HttpRequest, problem: Problem) -> HttpResponse:
    body = {
        "type": PROBLEM_BASE + problem.kind,
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.get_full_path(),
        **problem.extra,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type="application/problem+json"
    )


@api.exception_handler(Problem)
def _problem(request: HttpRequest, exc: Problem) -> HttpResponse:
    return problem_response(request, exc)


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = ", ".join(".".join(str(p) for p in e.get("loc", [])[1:]) for e in exc.errors) or "forespørselen"
    return problem_response(request, bad_parameter(fields, f"Ugyldig verdi i {fields}."))


# Parameter parsing ----------------------------------------------------------------------------


def parse_positive_int(name: str, raw: str | None, default: int, maximum: int | None = None) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise bad_parameter(name, f"{name} må være et helt tall fra 1 og oppover, ikke «{raw}».")
    value = int(raw)
    if maximum is not None and value > maximum:
        raise bad_parameter(name, f"{name} kan være høyst {maximum}, ikke {value}.")
    return value


def parse_uuid(name: str, raw: str | None) -> uuid.UUID | None:
    if raw is None or raw == "":
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise bad_parameter(
            name, f"{name} må være en UUID (for eksempel {uuid.UUID(int=0)}), ikke «{raw}»."
        ) from None


def parse_moment(name: str, raw: str | None) -> datetime.datetime | None:
    """An ISO 8601 date or time; with no offset, Norwegian time. Answers 400, never 500: a date
    that does not exist (2025-13-45) and a moment outside what a database can store once moved
    to UTC (year 9999 with a negative offset, year 1 with a positive one) are bad parameters."""
    if raw is None or raw == "":
        return None
    malformed = bad_parameter(
        name, f"{name} må være et tidspunkt i ISO 8601-format, for eksempel 2025-01-31T12:00:00+01:00."
    )
    try:
        moment = parse_datetime(raw)
        if moment is None and len(raw) == 10:
            day = parse_date(raw)
            moment = None if day is None else datetime.datetime.combine(day, datetime.time.min)
    except ValueError:  # the right shape, but no such day, hour or offset
        raise malformed from None
    if moment is None:
        raise malformed
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise bad_parameter(
            name, f"{name} er utenfor tidsrommet som kan søkes i. Skriv et tidspunkt mellom år 1 og år 9999."
        ) from None


def parse_bool(name: str, raw: str | None) -> bool:
    if raw in (None, "", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise bad_parameter(name, f"{name} må være true eller false, ikke «{raw}».")


def page_of(request: HttpRequest, items: Sequence, render: Callable[[list], list[dict]]) -> dict:
    """The HSDS page wrapper around one page of `items` (a list or a queryset)."""
    page = parse_positive_int("page", request.GET.get("page"), 1)
    per_page = parse_positive_int("per_page", request.GET.get("per_page"), DEFAULT_PER_PAGE, MAX_PER_PAGE)
    total = len(items) if isinstance(items, list) else items.count()
    start = (page - 1) * per_page
    chunk = list(items[start : start + per_page]) if start < total else []
    contents = render(chunk)
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# Filters --------------------------------------------------------------------------------------


def filtered_offers(request: HttpRequest):
    """Published offers narrowed by the HSDS query parameters; ranked when there is a search."""
    offers = Offer.objects.published()
    organization_id = parse_uuid("organization_id", request.GET.get("organization_id"))
    if organization_id:
        offers = offers.filter(organization_id=organization_id)
    term = parse_uuid("taxonomy_term_id", request.GET.get("taxonomy_term_id"))
    if term:
        match = next((t for t in s.all_terms() if t.id == str(term)), None)
        if match is None:
            offers = offers.none()
        elif match.taxonomy == s.KIND_TAXONOMY:
            offers = offers.filter(kind__code=match.code)
        else:
            offers = offers.filter(area=match.code)
    taxonomy = parse_uuid("taxonomy_id", request.GET.get("taxonomy_id"))
    if taxonomy and str(taxonomy) not in {t["id"] for t in s.taxonomies()}:
        offers = offers.none()
    modified_after = parse_moment("modified_after", request.GET.get("modified_after"))
    if modified_after:
        offers = offers.filter(updated_at__gte=modified_after)
    query = (request.GET.get("search") or "").strip()
    if query:
        return [o.pk for o in search_offers(query, offers).results]
    return offers.order_by("title", "id").values_list("pk", flat=True)


def in_order(queryset, ids: list) -> list:
    by_id = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


# Endpoints ------------------------------------------------------------------------------------


@router.get("/", summary="Om API-et", operation_id="getAPIMetaInformation")
def meta(request: HttpRequest):
    return {
        "version": HSDS_VERSION,
        "profile": "https://docs.openreferral.org/en/latest/hsds/",
        "openapi_url": request.build_absolute_uri("/api/openapi.json"),
        "description": "Veivalg: tilbud om arbeid, aktivitet, utdanning og fritid for personer med "
        "utviklingshemming, som Open Referral HSDS.",
        "publisher": {"name": "Veivalg"},
    }


@router.get("/services", summary="Tjenester (tilbud), sidevis", operation_id="getPaginatedListOfServices")
def list_services(request: HttpRequest):
    full = parse_bool("full", request.GET.get("full"))
    ids = filtered_offers(request)
    return page_of(
        request,
        ids,
        lambda chunk: [s.service_dict(o, full=full) for o in in_order(s.published_offers(), chunk)],
    )


@router.get(
    "/services/{id}", summary="Én tjeneste med alt som hører til", operation_id="getFullyNestedServiceById"
)
def get_service(request: HttpRequest, id: str):
    pk = parse_uuid("id", id)
    offer = s.published_offers().filter(pk=pk).first()
    if offer is None:
        raise not_found("tjeneste", id)
    return s.service_dict(offer)


@router.get("/organizations", summary="Tilbydere, sidevis", operation_id="getPaginatedListOfOrganizations")
def list_organizations(request: HttpRequest):
    full_service = parse_bool("full_service", request.GET.get("full_service"))
    orgs = s.organizations().order_by("name", "id")
    query = (request.GET.get("search") or "").strip()
    if query:
        orgs = orgs.filter(name__icontains=query)
    return page_of(request, orgs, lambda chunk: organizations_with_services(chunk, full_service=full_service))


@router.get("/organizations/{id}", summary="Én tilbyder", operation_id="getOrganizationById")
def get_organization(request: HttpRequest, id: str):
    pk = parse_uuid("id", id)
    full_service = parse_bool("full_service", request.GET.get("full_service"))
    org = s.organizations().filter(pk=pk).first()
    if org is None:
        raise not_found("tilbyder", id)
    return organizations_with_services([org], full_service=full_service, with_locations=True)[0]


def organizations_with_services(
    orgs: list, *, full_service: bool, with_locations: bool = False
) -> list[dict]:
    offers: dict = {}
    queryset = (
        s.published_offers() if full_service else Offer.objects.published().only("id", "organization_id")
    )
    for offer in queryset.filter(organization__in=orgs).order_by("title", "id"):
        offers.setdefault(offer.organization_id, []).append(offer)
    locations: dict = {}
    if with_locations:
        for location in s.location_queryset().filter(organization__in=orgs):
            locations.setdefault(location.organization_id, []).append(location)
    records = []
    for org in orgs:
        record = s.organization_dict(org, locations=locations.get(org.pk, []) if with_locations else None)
        record["services"] = [
            s.service_dict(o) if full_service else {"id": str(o.pk)} for o in offers.get(org.pk, [])
        ]
        records.append(record)
    return records


def published_offer_locations():
    return OfferLocation.objects.filter(offer__in=Offer.objects.published())


@router.get(
    "/service_at_locations",
    summary="Tjenester på steder, sidevis",
    operation_id="getPaginatedListOfServiceAtLocation",
)
def list_service_at_locations(request: HttpRequest):
    ids = list(filtered_offers(request))
    links = (
        published_offer_locations().filter(offer_id__in=ids).order_by("offer__title", "location__name", "id")
    )
    return page_of(request, links, render_service_at_locations)


def render_service_at_locations(chunk: list[OfferLocation]) -> list[dict]:
    offers = {o.pk: o for o in s.published_offers().filter(pk__in={link.offer_id for link in chunk})}
    locations = {
        loc.pk: loc for loc in s.location_queryset().filter(pk__in={link.location_id for link in chunk})
    }
    records = []
    for link in chunk:
        link.location = locations[link.location_id]
        records.append(s.service_at_location_dict(link, offer=offers[link.offer_id]))
    return records


@router.get(
    "/service_at_locations/{id}",
    summary="Én tjeneste på ett sted",
    operation_id="getServiceAtLocationWithNestedDataById",
)
def get_service_at_location(request: HttpRequest, id: str):
    pk = parse_uuid("id", id)
    link = published_offer_locations().filter(pk=pk).first()
    if link is None:
        raise not_found("tjeneste på sted", id)
    return render_service_at_locations([link])[0]


@router.get("/taxonomies", summary="Taksonomier", operation_id="getPaginatedListOfTaxonomies")
def list_taxonomies(request: HttpRequest):
    items = s.taxonomies()
    query = (request.GET.get("search") or "").strip().lower()
    if query:
        items = [t for t in items if query in t["name"].lower() or query in t["description"].lower()]
    return page_of(request, items, lambda chunk: chunk)


@router.get("/taxonomies/{id}", summary="Én taksonomi", operation_id="getTaxonomyById")
def get_taxonomy(request: HttpRequest, id: str):
    pk = parse_uuid("id", id)
    match = next((t for t in s.taxonomies() if t["id"] == str(pk)), None)
    if match is None:
        raise not_found("taksonomi", id)
    return match


@router.get("/taxonomy_terms", summary="Taksonomitermer", operation_id="getPaginatedListOfTaxonomyTerms")
def list_taxonomy_terms(request: HttpRequest):
    terms = s.all_terms()
    taxonomy = parse_uuid("taxonomy_id", request.GET.get("taxonomy_id"))
    if taxonomy:
        names = {t["name"] for t in s.taxonomies() if t["id"] == str(taxonomy)}
        terms = [t for t in terms if t.taxonomy in names]
    query = (request.GET.get("search") or "").strip().lower()
    if query:
        terms = [t for t in terms if query in t.name.lower() or query in t.code]
    return page_of(request, terms, lambda chunk: [s.term_dict(t) for t in chunk])


@router.get("/taxonomy_terms/{id}", summary="Én taksonomiterm", operation_id="getTaxonomyTermById")
def get_taxonomy_term(request: HttpRequest, id: str):
    pk = parse_uuid("id", id)
    match = next((t for t in s.all_terms() if t.id == str(pk)), None)
    if match is None:
        raise not_found("taksonomiterm", id)
    return s.term_dict(match)


api.add_router("/hsds/", router)
