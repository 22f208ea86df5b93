"""Flow meetings in the staff back office (/ansatt/flytmoter/): planning, the agenda, outcomes,
closing and the minutes, over the core in services.py. Views call these.

**Outcomes against the case state.** `record_item_outcome` wraps `services.record_outcome` and
refuses (`OutcomeConflict`) what would contradict the case handling: a second new case from an
item that already opened one (only the minutes may then change), «no change» or «postponed»
after a case was opened that is still alive (withdraw it in the case handling first), and a new
vedtak/tilsagn for an offer the person already has an open case part for (decide that one). An
intake refusal (no office decides the offer there) becomes the same error. Nothing is saved when
it is refused.

**Telling the participant.** The wish's status and outcome are set by `services.record_outcome`
and show on the person's own page; when an item opens a new case, the intake's case notice
(`intake.tasks.send_case_notice`, no personal data in it) is queued after the commit.

**What an invited provider sees.** The offices in the meeting see the whole agenda; a provider
invited to it sees only the items about its own offers and participants (the rule is
`MeetingItemQuerySet.shown_to_providers`), and every count it is shown counts only those
(`visible_items`, passed to `agenda` and `agenda_counts`; `meetings_for`). Its reads
are logged the same way as the offices'.

**Access log (decided here).** The agenda page shows names, so it is a read of each person on
it. Writing one entry per person for the whole agenda (2,000 people) at every page view would
be heavy and say little, so: the agenda is paginated (`AGENDA_PAGE_SIZE`), and a view writes one
READ entry per person *shown on that page*, with one `bulk_create`, at most once per staff user,
meeting and person per day (`log_agenda_read`). Opening an item writes one READ entry for its
person; changing it is logged by the service (CHANGE). Downloading the minutes (every person in
the meeting) writes one READ entry per person in one `bulk_create`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.accounts.models import Organisation, OrganisationKind, StaffRoleKind
from veivalg.accounts.services import organisations_of
from veivalg.audit.services import log_reads
from veivalg.core.tasks import enqueue_with_change
from veivalg.intake import services as intake
from veivalg.intake.models import CasePart
from veivalg.intake.states import PartStatus

from . import services
from .models import ChangeWish, FlowMeeting, MeetingItem
from .rules import OFFICE_ROLES, office_in_meeting

AGENDA_PAGE_SIZE = 100
SOURCE_ORDER = (MeetingItem.Source.WISH, MeetingItem.Source.WAITING, MeetingItem.Source.ENDING)


class OutcomeConflict(services.PlacementError):
    """The outcome contradicts the case handling as it is now; `reason` says how."""

    code = "outcome_conflict"

    def __init__(self, reason: str, reference: str = "", status: str = ""):
        super().__init__(reason, reference, status)
        self.reason, self.reference, self.status = reason, reference, status


class AlreadyPlanned(services.PlacementError):
    code = "already_planned"

    def __init__(self, dates: list[datetime.date]):
        super().__init__(dates)
        self.dates = dates


# --- reading ------------------------------------------------------------------------------------


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


def next_meeting_dates(today: datetime.date | None = None, count: int = 2) -> list[datetime.date]:
    """The next default meeting days (weeks 18 and 41 unless configured) from today."""
    today = today or timezone.localdate()
    days = services.default_meeting_dates(today.year) + services.default_meeting_dates(today.year + 1)
    return [day for day in sorted(days) if day >= today][:count]


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
    (the municipality `services.record_outcome` opens the case in)."""
    from .services import home_municipality

    municipality = home_municipality(item) or item.meeting.municipalities.order_by("pk").first()
    return intake.applicable_offers(municipality) if municipality is not None else []


# --- the access log -----------------------------------------------------------------------------


def log_agenda_read(*, user, meeting: FlowMeeting, people_ids: Iterable) -> int:
    """One READ entry per person shown; not again the same day for the same user and meeting."""
    what = f"flytmøte {meeting.held_on:%d.%m.%Y}: saksliste"
    return log_reads(user=user, people_ids=people_ids, what=what, once_a_day=True)


def log_item_read(*, user, item: MeetingItem) -> None:
    log_reads(user=user, people_ids=[item.person_id], what=f"flytmøte {item.meeting.held_on:%d.%m.%Y}: sak")


def log_minutes_read(*, user, meeting: FlowMeeting) -> int:
    people = meeting.items.values_list("person_id", flat=True)
    return log_reads(user=user, people_ids=people, what=f"flytmøte {meeting.held_on:%d.%m.%Y}: referat")


# --- changing -----------------------------------------------------------------------------------


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
            services.plan_meeting(
                organiser=organiser, municipalities=municipalities, held_on=day, title=name, invited=invited
            )
        )
    return meetings


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
        raise services.MeetingClosed
    if locked.version != version:
        raise services.StaleVersion
    if locked.new_part_id is not None and locked.new_part.status != PartStatus.WITHDRAWN:
        if outcome != MeetingItem.Outcome.NEW_DECISION:
            raise OutcomeConflict(
                "case_opened", locked.new_part.case.reference, locked.new_part.get_status_display()
            )
        # The case opened before goes on in the case handling; only the minutes change here.
        MeetingItem.objects.filter(pk=locked.pk).update(minutes=minutes, version=F("version") + 1)
        if locked.wish_id:
            ChangeWish.objects.filter(pk=locked.wish_id).update(outcome=minutes)
        services._log(by, locked.person, f"flytmøte {locked.meeting.held_on:%d.%m.%Y}")
        locked.refresh_from_db()
        return locked
    if outcome == MeetingItem.Outcome.NEW_DECISION and new_offer is not None:
        clash = _open_part_for(locked.person, new_offer)
        if clash is not None:
            raise OutcomeConflict("open_case", clash.case.reference, clash.get_status_display())
    try:
        result = services.record_outcome(
            item=locked, outcome=outcome, minutes=minutes, version=version, by=by, new_offer=new_offer
        )
    except intake.IntakeError as error:
        raise OutcomeConflict(error.code) from error
    if result.new_part_id is not None and result.new_part_id != locked.new_part_id:
        from veivalg.intake.tasks import send_case_notice

        enqueue_with_change(send_case_notice, str(result.new_part.case_id))
    return result


@transaction.atomic
def close_meeting(*, meeting: FlowMeeting, by) -> FlowMeeting:
    """Close the meeting (no more changes) and make the minutes PDF in the worker."""
    closed = services.close_meeting(meeting=meeting, by=by)
    from .tasks import make_minutes_pdf

    enqueue_with_change(make_minutes_pdf, str(closed.pk))
    return closed


def build_agenda(*, meeting: FlowMeeting, by) -> int:
    """Add what is new to the agenda (services.build_agenda); no person's data changes."""
    return services.build_agenda(meeting)
