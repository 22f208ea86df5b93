"""The directory as Open Referral HSDS 3 records (plain dicts, ready for JSON).

Stable ids: organisations, locations, offers, offer locations and opening hours use their UUID
primary keys. Things we do not store as rows (taxonomies, taxonomy terms, attributes, addresses,
phones, languages) get deterministic UUIDs from `uuid5(NAMESPACE, "<kind>:<key>")`, so the same
record always has the same id in every response and every export.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from veivalg.directory.models import (
    Area,
    Location,
    Offer,
    OfferKind,
    OfferLocation,
    OpeningHours,
    Organization,
)

# Never change: every published id for terms, attributes, addresses and phones derives from it.
NAMESPACE = uuid.UUID("6b1f3f0e-55d3-4c1a-9a53-2f0d8f6c7a10")

KIND_TAXONOMY = "veivalg-tilbudstype"
AREA_TAXONOMY = "veivalg-omrade"
ORG_NUMBER_SCHEME = "NO-BRC"
ORG_NUMBER_TYPE = "Organisasjonsnummer"
MUNICIPALITY_SCHEME = "NO-KOMMUNENUMMER"
MUNICIPALITY_TYPE = "Kommunenummer"

ICAL_DAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
ICAL_WEEKDAYS = {code: number for number, code in ICAL_DAYS.items()}

STATUS_FROM_HSDS = {
    "active": "active",
    "inactive": "inactive",
    "temporarily closed": "inactive",
    "defunct": "defunct",
}


def stable_id(kind: str, key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def taxonomy_id(code: str) -> str:
    return stable_id("taxonomy", code)


def term_id(taxonomy: str, code: str) -> str:
    return stable_id(f"taxonomy_term:{taxonomy}", code)


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _time(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def _drop_empty(record: dict) -> dict:
    """HSDS leaves unknown values out rather than sending empty strings or nulls."""
    return {k: v for k, v in record.items() if v not in ("", None)}


# Taxonomies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    id: str
    taxonomy: str
    code: str
    name: str
    description: str


def taxonomies() -> list[dict]:
    return [
        {
            "id": taxonomy_id(KIND_TAXONOMY),
            "name": KIND_TAXONOMY,
            "description": "Tilbudstyper i Veivalg (VTA, dagtilbud, lærekandidat …).",
            "version": "1",
        },
        {
            "id": taxonomy_id(AREA_TAXONOMY),
            "name": AREA_TAXONOMY,
            "description": "Områder i Veivalg: arbeid, utdanning, aktivitet og fritid.",
            "version": "1",
        },
    ]


def all_terms(kinds: Iterable[OfferKind] | None = None) -> list[Term]:
    """Every taxonomy term: one per offer kind, then one per area."""
    kinds = OfferKind.objects.all() if kinds is None else kinds
    terms = [
        Term(term_id(KIND_TAXONOMY, k.code), KIND_TAXONOMY, k.code, k.name, k.description or k.name)
        for k in kinds
    ]
    with translation.override("nb"):
        terms += [
            Term(
                term_id(AREA_TAXONOMY, value),
                AREA_TAXONOMY,
                value,
                str(label),
                f"Området {str(label).lower()}.",
            )
            for value, label in Area.choices
        ]
    return terms


def term_dict(term: Term) -> dict:
    taxonomy = next(t for t in taxonomies() if t["name"] == term.taxonomy)
    return {
        "id": term.id,
        "code": term.code,
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy,
        "taxonomy_id": taxonomy["id"],
        "taxonomy_detail": taxonomy,
        "language": "nob",
    }


def kind_term(kind: OfferKind) -> Term:
    return Term(
        term_id(KIND_TAXONOMY, kind.code), KIND_TAXONOMY, kind.code, kind.name, kind.description or kind.name
    )


def area_term(area: str) -> Term:
    with translation.override("nb"):
        label = str(Area(area).label)
    return Term(term_id(AREA_TAXONOMY, area), AREA_TAXONOMY, area, label, f"Området {label.lower()}.")


def service_attributes(offer: Offer) -> list[dict]:
    return [
        {
            "id": stable_id("attribute", f"{offer.pk}:{term.id}"),
            "link_id": str(offer.pk),
            "link_entity": "service",
            "link_type": term.taxonomy,
            "taxonomy_term_id": term.id,
            "taxonomy_term": term_dict(term),
        }
        for term in (kind_term(offer.kind), area_term(offer.area or offer.kind.area))
    ]


# Querysets that serialise in a constant number of queries -----------------------------------


def location_queryset() -> QuerySet[Location]:
    return Location.objects.select_related("municipality__county").prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at"))
    )


def published_offers() -> QuerySet[Offer]:
    return (
        Offer.objects.published()
        .select_related("kind", "organization__municipality")
        .prefetch_related(
            Prefetch(
                "offer_locations",
                queryset=OfferLocation.objects.select_related(
                    "location__municipality__county"
                ).prefetch_related("location__opening_hours"),
            )
        )
    )


def organizations() -> QuerySet[Organization]:
    return Organization.objects.select_related("municipality")


# Records ------------------------------------------------------------------------------------


def organization_dict(org: Organization, *, locations: Iterable[Location] | None = None) -> dict:
    identifiers = [
        {
            "id": stable_id("organization_identifier", f"{org.pk}:municipality"),
            "organization_id": str(org.pk),
            "identifier_scheme": MUNICIPALITY_SCHEME,
            "identifier_type": MUNICIPALITY_TYPE,
            "identifier": org.municipality.number,
        }
    ]
    if org.org_number:
        identifiers.insert(
            0,
            {
                "id": stable_id("organization_identifier", f"{org.pk}:org_number"),
                "organization_id": str(org.pk),
                "identifier_scheme": ORG_NUMBER_SCHEME,
                "identifier_type": ORG_NUMBER_TYPE,
                "identifier": org.org_number,
            },
        )
    record = _drop_empty(
        {
            "id": str(org.pk),
            "name": org.name,
            "description": org.description,
            "email": org.email,
            "website": org.web_address,
        }
    )
    record["description"] = org.description  # required by HSDS, even when empty
    if org.phone:
        record["phones"] = [{"id": stable_id("phone", f"organization:{org.pk}"), "number": org.phone}]
    record["organization_identifiers"] = identifiers
    if locations is not None:
        record["locations"] = [location_dict(location) for location in locations]
    return record


def location_dict(location: Location) -> dict:
    municipality = location.municipality
    with translation.override("nb"):
        county = municipality.county.name
    record = _drop_empty(
        {
            "id": str(location.pk),
            "location_type": "physical",
            "organization_id": str(location.organization_id),
            "name": location.name,
            "transportation": location.transport,
            "latitude": float(location.latitude) if location.latitude is not None else None,
            "longitude": float(location.longitude) if location.longitude is not None else None,
        }
    )
    record["addresses"] = [
        {
            "id": stable_id("address", location.pk),
            "location_id": str(location.pk),
            "address_1": location.address,
            "city": location.city,
            "region": municipality.number,
            "state_province": county,
            "postal_code": location.postal_code,
            "country": "NO",
            "address_type": "physical",
        }
    ]
    if location.accessibility:
        record["accessibility"] = [
            {
                "id": stable_id("accessibility", location.pk),
                "location_id": str(location.pk),
                "description": location.accessibility,
            }
        ]
    record["schedules"] = [schedule_dict(hours) for hours in location.opening_hours.all()]
    return record


def schedule_dict(hours: OpeningHours) -> dict:
    return {
        "id": str(hours.pk),
        "location_id": str(hours.location_id),
        "freq": "WEEKLY",
        "byday": ICAL_DAYS[hours.weekday],
        "opens_at": _time(hours.opens_at),
        "closes_at": _time(hours.closes_at),
    }


def languages(offer: Offer) -> list[dict]:
    codes = [("nob", "Norsk bokmål")]
    nynorsk_fields = (
        "title_nn",
        "summary_nn",
        "description_nn",
        "eligibility_nn",
        "how_to_apply_nn",
        "cost_nn",
    )
    if any(getattr(offer, f) for f in nynorsk_fields):
        codes.append(("nno", "Norsk nynorsk"))
    return [
        {
            "id": stable_id("language", f"{offer.pk}:{code}"),
            "service_id": str(offer.pk),
            "name": name,
            "code": code,
        }
        for code, name in codes
    ]


def service_dict(offer: Offer, *, full: bool = True) -> dict:
    """One offer as an HSDS service. `full=False` is the list form: one-to-one fields and terms."""
    record = _drop_empty(
        {
            "id": str(offer.pk),
            "organization_id": str(offer.organization_id),
            "name": offer.title,
            "alternate_name": offer.title_nn,
            "description": offer.summary,
            "url": offer.web_address,
            "email": offer.contact_email,
            "status": offer.status,
            "application_process": offer.how_to_apply,
            "fees_description": offer.cost,
            "eligibility_description": offer.eligibility,
            "minimum_age": offer.min_age,
            "maximum_age": offer.max_age,
            "assured_date": offer.last_checked_on.isoformat() if offer.last_checked_on else None,
            "last_modified": _iso(offer.updated_at),
        }
    )
    record["attributes"] = service_attributes(offer)
    if not full:
        return record
    if offer.contact_phone:
        record["phones"] = [
            {
                "id": stable_id("phone", f"service:{offer.pk}"),
                "service_id": str(offer.pk),
                "number": offer.contact_phone,
            }
        ]
    record["languages"] = languages(offer)
    record["organization"] = organization_dict(offer.organization)
    record["service_at_locations"] = [service_at_location_dict(ol) for ol in offer.offer_locations.all()]
    return record


def service_at_location_dict(offer_location: OfferLocation, *, offer: Offer | None = None) -> dict:
    location = offer_location.location
    record = {
        "id": str(offer_location.pk),
        "service_id": str(offer_location.offer_id),
        "location_id": str(location.pk),
        "location": location_dict(location),
    }
    if offer is not None:
        record["service"] = service_dict(offer, full=False)
    return record


def now_iso() -> str:
    return _iso(timezone.now())
