"""Load fictional demo data: providers, locations and offers in Bærum, Asker and Vestland.

Idempotent: every row has a fixed UUID derived from its key in `demo.data.directory`, so a second
run updates the same rows instead of adding new ones. `--reset` first deletes rows marked
`is_demo=True` (and nothing else). Also creates two demo users, `redaktor.baerum` and `admin`.
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from veivalg.accounts.models import EditorAssignment
from veivalg.demo.data import directory as demo_data
from veivalg.demo.data.directory_locations import HOURS
from veivalg.demo.guard import ensure_demo_data_allowed
from veivalg.demo.staff import DEFAULT_PASSWORD, DEMO_TOTP_SECRET, demo_password, enrol_demo_device
from veivalg.directory.models import (
    IntakeRoute,
    Location,
    Offer,
    OfferCoverage,
    OfferKind,
    OfferLocation,
    OpeningHours,
    Organization,
    unique_slug,
)
from veivalg.directory.services import reindex_all_offers
from veivalg.places.models import Municipality

DEMO_NAMESPACE = uuid.UUID("6f1d7a52-3c0e-4d8b-9a51-0b7e2f4c9d10")
PUBLISHED_AT = datetime.datetime(2026, 9, 1, 8, 0, tzinfo=datetime.UTC)
# Checks are dated from a fixed day so that loading twice gives the same rows.
LATEST_CHECK = datetime.date(2026, 11, 2)


def demo_id(table: str, key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{table}:{key}")


class Command(BaseCommand):
    help = "Last inn fiktive demodata (tilbydere, steder og tilbud). Alle rader får is_demo=True."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Slett alle demodata (is_demo=True) først.")

    def handle(self, *args, reset: bool = False, **options):
        ensure_demo_data_allowed()
        # The reference index is rebuilt once per object below, not on each of the many saves.
        with transaction.atomic(), disable_reference_index_auto_update():
            if reset:
                self.delete_demo_rows()
            municipalities = {
                m.number: m for m in Municipality.objects.filter(number__in=demo_data.MUNICIPALITIES)
            }
            missing = set(demo_data.MUNICIPALITIES) - set(municipalities)
            if missing:
                raise CommandError(f"Mangler kommuner i referansedata: {', '.join(sorted(missing))}")
            organizations = self.load_organizations(municipalities)
            locations = self.load_locations(organizations)
            offers = self.load_offers(organizations, locations, municipalities)
            for obj in [*organizations.values(), *locations.values(), *offers]:
                ReferenceIndex.create_or_update_for_object(obj)
        reindex_all_offers()
        self.load_users(municipalities["3201"])
        self.report(offers)

    def delete_demo_rows(self) -> None:
        offers, _ = Offer.objects.filter(is_demo=True).delete()
        locations, _ = Location.objects.filter(is_demo=True).delete()
        organizations, _ = Organization.objects.filter(is_demo=True).delete()
        self.stdout.write(
            f"Slettet demodata: {offers} tilbudsrader, {locations} stedsrader, {organizations} tilbydere."
        )

    def load_organizations(self, municipalities: dict[str, Municipality]) -> dict[str, Organization]:
        organizations = {}
        for key, (name, number, mailbox, phone) in demo_data.ORGANIZATIONS.items():
            org = Organization.objects.filter(pk=demo_id("organization", key)).first()
            org = org or Organization(pk=demo_id("organization", key))
            org.name = name
            org.slug = unique_slug(Organization, name, org.pk)
            org.municipality = municipalities[number]
            org.email = f"{mailbox}@eksempel.no"
            org.phone = phone
            org.is_demo = True
            org.save()
            organizations[key] = org
        return organizations

    def load_locations(self, organizations: dict[str, Organization]) -> dict[str, Location]:
        locations = {}
        for key, org_key, name, address, postal_code, city, hours, access in demo_data.LOCATIONS:
            org = organizations[org_key]
            location = Location.objects.filter(pk=demo_id("location", key)).first()
            location = location or Location(pk=demo_id("location", key))
            location.organization = org
            location.municipality = org.municipality
            location.name, location.address, location.postal_code, location.city = (
                name,
                address,
                postal_code,
                city,
            )
            location.accessibility, location.accessibility_nn = demo_data.ACCESS[access]
            location.transport, location.transport_nn = demo_data.TRANSPORT[key]
            location.is_demo = True
            location.save()
            wanted = []
            for weekdays, opens, closes in HOURS[hours]:
                for weekday in weekdays:
                    row_id = demo_id("opening-hours", f"{key}:{weekday}:{opens}")
                    OpeningHours.objects.update_or_create(
                        id=row_id,
                        defaults={
                            "location": location,
                            "weekday": weekday,
                            "opens_at": opens,
                            "closes_at": closes,
                        },
                    )
                    wanted.append(row_id)
            OpeningHours.objects.filter(location=location).exclude(id__in=wanted).delete()
            locations[key] = location
        return locations

    def load_offers(self, organizations, locations, municipalities) -> list[Offer]:
        kinds = {kind.code: kind for kind in OfferKind.objects.all()}
        missing = {entry["ref"][1] for entry in demo_data.OFFERS} - set(kinds)
        if missing:
            raise CommandError(f"Ukjente tilbudstyper: {', '.join(sorted(missing))}")
        offers = []
        for index, entry in enumerate(demo_data.OFFERS):
            key, code, org_key, location_keys = entry["ref"]
            offer = Offer.objects.filter(pk=demo_id("offer", key)).first() or Offer(pk=demo_id("offer", key))
            org = organizations[org_key]
            offer_locations = [locations[k] for k in location_keys]
            for field, value in offer_fields(entry, index, kinds[code], org, offer_locations).items():
                setattr(offer, field, value)
            offer.slug = unique_slug(Offer, offer.title, offer.pk)
            offer.save()

            cover = entry.get("cover") or {org.municipality.number: None}
            for number, reserved in cover.items():
                OfferCoverage.objects.update_or_create(
                    offer=offer, municipality=municipalities[number], defaults={"reserved_places": reserved}
                )
            OfferCoverage.objects.filter(offer=offer).exclude(municipality__number__in=cover).delete()
            wanted = []
            for location in offer_locations:
                row_id = demo_id("offer-location", f"{key}:{location.pk}")
                OfferLocation.objects.update_or_create(
                    id=row_id, defaults={"offer": offer, "location": location}
                )
                wanted.append(row_id)
            OfferLocation.objects.filter(offer=offer).exclude(id__in=wanted).delete()
            offer.save()  # the search text includes the municipalities served and the places
            offers.append(offer)
        return offers

    def load_users(self, baerum: Municipality) -> None:
        password = demo_password()
        if password is None:
            self.stdout.write(
                self.style.WARNING("Hopper over demobrukere: sett DEMO_PASSWORD når DEBUG er av.")
            )
            return
        User = get_user_model()
        editor = self.demo_user(User, "redaktor.baerum", password, superuser=False)
        assignment, _ = EditorAssignment.objects.update_or_create(
            user=editor, defaults={"office": "Tildelingskontoret i Bærum"}
        )
        assignment.municipalities.set([baerum])
        editor.user_permissions.set(
            Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
            | Permission.objects.filter(
                content_type__app_label="directory",
                content_type__model__in=["offer", "organization", "location"],
            )
        )
        admin = self.demo_user(User, "admin", password, superuser=True)
        for user in (editor, admin):
            enrol_demo_device(user)
        self.stdout.write(
            self.style.WARNING(
                "Demobrukere (bare for demo, aldri i produksjon): redaktor.baerum og admin. "
                f"Passordet er DEMO_PASSWORD, eller «{DEFAULT_PASSWORD}» når den ikke er satt. "
                f"Andre steg (TOTP): legg nøkkelen {DEMO_TOTP_SECRET} inn i en autentiseringsapp, "
                "eller kjør «manage.py demo_totp_code» for koden som gjelder nå."
            )
        )

    @staticmethod
    def demo_user(User, username: str, password: str, *, superuser: bool):
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@eksempel.no"})
        user.is_staff, user.is_superuser, user.is_active = True, superuser, True
        if not user.check_password(password):
            user.set_password(password)
        user.save()
        return user

    def report(self, offers: list[Offer]) -> None:
        by_municipality = Counter(offer.owner_municipality.name for offer in offers)
        by_kind = Counter(offer.kind.code for offer in offers)
        self.stdout.write(self.style.SUCCESS(f"Lastet {len(offers)} demotilbud."))
        for name, count in sorted(by_municipality.items()):
            self.stdout.write(f"  {name}: {count}")
        for code, count in sorted(by_kind.items()):
            self.stdout.write(f"  {code}: {count}")


def offer_fields(
    entry: dict, index: int, kind: OfferKind, org: Organization, locations: list[Location]
) -> dict:
    """Every Offer field for one demo entry: its own texts, the kind's shared texts, and defaults."""
    texts = demo_data.KIND_TEXT[kind.code]
    owner = org.municipality
    checked_by, apply_office = demo_data.OFFICES[owner.number]
    route = entry.get("route", kind.default_intake_route)
    fill = {"office": apply_office, "org": org.name}
    min_age, max_age = entry.get("ages", texts["ages"])
    cost, cost_nn = entry.get("cost", texts["cost"])
    review_by = (
        entry.get("review_by") or datetime.date(2027, 1 + (index * 5) % 12, 1 + index % 28).isoformat()
    )
    review_by = datetime.date.fromisoformat(review_by)
    # Support contacts are granted all year; schools and municipal places share the 1 February deadline.
    has_deadline = route in (IntakeRoute.VEDTAK, IntakeRoute.SCHOOL) and kind.code != "stottekontakt"
    where, where_nn = practical_paragraph(locations)
    return {
        "organization": org,
        "kind": kind,
        "title": entry["title"],
        "title_nn": entry.get("title_nn", ""),
        "summary": entry["summary"],
        "summary_nn": entry.get("summary_nn", ""),
        "easy_read": entry["easy"],
        "easy_read_nn": entry.get("easy_nn", ""),
        "description": "\n\n".join([entry["about"], texts["about"][0], where]),
        "description_nn": "\n\n".join([entry["about_nn"], texts["about"][1], where_nn]),
        "eligibility": texts["eligibility"][0],
        "eligibility_nn": texts["eligibility"][1],
        "min_age": min_age,
        "max_age": max_age,
        "intake_route": route,
        "how_to_apply": texts["apply"][0].format(**fill),
        "how_to_apply_nn": texts["apply"][1].format(**fill),
        "application_deadline": demo_data.MAIN_DEADLINE if has_deadline else None,
        "rolling_intake": route == IntakeRoute.NAV,
        "cost": cost,
        "cost_nn": cost_nn,
        "places_total": entry.get("places"),
        "contact_email": org.email,
        "contact_phone": org.phone,
        "next_open_day": datetime.date.fromisoformat(entry["open_day"]) if "open_day" in entry else None,
        "status": entry.get("status", "active"),
        "owner_municipality": owner,
        "review_by": review_by,
        "last_checked_on": min(review_by - datetime.timedelta(days=365), LATEST_CHECK),
        "checked_by": checked_by,
        "is_demo": True,
        "live": True,
        "has_unpublished_changes": False,
        "created_at": PUBLISHED_AT,
        "first_published_at": PUBLISHED_AT,
        "last_published_at": PUBLISHED_AT,
    }


def practical_paragraph(locations: list[Location]) -> tuple[str, str]:
    if not locations:
        return (
            "Vi har ikke et fast sted. Ring oss, så avtaler vi hvor vi møtes.",
            "Vi har ikkje ein fast stad. Ring oss, så avtalar vi kvar vi møtest.",
        )
    place = locations[0]
    return (
        f"Du finner oss i {place.address} i {place.city}. {place.transport}",
        f"Du finn oss i {place.address} i {place.city}. {place.transport_nn}",
    )
