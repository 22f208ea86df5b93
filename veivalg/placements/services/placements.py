"""Placements: placing a participant (a move ends the placement it replaces), changing the extent
or end, and the provider confirming a start. A full week is five days across all placements."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from veivalg.accounts.models import Person

from ..models import FULL_WEEK, Placement
from ..selectors import capacity_on, week_total
from ._audit import log_change
from .errors import NotAllowed, OverCapacity, StaleVersion, WeekOverfull


@transaction.atomic
def place(
    *,
    person: Person,
    offer,
    municipality,
    starts_on: datetime.date,
    days_per_week: Decimal,
    ends_on: datetime.date | None = None,
    decision=None,
    over_capacity_reason: str = "",
    by=None,
    replaces: Placement | None = None,
) -> Placement:
    """Place a participant. A full week is five days across all placements at once; a place
    over the offer's capacity needs a stated reason, and is then flagged.

    `replaces` is the placement this one takes over from (a move): it ends the day before the new
    one starts, in the same transaction and before the week is counted, so a move from five days
    at one place to five days at another is not a week of ten. If anything then refuses the new
    placement, the old one keeps its end."""
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one placement at a time per person
    if replaces is not None:
        end_for_move(placement=replaces, person=person, new_starts_on=starts_on)
    days_per_week = Decimal(days_per_week)
    total = week_total(person, starts_on, ends_on, adding=days_per_week)
    if total > FULL_WEEK:
        raise WeekOverfull(total)
    status = capacity_on(offer, starts_on)
    if status["free"] is not None and status["free"] <= 0 and not over_capacity_reason.strip():
        raise OverCapacity
    placement = Placement.objects.create(
        person=person,
        offer=offer,
        municipality=municipality,
        starts_on=starts_on,
        ends_on=ends_on,
        days_per_week=days_per_week,
        decision=decision,
        over_capacity_reason=over_capacity_reason.strip()
        if status["free"] is not None and status["free"] <= 0
        else "",
    )
    if by is not None:
        log_change(by, person, f"plassering: {offer.title}")
    return placement


def end_for_move(*, placement: Placement, person: Person, new_starts_on: datetime.date) -> Placement:
    """End (or end earlier) the placement a move replaces: the day before the new one starts.
    One that already ends before then is left as it is; one that starts on or after the new start
    cannot be ended before it and is refused (`NotAllowed`), so the office decides what to do."""
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if locked.person_id != person.pk:
        raise NotAllowed("replaces_other_person")
    last_day = new_starts_on - datetime.timedelta(days=1)
    if locked.ends_on is not None and locked.ends_on <= last_day:
        return locked
    if locked.starts_on > last_day:
        raise NotAllowed("replaces_later_placement")
    locked.ends_on = last_day
    locked.version = F("version") + 1
    locked.save(update_fields=["ends_on", "version"])
    locked.refresh_from_db(fields=["version"])
    return locked


@transaction.atomic
def change_placement(
    *,
    placement: Placement,
    version: int,
    by,
    days_per_week: Decimal | None = None,
    ends_on: datetime.date | None = None,
) -> Placement:
    """Change the extent or end of a placement; a second change from an older copy is refused."""
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if locked.version != version:
        raise StaleVersion
    fields = ["version"]
    if days_per_week is not None:
        days_per_week = Decimal(days_per_week)
        total = week_total(
            locked.person, locked.starts_on, ends_on or locked.ends_on, exclude=locked, adding=days_per_week
        )
        if total > FULL_WEEK:
            raise WeekOverfull(total)
        locked.days_per_week = days_per_week
        fields.append("days_per_week")
    if ends_on is not None:
        if ends_on < locked.starts_on:
            raise NotAllowed("ends_before_start")
        locked.ends_on = ends_on
        fields.append("ends_on")
    locked.version = F("version") + 1
    locked.save(update_fields=fields)
    locked.refresh_from_db()
    log_change(by, locked.person, f"plassering: {locked.offer.title}")
    return locked


def confirm_placement(*, placement: Placement, by) -> Placement:
    """The provider confirms the participant has started with them."""
    Placement.objects.filter(pk=placement.pk, confirmed_by_provider_at__isnull=True).update(
        confirmed_by_provider_at=timezone.now()
    )
    placement.refresh_from_db()
    log_change(by, placement.person, f"plassering bekreftet: {placement.offer.title}")
    return placement
