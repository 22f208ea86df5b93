"""Reads used in several places: who handles which case, what one can apply for, the
applicant's view of a case, and the staff back office (the office queue, the case page, the
coordination lists, the office overview, the provider's bookings). Nothing here changes data
(see the `services` package).

`may_read_case` is the one answer to «may this user read this case» for staff; the rules in
`rules.py`, the caseload check the access log asks (`in_caseload`) and the queries below all
start from `handler_offices`.

Each staff page builds its rows in a fixed, small number of queries, whatever the number of
cases: the templates loop over what these return and never reach back to the database.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veivalg.accounts.models import Organisation, OrganisationKind, Person, StaffRole, StaffRoleKind
from veivalg.accounts.services import organisations_of
from veivalg.directory.models import Area, Offer, OfferKind
from veivalg.places.models import Municipality

from . import rounds
from .models import Application, Case, CaseEvent, CasePart, Choice, Clarification, Decision, Route
from .states import (
    AWAITING_DECISION,
    CASEWORKER_MOVES,
    IN_COORDINATION,
    OPEN,
    TRANSITIONS,
    PartStatus,
)

# --- who handles what ---------------------------------------------------------------------------

OFFICE_KIND = {Route.VEDTAK: OrganisationKind.ALLOCATION_OFFICE, Route.NAV: OrganisationKind.NAV_OFFICE}


HANDLER_ROLE = {Route.VEDTAK: StaffRoleKind.CASEWORKER, Route.NAV: StaffRoleKind.NAV_COUNSELLOR}


def handler_offices(user, route: str | None = None):
    """The offices whose case parts the user handles (caseworker → allocation office, NAV
    counsellor → NAV office)."""
    if route is not None:
        return organisations_of(user, HANDLER_ROLE[route]).filter(kind=OFFICE_KIND[route])
    return organisations_of(user, StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR).filter(
        kind__in=list(OFFICE_KIND.values())
    )


def may_handle(user, part: CasePart) -> bool:
    return handler_offices(user, part.route).filter(pk=part.office_id).exists()


def readable_cases(user) -> QuerySet[Case]:
    """The cases a staff member may read in full: those with a part at one of their offices
    (both offices on a case see all of it; each changes only its own part, see `may_handle`)."""
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(parts__office__in=handler_offices(user)).distinct()


def may_read_case(user, case: Case) -> bool:
    """May this staff member read this case (`readable_cases`)? `rules.py` asks this."""
    if case is None:
        return False
    return readable_cases(user).filter(pk=case.pk).exists()


def in_caseload(user, person: Person) -> bool:
    """The person has a case at one of the user's offices, or a clarification at their provider."""
    offices = handler_offices(user)
    if CasePart.objects.filter(case__applicant=person, office__in=offices).exists():
        return True
    providers = organisations_of(user, StaffRoleKind.PROVIDER_STAFF)
    return Clarification.objects.filter(part__case__applicant=person, provider__in=providers).exists()


# --- applying -----------------------------------------------------------------------------------

MAX_CHOICES = 3


def applicable_offers(municipality):
    """Offers one can apply for here: open to the municipality's residents, decided by the
    allocation office or NAV."""
    return (
        Offer.objects.published()
        .for_municipality(municipality)
        .filter(intake_route__in=Route.values)
        .select_related("kind", "organization")
        .order_by("kind__sort_order", "title")
    )


def closed_choices(application: Application) -> list[Offer]:
    """Chosen offers no longer open for applications (unpublished, stopped, or route changed)."""
    if application.municipality is None:
        return []
    open_ids = set(applicable_offers(application.municipality).values_list("pk", flat=True))
    return [
        choice.offer
        for choice in application.choices.select_related("offer")
        if choice.offer_id not in open_ids
    ]


def schools_for(application: Application):
    """Schools the family can share the draft with: those in the municipality, else all."""
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name")
    if application.municipality_id and schools.filter(municipalities=application.municipality_id).exists():
        return schools.filter(municipalities=application.municipality_id)
    return schools


# --- the applicant's view of a case ------------------------------------------------------------

S = PartStatus


# Each status as the applicant reads it: short, plain, and what happens next.
PLAIN_STATUS = {
    S.RECEIVED: _("Vi har fått søknaden. Vi har ikke begynt å se på den ennå."),
    S.CLARIFICATION: _(
        "Vi finner ut hva som passer for deg. Kanskje får du en omvisning, eller prøver et tilbud."
    ),
    S.READY: _("Vi skal snart bestemme. Du får svaret i et brev."),
    S.GRANTED: _("Du har fått plass. Svar oss: «Ja takk» eller «Nei takk»."),
    S.REFUSED: _("Du fikk ikke plass. I brevet står det hvorfor, og hvordan du kan klage."),
    S.WAITING_LIST: _("Du står på venteliste. Vi sier fra når en plass blir ledig."),
    S.ACCEPTED: _("Du har takket ja. Vi sier fra om hva som skjer før du begynner."),
    S.DECLINED: _("Du har takket nei til plassen."),
    S.STARTED: _("Du har begynt."),
    S.WITHDRAWN: _("Du har trukket søknaden."),
}


# A transition as one line in the timeline.
PLAIN_TRANSITION = {
    S.RECEIVED: _("Vi fikk søknaden"),
    S.CLARIFICATION: _("Vi begynte å finne ut hva som passer"),
    S.READY: _("Saken ble klar for vedtak"),
    S.GRANTED: _("Du fikk plass"),
    S.REFUSED: _("Du fikk ikke plass"),
    S.WAITING_LIST: _("Du kom på venteliste"),
    S.ACCEPTED: _("Du takket ja"),
    S.DECLINED: _("Du takket nei"),
    S.STARTED: _("Du begynte"),
    S.WITHDRAWN: _("Søknaden ble trukket"),
}


ROUTE_TITLE = {
    "vedtak": _("Plass fra kommunen"),
    "nav": _("Plass betalt av NAV"),
}


@dataclass
class TimelineEntry:
    at: datetime.datetime
    text: str
    detail: str = ""


@dataclass
class OwnPart:
    part: CasePart
    title: str
    status_text: str
    offers: list
    answer_due: datetime.date | None
    decisions: list[Decision]
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def may_answer(self) -> bool:
        return self.part.status == S.GRANTED

    @property
    def may_withdraw(self) -> bool:
        return self.part.status in OPEN

    @property
    def unread_letters(self) -> int:
        return sum(1 for d in self.decisions if d.letter and d.read_by_applicant_at is None)


def timeline_text(event: CaseEvent) -> tuple[str, str]:
    """(what happened, detail) for an event the applicant may see."""
    kind = CaseEvent.Kind
    if event.kind == kind.SUBMITTED:
        return str(_("Vi fikk søknaden")), ""
    if event.kind == kind.TRANSITION:
        return str(PLAIN_TRANSITION.get(event.to_status, event.get_to_status_display())), ""
    if event.kind == kind.DECISION:
        return str(_("Vi sendte deg et brev med svaret")), ""
    if event.kind == kind.CLARIFICATION:
        return str(_("Avklaring")), event.text
    if event.kind == kind.MESSAGE_IN:
        return str(_("Du sendte en melding")), event.text
    if event.kind == kind.MESSAGE_OUT:
        return str(_("Melding fra saksbehandleren")), event.text
    return str(event.get_kind_display()), ""


def own_case_parts(case: Case) -> list[OwnPart]:
    """Each part of the case as the applicant sees it, with its own timeline, oldest first."""
    parts = (
        case.parts.select_related("office")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("offer__organization")),
            Prefetch(
                "events",
                queryset=CaseEvent.objects.filter(internal=False).order_by("at", "id"),
                to_attr="visible_events",
            ),
        )
        .order_by("route")
    )
    choices = list(case.application.choices.select_related("offer__organization"))
    result = []
    for part in parts:
        timeline = []
        for event in part.visible_events:
            text, detail = timeline_text(event)
            timeline.append(TimelineEntry(at=event.at, text=text, detail=detail))
        result.append(
            OwnPart(
                part=part,
                title=str(ROUTE_TITLE.get(part.route, part.get_route_display())),
                status_text=str(PLAIN_STATUS[part.status]),
                offers=[choice.offer for choice in choices if choice.route == part.route],
                answer_due=part.answer_due if part.status in AWAITING_DECISION else None,
                decisions=list(part.decisions.all()),
                timeline=timeline,
            )
        )
    return result


def case_messages(case: Case) -> list[TimelineEntry]:
    """Messages between the applicant and the offices that belong to no one part."""
    events = case.events.filter(internal=False, part__isnull=True).order_by("at", "id")
    return [TimelineEntry(at=event.at, text=timeline_text(event)[0], detail=event.text) for event in events]


def cases_for(person: Person):
    """The person's cases for the list on /min-side/soknader/ (intake/case/_case_list.html)."""
    return (
        Case.objects.for_applicant(person)
        .select_related("application")
        .prefetch_related(Prefetch("parts", queryset=CasePart.objects.select_related("office")))
    )


# --- the queue ----------------------------------------------------------------------------------

OPEN_FILTER = "uten-svar"
ALL_FILTER = "alle"
SORTS = {
    "eldst": ("received_at", "pk"),
    "nyest": ("-received_at", "-pk"),
    "frist": ("answer_due", "received_at", "pk"),
    "status": ("status", "received_at", "pk"),
}
ASSIGNED_TO_ME = "meg"
UNASSIGNED = "ingen"


@dataclass(frozen=True)
class QueueFilter:
    """What the caseworker narrowed the queue to; empty values mean «all»."""

    status: str = OPEN_FILTER
    kind: str = ""
    municipality: str = ""
    school: str = ""
    round_year: int | None = None
    min_age_days: int | None = None
    assigned: str = ""
    sort: str = "eldst"


# The long texts of an offer are not shown in a queue row; leaving them out halves the work of
# loading a page of the queue.
OFFER_TEXTS = tuple(
    f"offer__{name}{suffix}"
    for name in ("summary", "easy_read", "description", "eligibility", "how_to_apply")
    for suffix in ("", "_nn")
) + ("offer__search_title", "offer__search_document")


def _wanted_choices() -> Prefetch:
    return Prefetch(
        "case__application__choices",
        queryset=Choice.objects.select_related("offer__kind", "offer__organization").defer(*OFFER_TEXTS),
    )


def queue(user, wanted: QueueFilter, *, now: datetime.datetime | None = None) -> QuerySet[CasePart]:
    """The case parts at the user's offices, filtered and sorted; each row carries its case,
    applicant, municipality, office, caseworker and chosen offers (see `wanted_offers`)."""
    now = now or timezone.now()
    parts = CasePart.objects.filter(office__in=handler_offices(user))
    if wanted.status == OPEN_FILTER:
        parts = parts.filter(status__in=AWAITING_DECISION)
    elif wanted.status and wanted.status != ALL_FILTER:
        parts = parts.filter(status=wanted.status)
    if wanted.kind:
        parts = parts.filter(
            Exists(
                Choice.objects.filter(
                    application=OuterRef("case__application"),
                    route=OuterRef("route"),
                    offer__kind__code=wanted.kind,
                )
            )
        )
    if wanted.municipality:
        parts = parts.filter(case__municipality__number=wanted.municipality)
    if wanted.school:
        parts = parts.filter(case__application__shared_with_school_id=wanted.school)
    if wanted.round_year:
        parts = parts.filter(round_year=wanted.round_year)
    if wanted.min_age_days:
        parts = parts.filter(received_at__lte=now - datetime.timedelta(days=wanted.min_age_days))
    if wanted.assigned == ASSIGNED_TO_ME:
        parts = parts.filter(assigned_to=user)
    elif wanted.assigned == UNASSIGNED:
        parts = parts.filter(assigned_to__isnull=True)
    # Lean on purpose: the page is picked from case parts alone (the (office, status,
    # received_at) index and a small sort); `with_details` then loads what a row shows for the
    # 25 parts on the page. Joining everything first made PostgreSQL join every open part at an
    # office (tens of thousands) before taking the page.
    return parts.order_by(*SORTS.get(wanted.sort, SORTS["eldst"]))


def with_details(parts) -> list[CasePart]:
    """The given parts (a page of the queue), in the same order, with case, applicant,
    municipality, office, caseworker and chosen offers loaded in three queries."""
    ids = [part.pk for part in parts]
    loaded = (
        CasePart.objects.filter(pk__in=ids)
        .select_related("case__applicant", "case__municipality", "case__application", "office", "assigned_to")
        .defer("case__application__answers")
        .prefetch_related(_wanted_choices())
    )
    by_id = {part.pk: part for part in loaded}
    return [by_id[pk] for pk in ids if pk in by_id]


def wanted_offers(part: CasePart) -> list[Choice]:
    """The offers applied for that this part decides, from the prefetched choices."""
    return [choice for choice in part.case.application.choices.all() if choice.route == part.route]


@dataclass
class QueueOptions:
    kinds: list[OfferKind]
    municipalities: list[Municipality]
    schools: list[Organisation]
    rounds: list[int]


def queue_options(user) -> QueueOptions:
    """What the queue's filters offer: kinds one applies for, the offices' municipalities and
    schools, and the rounds the offices have cases in."""
    offices = handler_offices(user)
    served = Municipality.objects.filter(organisations__in=offices).distinct()
    return QueueOptions(
        kinds=list(OfferKind.objects.filter(default_intake_route__in=Route.values)),
        municipalities=list(served),
        schools=list(
            Organisation.objects.filter(kind=OrganisationKind.SCHOOL, municipalities__in=served).distinct()
        ),
        rounds=sorted(
            set(
                CasePart.objects.filter(office__in=offices, round_year__isnull=False).values_list(
                    "round_year", flat=True
                )
            ),
            reverse=True,
        ),
    )


# --- the case page ------------------------------------------------------------------------------


def case_for_staff(case_id) -> Case | None:
    return (
        Case.objects.select_related("applicant", "municipality", "application__shared_with_school")
        .filter(pk=case_id)
        .first()
    )


def case_parts(case: Case) -> list[CasePart]:
    """The case's parts with their offices, caseworkers, clarifications and chosen offers."""
    choices = list(case.application.choices.select_related("offer__kind", "offer__organization"))
    parts = list(
        case.parts.select_related("office", "assigned_to")
        .prefetch_related(
            Prefetch("clarifications", queryset=Clarification.objects.select_related("provider", "offer"))
        )
        .order_by("route")
    )
    for part in parts:
        part.wanted = [choice for choice in choices if choice.route == part.route]
    return parts


def case_history(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("part").order_by("-at", "-id")


def staff_moves(part: CasePart) -> list[str]:
    """The statuses a caseworker may move the part to by hand from where it is now: the
    caseworker's own moves, and withdrawn on the applicant's word from any open state."""
    allowed = TRANSITIONS.get(part.status, frozenset())
    return [
        s for s in PartStatus.values if s in allowed and (s in CASEWORKER_MOVES or s == PartStatus.WITHDRAWN)
    ]


def colleagues(part: CasePart) -> QuerySet:
    """Staff who may handle the part: the caseworkers (or NAV counsellors) at its office."""
    handlers = StaffRole.objects.filter(
        organisation_id=part.office_id, role=HANDLER_ROLE[part.route], user__is_active=True
    ).values("user")
    return get_user_model().objects.filter(pk__in=handlers).order_by("first_name", "last_name", "username")


def bookable_providers(case: Case) -> QuerySet[Organisation]:
    """Providers serving the case's municipality, where a visit or trial can be booked."""
    return Organisation.objects.filter(
        kind=OrganisationKind.PROVIDER, municipalities=case.municipality_id
    ).order_by("name")


# --- the coordination meetings ------------------------------------------------------------------

# Step one settles activity (day activity); step two settles adapted work, with NAV.
STEP_AREAS = {1: Area.ACTIVITY, 2: Area.WORK}


@dataclass
class CoordinationRow:
    case: Case
    parts: list[CasePart] = field(default_factory=list)


def coordination(user, step: int) -> list[CoordinationRow]:
    """Applicants to discuss at the step's meeting: cases the user's offices may see with a part
    under clarification or ready for decision that applies for an offer in the step's area.
    Both offices' parts are listed; each part carries `wanted` (its offers in that area)."""
    area = STEP_AREAS[step]
    parts = (
        CasePart.objects.filter(case__in=readable_cases(user), status__in=IN_COORDINATION)
        .filter(
            Exists(
                Choice.objects.filter(
                    application=OuterRef("case__application"), route=OuterRef("route"), offer__area=area
                )
            )
        )
        .select_related(
            "case__applicant",
            "case__municipality",
            "case__application__shared_with_school",
            "office",
            "assigned_to",
        )
        .prefetch_related(
            _wanted_choices(),
            Prefetch("clarifications", queryset=Clarification.objects.select_related("provider")),
        )
        .order_by("case__created_at", "case_id", "route")
    )
    rows: dict = {}
    for part in parts:
        part.wanted = [c for c in wanted_offers(part) if c.offer.area == area]
        rows.setdefault(part.case_id, CoordinationRow(case=part.case)).parts.append(part)
    return list(rows.values())


# --- the office overview ------------------------------------------------------------------------


@dataclass
class WeekRow:
    monday: datetime.date
    week: int
    without_answer: int | None  # None: the week has not come yet


@dataclass
class Overview:
    office: Organisation
    year: int
    deadline: datetime.date
    answer_by: datetime.date
    total: int
    statuses: list[tuple[str, str]]
    by_kind: list[tuple[str, list[int], int]]
    status_totals: list[int]
    decided: int
    median_days: float | None
    p90_days: int | None
    without_answer_now: int
    weeks: list[WeekRow]


def percentile(values: list[int], share: float) -> int | None:
    """The nearest-rank percentile: the smallest value with at least `share` of values at or
    below it (so the 90th percentile of ten cases is the ninth slowest)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)), 1) - 1]


def round_of(office: Organisation, year: int) -> rounds.Round:
    municipality = office.municipalities.order_by("number").first()
    return rounds.round_for(municipality, datetime.date(year, 1, 1))


def current_round_year(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return rounds.round_for(None, today).year


def _round_parts(office: Organisation, year: int) -> QuerySet[CasePart]:
    """The office's parts in the round: municipal parts by their round, NAV's rolling intake by
    the round's period (1 August the year before to 31 July)."""
    tz = timezone.get_current_timezone()
    starts = datetime.datetime(year - 1, *rounds.ROUND_OPENS, tzinfo=tz)
    ends = datetime.datetime(year, *rounds.ROUND_OPENS, tzinfo=tz)
    return CasePart.objects.filter(office=office).filter(
        Q(round_year=year) | Q(round_year__isnull=True, received_at__gte=starts, received_at__lt=ends)
    )


def overview(office: Organisation, year: int, *, now: datetime.datetime | None = None) -> Overview:
    """The round's parts by kind and status, days from submission to decision (median and 90th
    percentile), and how many were without an answer at the end of each week from the deadline
    (or this week, if earlier) to the target date. One query for the parts.

    A part withdrawn before any decision no longer waits for an answer; as its withdrawal date is
    not on the part, it is left out of the weekly counts altogether.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    intake_round = round_of(office, year)
    first_kind = Choice.objects.filter(
        application=OuterRef("case__application"), route=OuterRef("route")
    ).order_by("preference")
    rows = list(
        _round_parts(office, year)
        .annotate(kind_code=Subquery(first_kind.values("offer__kind__code")[:1]))
        .values_list("status", "kind_code", "received_at", "decided_at")
    )
    kinds = {kind.code: kind.local_name for kind in OfferKind.objects.all()}
    counts: dict[str, Counter] = defaultdict(Counter)
    for status, kind_code, _received, _decided in rows:
        counts[kind_code][status] += 1
    present = {status for status, _kind, _received, _decided in rows}
    statuses = [(value, label) for value, label in PartStatus.choices if value in present]
    by_kind = sorted(
        (
            (kinds.get(code, "–"), [counter[s] for s, _label in statuses], sum(counter.values()))
            for code, counter in counts.items()
        ),
        key=lambda row: row[0],
    )
    status_totals = [sum(row[1][i] for row in by_kind) for i in range(len(statuses))]

    days = [
        (timezone.localdate(decided) - timezone.localdate(received)).days
        for _status, _kind, received, decided in rows
        if decided is not None
    ]
    waiting = [
        (received, decided)
        for status, _kind, received, decided in rows
        if not (decided is None and status == PartStatus.WITHDRAWN)
    ]

    def without_answer_at(moment: datetime.datetime) -> int:
        return sum(
            1 for received, decided in waiting if received <= moment and (decided is None or decided > moment)
        )

    weeks = []
    first = min(intake_round.deadline, today)
    monday = first - datetime.timedelta(days=first.weekday())
    tz = timezone.get_current_timezone()
    while monday <= intake_round.answer_by:
        next_monday = monday + datetime.timedelta(days=7)
        week_end = datetime.datetime.combine(next_monday, datetime.time.min, tzinfo=tz)
        count = None
        if monday <= today:
            count = without_answer_at(min(week_end, now))
        weeks.append(WeekRow(monday=monday, week=monday.isocalendar().week, without_answer=count))
        monday = next_monday

    return Overview(
        office=office,
        year=year,
        deadline=intake_round.deadline,
        answer_by=intake_round.answer_by,
        total=len(rows),
        statuses=statuses,
        by_kind=by_kind,
        status_totals=status_totals,
        decided=len(days),
        median_days=statistics.median(days) if days else None,
        p90_days=percentile(days, 0.9),
        without_answer_now=without_answer_at(now),
        weeks=weeks,
    )


# --- the provider's view ------------------------------------------------------------------------


def clarifications_for_provider(user) -> QuerySet[Clarification]:
    """Visits and trials booked at the user's providers: the applicant's name and the booking,
    nothing else of the case."""
    return (
        Clarification.objects.filter(provider__in=organisations_of(user, StaffRoleKind.PROVIDER_STAFF))
        .select_related("part__case__applicant", "provider", "offer")
        .order_by("starts_on", "created_at")
    )
