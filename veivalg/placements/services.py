"""Changes to placements, capacity, waiting lists, wishes and flow meetings. Views call these.

Same rules as the intake: each change is one function, in a transaction, locking the row,
checking the version the user saw, writing the access log for staff changes to a person.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from veivalg.accounts.models import Person
from veivalg.audit.models import AccessLogEntry
from veivalg.audit.services import log_staff_access

from .models import (
    FULL_WEEK,
    Capacity,
    ChangeWish,
    FlowMeeting,
    MeetingItem,
    Placement,
    WaitingListEntry,
)


class PlacementError(Exception):
    code = "placement_error"


class WeekOverfull(PlacementError):
    code = "week_overfull"

    def __init__(self, total: Decimal):
        super().__init__(total)
        self.total = total


class OverCapacity(PlacementError):
    code = "over_capacity"


class StaleVersion(PlacementError):
    code = "stale"


class MeetingClosed(PlacementError):
    code = "meeting_closed"


class NotAllowed(PlacementError):
    code = "not_allowed"


def _log(user, person: Person, what: str, action: str = AccessLogEntry.Action.CHANGE) -> None:
    log_staff_access(user=user, person=person, what=what, action=action)


# --- capacity and occupancy ---------------------------------------------------------------------


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
        _log(by, person, f"plassering: {offer.title}")
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
    _log(by, locked.person, f"plassering: {locked.offer.title}")
    return locked


def confirm_placement(*, placement: Placement, by) -> Placement:
    """The provider confirms the participant has started with them."""
    Placement.objects.filter(pk=placement.pk, confirmed_by_provider_at__isnull=True).update(
        confirmed_by_provider_at=timezone.now()
    )
    placement.refresh_from_db()
    _log(by, placement.person, f"plassering bekreftet: {placement.offer.title}")
    return placement


# --- waiting lists ------------------------------------------------------------------------------


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
    _log(
        by,
        locked.person,
        "venteliste: prioritet og ønsker" if preferences_changed else "venteliste: prioritet",
    )
    return locked


# --- wishes for change --------------------------------------------------------------------------


def register_wish(
    *,
    person: Person,
    kind: str,
    reason: str,
    placement: Placement | None = None,
    goals: str = "",
    by_person: Person | None = None,
    by_user=None,
) -> ChangeWish:
    if placement is not None and placement.person_id != person.pk:
        raise NotAllowed("placement")
    wish = ChangeWish.objects.create(
        person=person,
        kind=kind,
        reason=reason,
        placement=placement,
        goals=goals,
        registered_by_person=by_person,
        registered_by_user=by_user,
    )
    if by_user is not None:
        _log(by_user, person, "ønske om endring")
    return wish


def withdraw_wish(*, wish: ChangeWish, by: Person) -> ChangeWish:
    if wish.status not in (ChangeWish.Status.OPEN, ChangeWish.Status.ON_AGENDA):
        raise NotAllowed(wish.status)
    ChangeWish.objects.filter(pk=wish.pk).update(status=ChangeWish.Status.WITHDRAWN)
    wish.refresh_from_db()
    return wish


# --- flow meetings ------------------------------------------------------------------------------


def default_meeting_dates(year: int) -> list[datetime.date]:
    """The Wednesday of each flow-meeting week (settings.FLOW_MEETING_WEEKS, default 18 and 41)."""
    return [datetime.date.fromisocalendar(year, week, 3) for week in settings.FLOW_MEETING_WEEKS]


def plan_meeting(*, organiser, municipalities, held_on: datetime.date, title: str, invited=()) -> FlowMeeting:
    meeting = FlowMeeting.objects.create(organiser=organiser, held_on=held_on, title=title)
    meeting.municipalities.set(municipalities)
    meeting.invited.set(invited)
    return meeting


@transaction.atomic
def build_agenda(meeting: FlowMeeting, *, ending_within_days: int = 200) -> int:
    """Put on the agenda: open wishes for change, people waiting, and placements ending before
    the next meeting, for the meeting's municipalities. Running it again adds only what is new."""
    locked = FlowMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_closed:
        raise MeetingClosed
    municipalities = list(locked.municipalities.values_list("pk", flat=True))
    in_area = Q(municipality__in=municipalities)
    already = set(locked.items.values_list("source", "wish_id", "waiting_id", "placement_id"))
    items = []
    wishes = (
        ChangeWish.objects.filter(status__in=[ChangeWish.Status.OPEN, ChangeWish.Status.ON_AGENDA])
        .filter(
            Q(placement__municipality__in=municipalities) | Q(person__cases__municipality__in=municipalities)
        )
        .distinct()
    )
    for wish in wishes.only("pk", "person_id"):
        key = (MeetingItem.Source.WISH, wish.pk, None, None)
        if key not in already:
            items.append(
                MeetingItem(meeting=locked, person_id=wish.person_id, source=key[0], wish_id=wish.pk)
            )
    for entry in WaitingListEntry.objects.waiting().filter(in_area).only("pk", "person_id"):
        key = (MeetingItem.Source.WAITING, None, entry.pk, None)
        if key not in already:
            items.append(
                MeetingItem(meeting=locked, person_id=entry.person_id, source=key[0], waiting_id=entry.pk)
            )
    horizon = locked.held_on + datetime.timedelta(days=ending_within_days)
    ending = Placement.objects.filter(
        in_area, ends_on__isnull=False, ends_on__gte=locked.held_on, ends_on__lte=horizon
    )
    for placement in ending.only("pk", "person_id"):
        key = (MeetingItem.Source.ENDING, None, None, placement.pk)
        if key not in already:
            items.append(
                MeetingItem(
                    meeting=locked, person_id=placement.person_id, source=key[0], placement_id=placement.pk
                )
            )
    MeetingItem.objects.bulk_create(items, batch_size=1000)
    ChangeWish.objects.filter(pk__in=[i.wish_id for i in items if i.wish_id]).update(
        status=ChangeWish.Status.ON_AGENDA
    )
    return len(items)


def home_municipality(item: MeetingItem):
    """Where the person on an agenda item lives, as far as we know: from the placement, the
    waiting-list entry or the wish's placement behind the item, else their latest case."""
    from veivalg.intake.models import Case

    for source in (item.placement, item.waiting, item.wish.placement if item.wish else None):
        if source is not None:
            return source.municipality
    case = Case.objects.filter(applicant=item.person).order_by("-created_at").first()
    return case.municipality if case else None


@transaction.atomic
def record_outcome(
    *,
    item: MeetingItem,
    outcome: str,
    minutes: str,
    version: int,
    by,
    new_offer=None,
) -> MeetingItem:
    """Minutes and outcome for one item. A new or changed vedtak/tilsagn opens a case part in
    the intake (received, at the office that decides the offer), which takes it from there."""
    locked = (
        MeetingItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "person", "wish")
        .get(pk=item.pk)
    )
    if locked.meeting.is_closed:
        raise MeetingClosed
    if locked.version != version:
        raise StaleVersion
    if outcome not in MeetingItem.Outcome.values or not outcome:
        raise NotAllowed(outcome)
    fields = ["outcome", "minutes", "version"]
    if outcome == MeetingItem.Outcome.NEW_DECISION:
        if new_offer is None:
            raise NotAllowed("new_decision_needs_offer")
        from veivalg.intake.services.applications import open_change_case

        municipality = home_municipality(locked) or locked.meeting.municipalities.first()
        case = open_change_case(
            person=locked.person, offer=new_offer, municipality=municipality, reason=minutes, by=by
        )
        locked.new_part = case.parts.first()
        fields.append("new_part")
    locked.outcome, locked.minutes = outcome, minutes
    locked.version = F("version") + 1
    locked.save(update_fields=fields)
    locked.refresh_from_db()
    if locked.wish_id and outcome != MeetingItem.Outcome.POSTPONED:
        ChangeWish.objects.filter(pk=locked.wish_id).update(status=ChangeWish.Status.DONE, outcome=minutes)
    _log(by, locked.person, f"flytmøte {locked.meeting.held_on:%d.%m.%Y}")
    return locked


@transaction.atomic
def close_meeting(*, meeting: FlowMeeting, by) -> FlowMeeting:
    locked = FlowMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_closed:
        raise MeetingClosed
    locked.status = FlowMeeting.Status.CLOSED
    locked.version = F("version") + 1
    locked.save(update_fields=["status", "version"])
    locked.refresh_from_db()
    return locked


def occupancy_summary(offers, day: datetime.date) -> dict:
    """{offer_id: people placed on the day}, in one query."""
    rows = (
        Placement.objects.filter(offer__in=offers).active_on(day).values("offer_id").annotate(n=Count("id"))
    )
    return {row["offer_id"]: row["n"] for row in rows}
