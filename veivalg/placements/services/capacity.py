"""Capacity: an offer's places for a period, with places reserved for a municipality or a group."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from ..models import Capacity, Reservation
from .errors import ReservedTooMany


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
