"""Flow meetings (/ansatt/flytmoter/): planning, the agenda, outcomes, closing and the minutes.
Views call these; the reads (the agenda, what a provider sees) are in `selectors.py`.

**Outcomes against the case state.** `record_item_outcome` wraps `record_outcome` and
refuses (`OutcomeConflict`) what would contradict the case handling: a second new case from an
item that already opened one (only the minutes may then change), «no change» or «postponed»
after a case was opened that is still alive (withdraw it in the case handling first), and a new
vedtak/tilsagn for an offer the person already has an open case part for (decide that one). An
intake refusal (no office decides the offer there) becomes the same error. Nothing is saved when
it is refused.

**Telling the participant.** The wish's status and outcome are set by `record_outcome`
and show on the person's own page; when an item opens a new case, the intake's case notice
(`intake.tasks.send_case_notice`, no personal data in it) is queued after the commit.

**What an invited provider sees.** The offices in the meeting see the whole agenda; a provider
invited to it sees only the items about its own offers and participants (the rule is
`MeetingItemQuerySet.shown_to_providers`), and every count it is shown counts only those
(`selectors.visible_items`, passed to `agenda` and `agenda_counts`; `meetings_for`). Its reads
are logged the same way as the offices'.

**Access log (decided here).** The agenda page shows names, so it is a read of each person on
it. Writing one entry per person for the whole agenda (2,000 people) at every page view would
be heavy and say little, so: the agenda is paginated (`selectors.AGENDA_PAGE_SIZE`), and a view writes one
READ entry per person *shown on that page*, with one `bulk_create`, at most once per staff user,
meeting and person per day (`log_agenda_read`). Opening an item writes one READ entry for its
person; changing it is logged by the service (CHANGE). Downloading the minutes (every person in
the meeting) writes one READ entry per person in one `bulk_create`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from veivalg.accounts.models import Organisation
from veivalg.audit.services import log_reads
from veivalg.core.tasks import enqueue_with_change
from veivalg.intake import services as intake
from veivalg.intake.models import CasePart
from veivalg.intake.states import PartStatus

from ..models import ChangeWish, FlowMeeting, MeetingItem, Placement, WaitingListEntry
from ..selectors import home_municipality
from ..states import OPEN_WISH
from ._audit import log_change
from .errors import AlreadyPlanned, MeetingClosed, NotAllowed, OutcomeConflict, StaleVersion


def plan_meeting(*, organiser, municipalities, held_on: datetime.date, title: str, invited=()) -> FlowMeeting:
    meeting = FlowMeeting.objects.create(organiser=organiser, held_on=held_on, title=title)
    meeting.municipalities.set(municipalities)
    meeting.invited.set(invited)
    return meeting


@transaction.atomic
def plan_meetings(
    *,
    organiser: Organisation,
    municipalities,
    dates: list[datetime.date],
    invited=(),
    title: str = "",
) -> list[FlowMeeting]:
    """Plan one meeting per date for the organiser; a date it already has a meeting on is refused."""
    taken = sorted(
        FlowMeeting.objects.filter(organiser=organiser, held_on__in=dates).values_list("held_on", flat=True)
    )
    if taken:
        raise AlreadyPlanned(taken)
    meetings = []
    for day in sorted(set(dates)):
        name = title.strip() or _("Flytmøte uke %(week)s %(year)s") % {
            "week": day.isocalendar()[1],
            "year": day.isocalendar()[0],
        }
        meetings.append(
            plan_meeting(
                organiser=organiser, municipalities=municipalities, held_on=day, title=name, invited=invited
            )
        )
    return meetings


@transaction.atomic
def build_agenda(meeting: FlowMeeting, *, by=None, ending_within_days: int = 200) -> int:
    """Put on the agenda: open wishes for change, people waiting, and placements ending before
    the next meeting, for the meeting's municipalities. Running it again adds only what is new.
    No person's data changes (`by`, the staff member who asked, is not logged)."""
    locked = FlowMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_closed:
        raise MeetingClosed
    municipalities = list(locked.municipalities.values_list("pk", flat=True))
    in_area = Q(municipality__in=municipalities)
    already = set(locked.items.values_list("source", "wish_id", "waiting_id", "placement_id"))
    items = []
    wishes = (
        ChangeWish.objects.filter(status__in=OPEN_WISH)
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
    log_change(by, locked.person, f"flytmøte {locked.meeting.held_on:%d.%m.%Y}")
    return locked


def _open_part_for(person, offer) -> CasePart | None:
    return (
        CasePart.objects.open()
        .filter(case__applicant=person, route=offer.intake_route, case__application__choices__offer=offer)
        .select_related("case__application")
        .first()
    )


@transaction.atomic
def record_item_outcome(
    *, item: MeetingItem, outcome: str, minutes: str, version: int, by, new_offer=None
) -> MeetingItem:
    """Minutes and outcome for one item, refused when it contradicts the case state (see the
    module docstring). A new case's notice goes to the participant after the commit."""
    locked = (
        MeetingItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "new_part__case__application")
        .get(pk=item.pk)
    )
    if locked.meeting.is_closed:
        raise MeetingClosed
    if locked.version != version:
        raise StaleVersion
    if locked.new_part_id is not None and locked.new_part.status != PartStatus.WITHDRAWN:
        if outcome != MeetingItem.Outcome.NEW_DECISION:
            raise OutcomeConflict(
                "case_opened", locked.new_part.case.reference, locked.new_part.get_status_display()
            )
        # The case opened before goes on in the case handling; only the minutes change here.
        MeetingItem.objects.filter(pk=locked.pk).update(minutes=minutes, version=F("version") + 1)
        if locked.wish_id:
            ChangeWish.objects.filter(pk=locked.wish_id).update(outcome=minutes)
        log_change(by, locked.person, f"flytmøte {locked.meeting.held_on:%d.%m.%Y}")
        locked.refresh_from_db()
        return locked
    if outcome == MeetingItem.Outcome.NEW_DECISION and new_offer is not None:
        clash = _open_part_for(locked.person, new_offer)
        if clash is not None:
            raise OutcomeConflict("open_case", clash.case.reference, clash.get_status_display())
    try:
        result = record_outcome(
            item=locked, outcome=outcome, minutes=minutes, version=version, by=by, new_offer=new_offer
        )
    except intake.IntakeError as error:
        raise OutcomeConflict(error.code) from error
    if result.new_part_id is not None and result.new_part_id != locked.new_part_id:
        from veivalg.intake.tasks import send_case_notice

        enqueue_with_change(send_case_notice, str(result.new_part.case_id))
    return result


@transaction.atomic
def close_meeting(*, meeting: FlowMeeting, by, make_minutes: bool = True) -> FlowMeeting:
    """Close the meeting (no more changes) and make the minutes PDF in the worker after the
    commit. The demo's past meetings are loaded closed without minutes (`make_minutes=False`)."""
    locked = FlowMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_closed:
        raise MeetingClosed
    locked.status = FlowMeeting.Status.CLOSED
    locked.version = F("version") + 1
    locked.save(update_fields=["status", "version"])
    locked.refresh_from_db()
    if make_minutes:
        from ..tasks import make_minutes_pdf

        enqueue_with_change(make_minutes_pdf, str(locked.pk))
    return locked


def log_agenda_read(*, user, meeting: FlowMeeting, people_ids: Iterable) -> int:
    """One READ entry per person shown; not again the same day for the same user and meeting."""
    what = f"flytmøte {meeting.held_on:%d.%m.%Y}: saksliste"
    return log_reads(user=user, people_ids=people_ids, what=what, once_a_day=True)


def log_item_read(*, user, item: MeetingItem) -> None:
    log_reads(user=user, people_ids=[item.person_id], what=f"flytmøte {item.meeting.held_on:%d.%m.%Y}: sak")


def log_minutes_read(*, user, meeting: FlowMeeting) -> int:
    people = meeting.items.values_list("person_id", flat=True)
    return log_reads(user=user, people_ids=people, what=f"flytmøte {meeting.held_on:%d.%m.%Y}: referat")
