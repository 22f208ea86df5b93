"""Changes the staff placement pages need beyond services.py: setting an offer's capacity for a
period, and placing someone from a waiting list (which takes them off the lists for the kind)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from . import services
from .models import Capacity, Placement, Reservation, WaitingListEntry


class ReservedTooMany(services.PlacementError):
    code = "reserved_too_many"


@dataclass(frozen=True)
class ReservationInput:
    places: int
    municipality: object | None = None
    for_group: str = ""


@transaction.atomic
def set_capacity(
    *,
    offer,
    starts_on: datetime.date,
    places: int,
    ends_on: datetime.date | None = None,
    note: str = "",
    reservations: list[ReservationInput] = (),
    by=None,
) -> Capacity:
    """Places for an offer from a date. A period that starts the same day is replaced (with its
    reservations); a later period takes over from an earlier one (Capacity.objects.on)."""
    reserved = sum(r.places for r in reservations)
    if reserved > places:
        raise ReservedTooMany(reserved)
    capacity, _ = Capacity.objects.select_for_update().update_or_create(
        offer=offer,
        starts_on=starts_on,
        defaults={"ends_on": ends_on, "places": places, "note": note},
    )
    capacity.reservations.all().delete()
    Reservation.objects.bulk_create(
        Reservation(capacity=capacity, municipality=r.municipality, for_group=r.for_group, places=r.places)
        for r in reservations
        if r.places
    )
    return capacity


@transaction.atomic
def place_from_waiting_list(*, entry: WaitingListEntry | None, **kwargs) -> Placement:
    """services.place, and the person leaves the lists for the offer's kind (a place granted).
    When the entry's case part was opened by a flow meeting for a move, the placement it moves
    from ends the day before (`services.replaced_by_change`), unless the caller names one."""
    if entry is not None and entry.part_id is not None and "replaces" not in kwargs:
        kwargs["replaces"] = services.replaced_by_change(entry.part)
    placement = services.place(**kwargs)
    if entry is not None:
        services.leave_waiting_list(
            person=placement.person,
            kind=placement.offer.kind,
            reason=WaitingListEntry.Reason.GRANTED,
        )
    return placement
