"""Waiting lists: an entry from a «waiting list» decision, leaving the lists, the office's priority,
and placing someone from a list."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from veivalg.accounts.models import Person

from ..models import Placement, WaitingListEntry
from ..selectors import replaced_by_change
from ._audit import log_change
from .errors import NotAllowed, StaleVersion
from .placements import place


def add_to_waiting_list(*, decision) -> WaitingListEntry:
    part = decision.part
    offer = decision.offer or next((c.offer for c in part.choices), None)
    entry, _ = WaitingListEntry.objects.get_or_create(
        part=part,
        left_on__isnull=True,
        defaults={
            "person": part.case.applicant,
            "offer": offer,
            "kind": offer.kind,
            "municipality": part.case.municipality,
            "office": part.office,
            "since": timezone.localdate(decision.decided_at),
            "priority_reasons": decision.reasons,
        },
    )
    return entry


def leave_waiting_list(*, person: Person, kind, reason: str, day: datetime.date | None = None) -> int:
    """A granted place (or a refusal, a withdrawal) takes the person off the lists for the kind."""
    return (
        WaitingListEntry.objects.waiting()
        .filter(person=person, kind=kind)
        .update(left_on=day or timezone.localdate(), left_reason=reason)
    )


@transaction.atomic
def set_priority(
    *, entry: WaitingListEntry, version: int, priority: int, reasons: str, preferences: str, by
) -> WaitingListEntry:
    """The office keeping the list sets the priority with reasons, and what the person wishes for.

    `version` is the one the user saw: a second save from an older copy (a colleague, another
    tab) is refused with StaleVersion instead of overwriting, and nothing is saved."""
    locked = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.left_on is not None:
        raise NotAllowed("left")
    if locked.version != version:
        raise StaleVersion
    preferences_changed = locked.preferences != preferences
    locked.priority, locked.priority_reasons, locked.preferences = priority, reasons, preferences
    locked.version = F("version") + 1
    locked.save(update_fields=["priority", "priority_reasons", "preferences", "version"])
    locked.refresh_from_db()
    log_change(
        by,
        locked.person,
        "venteliste: prioritet og ønsker" if preferences_changed else "venteliste: prioritet",
    )
    return locked


@transaction.atomic
def place_from_waiting_list(*, entry: WaitingListEntry | None, **kwargs) -> Placement:
    """`place`, and the person leaves the lists for the offer's kind (a place granted).
    When the entry's case part was opened by a flow meeting for a move, the placement it moves
    from ends the day before (`selectors.replaced_by_change`), unless the caller names one."""
    if entry is not None and entry.part_id is not None and "replaces" not in kwargs:
        kwargs["replaces"] = replaced_by_change(entry.part)
    placement = place(**kwargs)
    if entry is not None:
        leave_waiting_list(
            person=placement.person,
            kind=placement.offer.kind,
            reason=WaitingListEntry.Reason.GRANTED,
        )
    return placement
