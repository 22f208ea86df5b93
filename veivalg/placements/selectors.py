"""Reads of placements used in several places (views, services, tasks, other apps): capacity and
occupancy, a person's week, what a move replaces, and the flow meetings a user may see with their
agenda. No writes here; those are in `services/`. The staff pages' fixed-query reads are in
`queries.py`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from veivalg.accounts.models import Organisation, OrganisationKind, Person, StaffRoleKind
from veivalg.accounts.services import organisations_of
from veivalg.intake import services as intake

from .models import Capacity, ChangeWish, FlowMeeting, MeetingItem, Placement
from .rules import OFFICE_ROLES, office_in_meeting

AGENDA_PAGE_SIZE = 100
SOURCE_ORDER = (MeetingItem.Source.WISH, MeetingItem.Source.WAITING, MeetingItem.Source.ENDING)


# --- capacity, occupancy and a person's week ----------------------------------------------------


def capacity_on(offer, day: datetime.date) -> dict:
    """Places, reservations and occupancy of an offer on a day (occupancy = people placed)."""
    capacity = (
        Capacity.objects.filter(offer=offer)
        .on(day)
        .prefetch_related("reservations")
        .order_by("-starts_on")
        .first()
    )
    occupied = Placement.objects.filter(offer=offer).active_on(day).count()
    places = capacity.places if capacity else offer.places_total
    reserved = []
    if capacity is not None:
        reserved = [
            {
                "for": str(r.municipality or r.for_group),
                "places": r.places,
                "used": Placement.objects.filter(offer=offer, municipality=r.municipality)
                .active_on(day)
                .count()
                if r.municipality_id
                else None,
            }
            for r in capacity.reservations.all()
        ]
    return {
        "places": places,
        "occupied": occupied,
        "free": None if places is None else places - occupied,
        "reserved": reserved,
    }


def occupancy_summary(offers, day: datetime.date) -> dict:
    """{offer_id: people placed on the day}, in one query."""
    rows = (
        Placement.objects.filter(offer__in=offers).active_on(day).values("offer_id").annotate(n=Count("id"))
    )
    return {row["offer_id"]: row["n"] for row in rows}


def week_total(
    person: Person,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    *,
    exclude=None,
    adding: Decimal = Decimal(0),
) -> Decimal:
    """The most days per week the person would have on any day of the period, with `adding`.

    Checked at every start date inside the period, since the sum only rises when a placement
    starts; placements that only overlap the period one after the other are not added up.
    """
    others = Placement.objects.filter(person=person).overlapping(starts_on, ends_on)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    others = list(others)
    checkpoints = {starts_on} | {p.starts_on for p in others if p.starts_on > starts_on}
    best = Decimal(0)
    for day in checkpoints:
        total = sum(
            (
                p.days_per_week
                for p in others
                if p.starts_on <= day and (p.ends_on is None or p.ends_on >= day)
            ),
            Decimal(0),
        )
        best = max(best, total)
    return best + adding


def replaced_by_change(part) -> Placement | None:
    """The placement a change case replaces, if a flow-meeting item opened the case part (the
    item's `new_part`): the placement the item is about, or the one its wish for change is
    about. A wish to combine two offers adds a placement and replaces none."""
    item = (
        MeetingItem.objects.filter(new_part=part)
        .select_related("placement", "wish__placement")
        .order_by("-meeting__held_on")
        .first()
    )
    if item is None:
        return None
    if item.wish is not None:
        if item.wish.kind == ChangeWish.Kind.COMBINATION:
            return None
        return item.wish.placement or item.placement
    return item.placement


# --- flow meetings ------------------------------------------------------------------------------


def default_meeting_dates(year: int) -> list[datetime.date]:
    """The Wednesday of each flow-meeting week (settings.FLOW_MEETING_WEEKS, default 18 and 41)."""
    return [datetime.date.fromisocalendar(year, week, 3) for week in settings.FLOW_MEETING_WEEKS]


def next_meeting_dates(today: datetime.date | None = None, count: int = 2) -> list[datetime.date]:
    """The next default meeting days (weeks 18 and 41 unless configured) from today."""
    today = today or timezone.localdate()
    days = default_meeting_dates(today.year) + default_meeting_dates(today.year + 1)
    return [day for day in sorted(days) if day >= today][:count]


def home_municipality(item: MeetingItem):
    """Where the person on an agenda item lives, as far as we know: from the placement, the
    waiting-list entry or the wish's placement behind the item, else their latest case."""
    from veivalg.intake.models import Case

    for source in (item.placement, item.waiting, item.wish.placement if item.wish else None):
        if source is not None:
            return source.municipality
    case = Case.objects.filter(applicant=item.person).order_by("-created_at").first()
    return case.municipality if case else None


def offices_of(user) -> QuerySet[Organisation]:
    """The offices (allocation office, NAV) in which the user may plan and run meetings."""
    return organisations_of(user, *OFFICE_ROLES).order_by("name")


def meetings_for(user) -> QuerySet[FlowMeeting]:
    """Meetings the user's offices organise or are invited to, or the user's provider is invited
    to, with item counts: all items for the offices, the provider's own items for a provider."""
    mine = organisations_of(user, *OFFICE_ROLES)
    providers = organisations_of(user, StaffRoleKind.PROVIDER_STAFF)
    as_office = FlowMeeting.objects.filter(Q(organiser__in=mine) | Q(invited__in=mine)).values("pk")
    visible = FlowMeeting.objects.filter(Q(pk__in=as_office) | Q(invited__in=providers)).values("pk")
    counted = Q()
    if providers.exists():
        shown = MeetingItem.objects.shown_to_providers(providers).values("pk")
        counted = Q(pk__in=as_office) | Q(items__in=shown)
    return (
        FlowMeeting.objects.filter(pk__in=visible)
        .select_related("organiser")
        .prefetch_related("municipalities")
        .annotate(
            item_count=Count("items", filter=counted),
            undecided_count=Count("items", filter=counted & Q(items__outcome="")),
        )
        .order_by("-held_on")
    )


def invitable(organiser: Organisation) -> QuerySet[Organisation]:
    """NAV offices and providers serving the organiser's municipalities."""
    return (
        Organisation.objects.filter(
            kind__in=[OrganisationKind.NAV_OFFICE, OrganisationKind.PROVIDER],
            municipalities__in=organiser.municipalities.all(),
        )
        .exclude(pk=organiser.pk)
        .distinct()
        .order_by("kind", "name")
    )


def visible_items(meeting: FlowMeeting, user) -> QuerySet[MeetingItem]:
    """The meeting's items the user may see: the whole agenda for the offices in the meeting,
    only its own items for an invited provider (nothing for anyone else)."""
    if office_in_meeting(user, meeting):
        return meeting.items.all()
    return meeting.items.shown_to_providers(organisations_of(user, StaffRoleKind.PROVIDER_STAFF))


def agenda(meeting: FlowMeeting, source: str = "", *, items=None) -> QuerySet[MeetingItem]:
    """The agenda in the meeting's order: wishes, people waiting, placements ending; by name.
    `items` narrows it to what a user may see (`visible_items`); by default all of it."""
    order = Case(
        *(When(source=value, then=Value(n)) for n, value in enumerate(SOURCE_ORDER)),
        output_field=IntegerField(),
    )
    items = meeting.items.all() if items is None else items
    if source:
        items = items.filter(source=source)
    return items.select_related(
        "person", "wish", "waiting__kind", "waiting__offer", "placement__offer", "new_part__case__application"
    ).order_by(order, "person__display_name", "id")


def agenda_counts(meeting: FlowMeeting, *, items=None) -> dict[str, int]:
    """Items per source; `items` as in `agenda`."""
    items = meeting.items.all() if items is None else items
    rows = items.values("source").annotate(n=Count("id")).order_by()
    counts = {row["source"]: row["n"] for row in rows}
    return {source: counts.get(source, 0) for source in SOURCE_ORDER}


def item_in_meeting(item_id) -> MeetingItem | None:
    return (
        MeetingItem.objects.select_related(
            "meeting__organiser",
            "person",
            "wish__placement__offer",
            "waiting__kind",
            "waiting__offer",
            "placement__offer",
            "new_part__case__application",
        )
        .filter(pk=item_id)
        .first()
    )


def offers_for_item(item: MeetingItem):
    """Offers a new vedtak or tilsagn may be for: those one can apply for where the person lives
    (the municipality `services.meetings.record_outcome` opens the case in)."""
    municipality = home_municipality(item) or item.meeting.municipalities.order_by("pk").first()
    return intake.applicable_offers(municipality) if municipality is not None else []
