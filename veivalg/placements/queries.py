"""Read-only queries for the placements pages: which offers, placements, waiting-list entries
and people a staff user may see, and the capacity overview in one annotated query.

Office staff (allocation office, NAV) see the offers open to residents of the municipalities
their offices serve, and the people from those municipalities. Provider staff see only their
own organisation's offers and the participants placed in them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from veivalg.accounts.models import OrganisationKind, Person, StaffRoleKind
from veivalg.accounts.services import municipalities_served, organisations_of
from veivalg.directory.models import Offer, OfferCoverage
from veivalg.places.models import Municipality

from .models import Capacity, ChangeWish, Placement, Reservation, WaitingListEntry
from .rules import OFFICE_ROLES


def office_municipalities(user) -> QuerySet[Municipality]:
    return municipalities_served(user, *OFFICE_ROLES)


def provider_organizations(user) -> QuerySet:
    """The directory organisations (providers) the user works for."""
    return organisations_of(user, StaffRoleKind.PROVIDER_STAFF).exclude(provider=None).values("provider")


def is_office(user) -> bool:
    return organisations_of(user, *OFFICE_ROLES).exists()


def offers_for(user) -> QuerySet[Offer]:
    """Offers whose capacity the user may see: in the office's area, or the provider's own."""
    served = office_municipalities(user)
    in_area = Exists(OfferCoverage.objects.filter(offer=OuterRef("pk"), municipality__in=served))
    return Offer.objects.filter(
        Q(in_area) | Q(owner_municipality__in=served) | Q(organization__in=provider_organizations(user))
    )


def offer_for(user, slug: str) -> Offer | None:
    return offers_for(user).select_related("kind", "organization").filter(slug=slug).first()


def offers_in_area(user) -> QuerySet[Offer]:
    """Offers an office may place people in (not the provider's view)."""
    served = office_municipalities(user)
    in_area = Exists(OfferCoverage.objects.filter(offer=OuterRef("pk"), municipality__in=served))
    return Offer.objects.filter(Q(in_area) | Q(owner_municipality__in=served)).select_related("kind")


def _current_capacity(offer_ref, day: datetime.date) -> QuerySet[Capacity]:
    return Capacity.objects.filter(offer=offer_ref).on(day).order_by("-starts_on")


def capacity_overview(
    offers: QuerySet[Offer],
    day: datetime.date,
    *,
    kind: str = "",
    municipality: Municipality | None = None,
) -> list[Offer]:
    """Each offer with `places` (the capacity period on the day, else the directory's figure),
    `reserved` (places reserved in that period), `occupied` (placed on the day), `free` and
    `waiting` (people on the offer's waiting list). One query, whatever the number of offers.
    """
    if kind:
        offers = offers.filter(kind__code=kind)
    if municipality is not None:
        offers = offers.filter(
            Q(Exists(OfferCoverage.objects.filter(offer=OuterRef("pk"), municipality=municipality)))
            | Q(owner_municipality=municipality)
        )
    current = _current_capacity(OuterRef("pk"), day)
    reserved = (
        Reservation.objects.filter(
            capacity_id=Subquery(_current_capacity(OuterRef(OuterRef("pk")), day).values("pk")[:1])
        )
        .values("capacity_id")
        .annotate(total=Sum("places"))
        .values("total")
    )
    occupied = (
        Placement.objects.filter(offer=OuterRef("pk"))
        .active_on(day)
        .values("offer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting = WaitingListEntry.objects.waiting().filter(offer=OuterRef("pk"))
    if municipality is not None:
        waiting = waiting.filter(municipality=municipality)
    waiting = waiting.values("offer").annotate(n=Count("pk")).values("n")
    rows = list(
        offers.select_related("kind", "organization")
        .annotate(
            period_places=Subquery(current.values("places")[:1], output_field=IntegerField()),
            reserved=Coalesce(Subquery(reserved, output_field=IntegerField()), Value(0)),
            occupied=Coalesce(Subquery(occupied, output_field=IntegerField()), Value(0)),
            waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0)),
        )
        .order_by("kind__sort_order", "organization__name", "title")
    )
    for offer in rows:
        offer.places = offer.period_places if offer.period_places is not None else offer.places_total
        offer.free = None if offer.places is None else offer.places - offer.occupied
    return rows


def totals(rows: list[Offer]) -> dict:
    known = [r for r in rows if r.places is not None]
    return {
        "places": sum(r.places for r in known),
        "reserved": sum(r.reserved for r in rows),
        "occupied": sum(r.occupied for r in rows),
        "free": sum(r.free for r in known),
        "waiting": sum(r.waiting for r in rows),
        "unknown": len(rows) - len(known),
    }


def capacity_periods(offer: Offer) -> list[Capacity]:
    return list(
        Capacity.objects.filter(offer=offer)
        .prefetch_related("reservations__municipality")
        .order_by("-starts_on")
    )


# --- placements ---------------------------------------------------------------------------------


def placements_visible_to(user) -> QuerySet[Placement]:
    """Placements in the provider's own offers, and placements from the office's municipalities."""
    return Placement.objects.filter(
        Q(offer__organization__in=provider_organizations(user))
        | Q(municipality__in=office_municipalities(user))
    ).select_related("person", "offer__kind", "offer__organization", "municipality")


def placement_for(user, placement_id) -> Placement | None:
    return placements_visible_to(user).filter(pk=placement_id).first()


def placements_in_offer(user, offer: Offer, day: datetime.date) -> list[Placement]:
    """The offer's current and coming placements the user may see (a provider: all of its own;
    an office: those from its municipalities)."""
    return list(
        placements_visible_to(user)
        .filter(offer=offer)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("starts_on", "person__display_name")
    )


def other_placements(user, placement: Placement) -> list[Placement]:
    """The person's other placements at the same time (the rest of a combination) that the user
    may see: the office all of them, a provider only those in its own offers (where else the
    participant goes is not the provider's business)."""
    return list(
        placements_visible_to(user)
        .filter(person=placement.person_id)
        .exclude(pk=placement.pk)
        .overlapping(placement.starts_on, placement.ends_on)
        .select_related("offer")
    )


# --- waiting lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingFilter:
    offer: str = ""
    kind: str = ""
    municipality: str = ""
    office_kind: str = ""


def waiting_visible_to(user) -> QuerySet[WaitingListEntry]:
    """Everyone waiting from the office's municipalities, on NAV's lists and the municipality's."""
    return (
        WaitingListEntry.objects.waiting()
        .filter(municipality__in=office_municipalities(user))
        .select_related("person", "offer", "kind", "municipality", "office")
    )


def waiting_list(user, wanted: WaitingFilter) -> QuerySet[WaitingListEntry]:
    entries = waiting_visible_to(user)
    if wanted.offer:
        entries = entries.filter(offer__slug=wanted.offer)
    if wanted.kind:
        entries = entries.filter(kind__code=wanted.kind)
    if wanted.municipality:
        entries = entries.filter(municipality__number=wanted.municipality)
    if wanted.office_kind:
        entries = entries.filter(office__kind=wanted.office_kind)
    return entries.order_by("priority", "since", "person__display_name")


def entry_for(user, entry_id) -> WaitingListEntry | None:
    return waiting_visible_to(user).filter(pk=entry_id).first()


def total_need(user, wanted: WaitingFilter) -> list[dict]:
    """People waiting per kind of offer and municipality: on NAV's list, on the municipality's
    list, and in all (each person counted once, even when on both)."""
    entries = waiting_visible_to(user)
    if wanted.kind:
        entries = entries.filter(kind__code=wanted.kind)
    if wanted.municipality:
        entries = entries.filter(municipality__number=wanted.municipality)
    nav = Q(office__kind=OrganisationKind.NAV_OFFICE)
    return list(
        entries.values("kind__name", "municipality__name")
        .annotate(
            nav=Count("person", filter=nav, distinct=True),
            municipal=Count("person", filter=~nav, distinct=True),
            people=Count("person", distinct=True),
        )
        .order_by("kind__name", "municipality__name")
    )


def waiting_options(user) -> dict:
    entries = waiting_visible_to(user)
    return {
        "offers": list(
            Offer.objects.filter(pk__in=entries.values("offer"))
            .order_by("title")
            .values_list("slug", "title")
        ),
        "kinds": list(
            entries.order_by("kind__sort_order").values_list("kind__code", "kind__name").distinct()
        ),
        "municipalities": list(office_municipalities(user).order_by("name").values_list("number", "name")),
    }


# --- people an office may place -----------------------------------------------------------------


def people_to_place(user) -> QuerySet[Person]:
    """People waiting, or placed, from the municipalities the user's offices serve."""
    served = office_municipalities(user)
    waiting = WaitingListEntry.objects.waiting().filter(municipality__in=served).values("person")
    placed = Placement.objects.filter(municipality__in=served).values("person")
    return Person.objects.filter(Q(pk__in=waiting) | Q(pk__in=placed)).order_by("display_name")


# --- the participant's own page -----------------------------------------------------------------


def own_overview(person: Person, day: datetime.date) -> dict:
    """What the participant sees about themself: placements (current and coming first), the
    lists they wait on, and their wishes. Nothing about anyone else."""
    placements = list(
        Placement.objects.filter(person=person).select_related("offer__organization", "offer__kind")
    )
    return {
        "current": [p for p in placements if p.ends_on is None or p.ends_on >= day],
        "ended": [p for p in placements if p.ends_on is not None and p.ends_on < day],
        "waiting": list(
            WaitingListEntry.objects.waiting().filter(person=person).select_related("offer", "kind", "office")
        ),
        "wishes": list(ChangeWish.objects.filter(person=person).select_related("placement__offer")),
    }
