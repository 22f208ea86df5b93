"""Import and export of HSDS files: `{"organizations": [...], "services": [...]}`.

Import is all or nothing. Every record is first checked against the official schema and the
domain rules below; if anything is wrong, nothing is written and every problem is reported as
`record <array>[<index>] (<id>): <field path>: <reason>`. Records are matched by id, and a row is
only saved when a value really changed, so importing an export changes nothing.

Domain rules (see README):
- an organization names its municipality in `organization_identifiers` with
  identifier_type "Kommunenummer" (or scheme NO-KOMMUNENUMMER) and a known four-digit number;
- a location has a physical address with country "NO", a four-digit `postal_code`, and the
  municipality number in `region`;
- a service names its organization (in the file or already in Veivalg), has a description (the
  summary, at most 600 characters) and exactly one `veivalg-tilbudstype` term whose code is a
  known offer kind; schedules name one weekday each (`byday` MO..SU) with opens_at < closes_at;
- a web address (an organization's `website`, a service's `url`) is http:// or https://: the
  site shows it as a link, so `javascript:` or `data:` would run in the reader's browser.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Model, TextField
from referencing.exceptions import Unresolvable

from veivalg.directory.models import (
    Location,
    Offer,
    OfferKind,
    OfferLocation,
    OpeningHours,
    Organization,
    default_review_by,
    validate_web_address,
)
from veivalg.places.models import Municipality

from . import serializers as s
from .schemas import validator


class ImportRejected(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(er)")
        self.problems = problems


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1


@dataclass
class _Record:
    label: str
    data: dict
    problems: list[str]

    def problem(self, path: str, reason: str) -> None:
        self.problems.append(f"{self.label}: {path or '(rot)'}: {reason}")


# A free text longer than this is refused (descriptions are a few paragraphs; a 50 MB one made
# the import run for minutes and would sit in every search).
MAX_TEXT_LENGTH = 20_000
# The HSDS field each of our columns comes from, for the message.
ORGANIZATION_NAMES = {"phone": "phones[0].number"}
SERVICE_NAMES = {
    "title": "name",
    "title_nn": "alternate_name",
    "summary": "description",
    "contact_email": "email",
    "contact_phone": "phones[0].number",
    "how_to_apply": "application_process",
    "cost": "fees_description",
}


def _path(parts: Iterable) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _records(data: object, problems: list[str]) -> tuple[list[_Record], list[_Record]]:
    if isinstance(data, list):
        orgs, services = [], data
    elif isinstance(data, dict) and ("organizations" in data or "services" in data):
        orgs, services = data.get("organizations", []), data.get("services", [])
        for name, value in (("organizations", orgs), ("services", services)):
            if not isinstance(value, list):
                problems.append(f"fil: {name}: må være en liste")
        if problems:
            return [], []
    else:
        problems.append(
            "fil: (rot): må være en liste med tjenester eller et objekt med organizations og services"
        )
        return [], []

    def wrap(name: str, items: list) -> list[_Record]:
        out, seen = [], {}
        for i, item in enumerate(items):
            ident = item.get("id", "uten id") if isinstance(item, dict) else "uten id"
            record = _Record(f"record {name}[{i}] ({ident})", item, problems)
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                if item["id"] in seen:
                    # Two records with one id: the later would silently overwrite the first.
                    record.problem(
                        "id", f"samme id som {name}[{seen[item['id']]}]; hver post må ha sin egen id"
                    )
                seen.setdefault(item["id"], i)
            for path in _nul_paths(item):
                record.problem(path, "inneholder et NUL-tegn (\\u0000), som ikke kan lagres; fjern det")
            out.append(record)
        return out

    return wrap("organizations", orgs), wrap("services", services)


def _nul_paths(value: object, path: tuple = ()) -> list[str]:
    """Where a NUL character stands in the record (PostgreSQL refuses text with one)."""
    if isinstance(value, str):
        return [_path(path)] if "\x00" in value else []
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _nul_paths(item, (*path, key))]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _nul_paths(item, (*path, i))]
    return []


def _too_long(model, values: dict, label: str, problems: list[str], names: dict[str, str]) -> None:
    """Each text longer than the model's column allows, as a problem (the database would refuse
    it with a traceback, or, for unbounded text, take megabytes into every search)."""
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        try:
            column = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a planning key that is not a column
            continue
        if not isinstance(column, (CharField, TextField)):
            continue  # ids, dates and numbers are checked by the schema and their own parsing
        limit = column.max_length or MAX_TEXT_LENGTH
        if len(value) > limit:
            problems.append(f"{label}: {names.get(name, name)}: kan ha høyst {limit} tegn, har {len(value)}")


# Validation -----------------------------------------------------------------------------------


@dataclass
class _Plan:
    organizations: dict[str, dict] = field(default_factory=dict)
    locations: dict[str, dict] = field(default_factory=dict)
    services: list[dict] = field(default_factory=list)


def _schema_ok(record: _Record, name: str) -> bool:
    if not isinstance(record.data, dict):
        record.problem("", "må være et JSON-objekt")
        return False
    try:
        errors = sorted(validator(name).iter_errors(record.data), key=lambda e: list(e.absolute_path))
    except Unresolvable as e:
        # Only the schemas Veivalg maps are saved (see schema/README.md); other HSDS parts are refused.
        record.problem("", f"bruker en HSDS-del Veivalg ikke tar imot ({e.ref})")
        return False
    for error in errors:
        record.problem(_path(error.absolute_path), f"bryter HSDS-skjemaet: {error.message}")
    return not errors


def _municipality(number: object) -> Municipality | None:
    if not isinstance(number, str) or not re.fullmatch(r"\d{4}", number):
        return None
    return Municipality.objects.filter(number=number).first()


def _web_address_ok(record: _Record, path: str, value: object) -> bool:
    if not value:
        return True
    try:
        validate_web_address(value)
    except ValidationError:
        record.problem(
            path, f"må være en nettadresse som begynner med http:// eller https://, ikke «{value}»"
        )
        return False
    return True


def _organization_fields(record: _Record, org: dict, prefix: str) -> dict | None:
    identifiers = org.get("organization_identifiers") or []
    municipality_number, org_number = None, ""
    for ident in identifiers:
        kind = (ident.get("identifier_type") or "").lower()
        scheme = ident.get("identifier_scheme") or ""
        if kind == s.MUNICIPALITY_TYPE.lower() or scheme == s.MUNICIPALITY_SCHEME:
            municipality_number = ident.get("identifier")
        elif kind == s.ORG_NUMBER_TYPE.lower() or scheme == s.ORG_NUMBER_SCHEME:
            org_number = ident.get("identifier") or ""
    municipality = _municipality(municipality_number)
    ok = True
    if municipality_number is None:
        record.problem(
            f"{prefix}organization_identifiers", "mangler kommunenummer (identifier_type «Kommunenummer»)"
        )
        ok = False
    elif municipality is None:
        record.problem(f"{prefix}organization_identifiers", f"ukjent kommunenummer «{municipality_number}»")
        ok = False
    if org_number and not re.fullmatch(r"\d{9}", org_number):
        record.problem(
            f"{prefix}organization_identifiers", f"organisasjonsnummer må ha ni sifre, ikke «{org_number}»"
        )
        ok = False
    if not _web_address_ok(record, f"{prefix}website", org.get("website")):
        ok = False
    if not ok:
        return None
    phones = org.get("phones") or []
    return {
        "name": org["name"],
        "description": org.get("description") or "",
        "email": org.get("email") or "",
        "website": org.get("website") or "",
        "phone": phones[0]["number"] if phones else "",
        "org_number": org_number,
        "municipality": municipality,
    }


def _location_fields(
    record: _Record, location: dict, prefix: str, organization_id: str | None
) -> dict | None:
    ok = True
    if not location.get("name"):
        record.problem(f"{prefix}name", "stedet må ha et navn")
        ok = False
    org_id = location.get("organization_id") or organization_id
    if not org_id:
        record.problem(f"{prefix}organization_id", "stedet må høre til en tilbyder")
        ok = False
    addresses = [a for a in location.get("addresses") or [] if a.get("address_type") == "physical"]
    if not addresses:
        record.problem(f"{prefix}addresses", "mangler en fysisk adresse (address_type «physical»)")
        return None
    address = addresses[0]
    apath = f"{prefix}addresses[{(location.get('addresses') or []).index(address)}]."
    if address.get("country") != "NO":
        record.problem(f"{apath}country", f"må være «NO», ikke «{address.get('country')}»")
        ok = False
    if not re.fullmatch(r"\d{4}", address.get("postal_code") or ""):
        record.problem(
            f"{apath}postal_code",
            f"må være et norsk postnummer med fire sifre, ikke «{address.get('postal_code')}»",
        )
        ok = False
    municipality = _municipality(address.get("region"))
    if municipality is None:
        record.problem(f"{apath}region", f"må være et kjent kommunenummer, ikke «{address.get('region')}»")
        ok = False
    hours = []
    for i, schedule in enumerate(location.get("schedules") or []):
        parsed = _opening_hours(record, schedule, f"{prefix}schedules[{i}].")
        ok = ok and parsed is not None
        if parsed:
            hours.append(parsed)
    if not ok:
        return None
    accessibility = location.get("accessibility") or []
    return {
        "id": location["id"],
        "organization_id": org_id,
        "fields": {
            "name": location["name"],
            "address": address["address_1"],
            "postal_code": address["postal_code"],
            "city": address["city"],
            "municipality": municipality,
            "latitude": _decimal(location.get("latitude")),
            "longitude": _decimal(location.get("longitude")),
            "transport": location.get("transportation") or "",
            "accessibility": accessibility[0].get("description", "") if accessibility else "",
        },
        "hours": hours,
    }


def _decimal(value: object):
    from decimal import Decimal

    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


def _opening_hours(record: _Record, schedule: dict, prefix: str) -> dict | None:
    day = schedule.get("byday")
    if day not in s.ICAL_WEEKDAYS:
        record.problem(f"{prefix}byday", f"må være én ukedag (MO, TU, WE, TH, FR, SA eller SU), ikke «{day}»")
        return None
    times = {}
    for key in ("opens_at", "closes_at"):
        raw = (schedule.get(key) or "").removesuffix("Z")
        try:
            times[key] = datetime.time.fromisoformat(raw)
        except ValueError:
            record.problem(f"{prefix}{key}", f"må være et klokkeslett TT:MM, ikke «{schedule.get(key)}»")
    if len(times) < 2:
        return None
    if times["closes_at"] <= times["opens_at"]:
        record.problem(f"{prefix}closes_at", "må være senere enn opens_at")
        return None
    return {"id": schedule["id"], "weekday": s.ICAL_WEEKDAYS[day], **times}


def _service_fields(
    record: _Record, service: dict, kinds: dict[str, OfferKind], known_orgs: set[str]
) -> dict | None:
    ok = True
    org = service.get("organization") or {}
    org_id = service.get("organization_id") or org.get("id")
    if not org_id:
        record.problem("organization_id", "tjenesten må høre til en tilbyder")
        ok = False
    elif org_id not in known_orgs:
        record.problem("organization_id", f"ukjent tilbyder {org_id}: ta den med i organizations")
        ok = False
    summary = service.get("description") or ""
    if not summary.strip():
        record.problem("description", "mangler beskrivelse (vises som «kort om tilbudet»)")
        ok = False
    elif len(summary) > 600:
        record.problem("description", f"kan ha høyst 600 tegn, har {len(summary)}")
        ok = False
    if not _web_address_ok(record, "url", service.get("url")):
        ok = False
    if len(service.get("fees_description") or "") > 200:
        record.problem("fees_description", "kan ha høyst 200 tegn")
        ok = False
    ages = {}
    for key in ("minimum_age", "maximum_age"):
        value = service.get(key)
        if value is not None and (value != int(value) or not 0 <= value <= 120):
            record.problem(key, f"må være et helt antall år fra 0 til 120, ikke {value}")
            ok = False
        ages[key] = None if value is None else int(value)
    if None not in ages.values() and ages["minimum_age"] > ages["maximum_age"]:
        record.problem("maximum_age", "kan ikke være lavere enn minimum_age")
        ok = False
    kind_codes = []
    for i, attribute in enumerate(service.get("attributes") or []):
        term = attribute.get("taxonomy_term") or {}
        term_id = attribute.get("taxonomy_term_id") or term.get("id")
        known = next((t for t in s.all_terms(kinds.values()) if t.id == term_id), None)
        if known:
            if known.taxonomy == s.KIND_TAXONOMY:
                kind_codes.append((i, known.code))
        elif term.get("taxonomy") == s.KIND_TAXONOMY or term.get("taxonomy_id") == s.taxonomy_id(
            s.KIND_TAXONOMY
        ):
            kind_codes.append((i, term.get("code")))
    kind = None
    if not kind_codes:
        record.problem("attributes", f"mangler en tilbudstype (term i taksonomien {s.KIND_TAXONOMY})")
        ok = False
    elif len(kind_codes) > 1:
        record.problem("attributes", "har mer enn én tilbudstype")
        ok = False
    else:
        i, code = kind_codes[0]
        kind = kinds.get(code)
        if kind is None:
            record.problem(f"attributes[{i}].taxonomy_term.code", f"ukjent tilbudstype «{code}»")
            ok = False
    assured = service.get("assured_date")
    checked_on = None
    if assured:
        try:
            checked_on = datetime.date.fromisoformat(assured)
        except ValueError:
            record.problem("assured_date", f"må være en dato ÅÅÅÅ-MM-DD, ikke «{assured}»")
            ok = False
    if not ok:
        return None
    phones = service.get("phones") or []
    return {
        "id": service["id"],
        "organization_id": org_id,
        "kind": kind,
        "fields": {
            "title": service["name"],
            "title_nn": service.get("alternate_name") or "",
            "summary": summary,
            "url": service.get("url") or "",
            "contact_email": service.get("email") or "",
            "contact_phone": phones[0]["number"] if phones else "",
            "status": s.STATUS_FROM_HSDS[service["status"]],
            "how_to_apply": service.get("application_process") or "",
            "cost": service.get("fees_description") or "",
            "eligibility": service.get("eligibility_description") or "",
            "min_age": ages["minimum_age"],
            "max_age": ages["maximum_age"],
            "last_checked_on": checked_on,
        },
        "links": [
            {"id": sal["id"], "location_id": sal.get("location_id") or (sal.get("location") or {}).get("id")}
            for sal in service.get("service_at_locations") or []
        ],
    }


def plan_import(data: object) -> _Plan:
    """Check everything; raise ImportRejected listing every problem, or return what to write."""
    problems: list[str] = []
    org_records, service_records = _records(data, problems)
    plan = _Plan()
    kinds = {k.code: k for k in OfferKind.objects.all()}

    def add_location(record: _Record, location: dict, prefix: str, org_id: str | None) -> None:
        parsed = _location_fields(record, location, prefix, org_id)
        if parsed:
            plan.locations[parsed["id"]] = {**parsed, "label": f"{record.label}: {prefix.rstrip('.')}"}

    for record in org_records:
        if not _schema_ok(record, "organization"):
            continue
        fields = _organization_fields(record, record.data, "")
        if fields:
            plan.organizations[record.data["id"]] = fields
        for i, location in enumerate(record.data.get("locations") or []):
            add_location(record, location, f"locations[{i}].", record.data["id"])

    for record in service_records:
        if not _schema_ok(record, "service"):
            continue
        org = record.data.get("organization")
        if org and org["id"] not in plan.organizations:
            fields = _organization_fields(record, org, "organization.")
            if fields:
                plan.organizations[org["id"]] = fields
            for i, location in enumerate(org.get("locations") or []):
                add_location(record, location, f"organization.locations[{i}].", org["id"])
        for i, sal in enumerate(record.data.get("service_at_locations") or []):
            if sal.get("location"):
                add_location(record, sal["location"], f"service_at_locations[{i}].location.", None)
            location_id = sal.get("location_id") or (sal.get("location") or {}).get("id")
            if not location_id:
                record.problem(f"service_at_locations[{i}].location_id", "mangler sted")
        known_orgs = set(plan.organizations) | {
            str(pk)
            for pk in Organization.objects.filter(
                pk__in=_uuids([record.data.get("organization_id")])
            ).values_list("pk", flat=True)
        }
        parsed = _service_fields(record, record.data, kinds, known_orgs)
        if parsed:
            plan.services.append({**parsed, "label": record.label})

    for org_id, fields in plan.organizations.items():
        _too_long(Organization, fields, f"organisasjon {org_id}", problems, ORGANIZATION_NAMES)
    for location in plan.locations.values():
        _too_long(Location, location, location["label"], problems, {})
    for svc in plan.services:
        _too_long(Offer, svc["fields"], svc["label"], problems, SERVICE_NAMES)

    # Links to locations neither in the file nor in the database.
    known_locations = set(plan.locations) | {
        str(pk)
        for pk in Location.objects.filter(
            pk__in=_uuids(link["location_id"] for svc in plan.services for link in svc["links"])
        ).values_list("pk", flat=True)
    }
    for svc in plan.services:
        for i, link in enumerate(svc["links"]):
            if link["location_id"] and link["location_id"] not in known_locations:
                problems.append(
                    f"{svc['label']}: service_at_locations[{i}].location_id: ukjent sted {link['location_id']}"
                )
    for location in plan.locations.values():
        if (
            location["organization_id"] not in plan.organizations
            and not Organization.objects.filter(pk__in=_uuids([location["organization_id"]])).exists()
        ):
            problems.append(
                f"{location['label']}.organization_id: ukjent tilbyder {location['organization_id']}"
            )
    if problems:
        raise ImportRejected(problems)
    return plan


def _uuids(values: Iterable) -> list:
    import uuid

    out = []
    for value in values:
        try:
            out.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return out


# Writing --------------------------------------------------------------------------------------


def _upsert(
    model: type[Model],
    pk: str,
    fields: dict,
    result: ImportResult,
    kind: str,
    create_extra: dict | None = None,
):
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        obj = model(pk=pk, **fields, **(create_extra or {}))
        obj.save()
        result.count(kind, "created")
        return obj
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, fields[name])
        obj.save()
        result.count(kind, "updated")
    else:
        result.count(kind, "unchanged")
    return obj


def import_records(data: object) -> ImportResult:
    """Validate, then write everything in one transaction. Raises ImportRejected on any problem."""
    plan = plan_import(data)
    result = ImportResult()
    with transaction.atomic():
        for pk, fields in plan.organizations.items():
            _upsert(Organization, pk, fields, result, "organizations")
        for pk, location in plan.locations.items():
            fields = {**location["fields"], "organization_id": _uuids([location["organization_id"]])[0]}
            obj = _upsert(Location, pk, fields, result, "locations")
            keep = []
            for hours in location["hours"]:
                hour_fields = {k: v for k, v in hours.items() if k != "id"}
                _upsert(OpeningHours, hours["id"], {**hour_fields, "location": obj}, result, "schedules")
                keep.append(hours["id"])
            OpeningHours.objects.filter(location=obj).exclude(pk__in=_uuids(keep)).delete()
        for svc in plan.services:
            org = Organization.objects.get(pk=svc["organization_id"])
            kind = svc["kind"]
            fields = {**svc["fields"], "organization": org, "kind": kind, "live": True}
            offer = _upsert(
                Offer,
                svc["id"],
                fields,
                result,
                "services",
                create_extra={
                    "owner_municipality": org.municipality,
                    "intake_route": kind.default_intake_route,
                    "review_by": default_review_by(),
                },
            )
            for link in svc["links"]:
                location_id = _uuids([link["location_id"]])[0]
                same_pair = OfferLocation.objects.filter(offer=offer, location_id=location_id).first()
                if same_pair and str(same_pair.pk) != link["id"]:
                    # The link exists under another id (e.g. a file from another system): keep ours.
                    result.count("service_at_locations", "unchanged")
                    continue
                _upsert(
                    OfferLocation,
                    link["id"],
                    {"offer": offer, "location_id": location_id},
                    result,
                    "service_at_locations",
                )
    return result


def export_records() -> dict:
    """Every organisation (with its locations) and every published offer, in the import format."""
    locations: dict = {}
    for location in s.location_queryset().order_by("name", "id"):
        locations.setdefault(location.organization_id, []).append(location)
    organizations = [
        s.organization_dict(org, locations=locations.get(org.pk, []))
        for org in s.organizations().order_by("name", "id")
    ]
    services = []
    for offer in s.published_offers().order_by("title", "id"):
        record = s.service_dict(offer)
        record.pop("organization")
        record["service_at_locations"] = [
            {"id": sal["id"], "service_id": sal["service_id"], "location_id": sal["location_id"]}
            for sal in record["service_at_locations"]
        ]
        services.append(record)
    return {"organizations": organizations, "services": services}
