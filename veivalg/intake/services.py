"""Everything that changes an application or a case. Views call these and never save models.

Each state change is one named function: it runs in a transaction, locks the row, checks the
current state (and the version the user saw, so a second tab cannot overwrite), saves with
`update_fields`, writes a `CaseEvent`, writes the access log when staff change a person's case,
and sends notifications after commit.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from veivalg.accounts.models import OrganisationKind, Person, StaffRoleKind
from veivalg.accounts.services import organisations_of
from veivalg.audit.models import AccessLogEntry
from veivalg.audit.services import actor_name, log_staff_access
from veivalg.core.tasks import enqueue_with_change
from veivalg.directory.models import Offer

from . import rounds
from .models import (
    REFERENCE_ALPHABET,
    Application,
    ApplicationStatus,
    Case,
    CaseEvent,
    CasePart,
    Choice,
    Clarification,
    Decision,
    Route,
)
from .states import APPLICANT_ANSWERS, CASEWORKER_MOVES, DECISION_OUTCOMES, OPEN, PartStatus, can_move

OFFICE_KIND = {Route.VEDTAK: OrganisationKind.ALLOCATION_OFFICE, Route.NAV: OrganisationKind.NAV_OFFICE}
HANDLER_ROLE = {Route.VEDTAK: StaffRoleKind.CASEWORKER, Route.NAV: StaffRoleKind.NAV_COUNSELLOR}
MAX_CHOICES = 3


class IntakeError(Exception):
    """A domain rule said no; `message` is for the user (already translated by the caller)."""

    code = "intake_error"


class StaleVersion(IntakeError):
    code = "stale"


class NotAllowed(IntakeError):
    code = "not_allowed"


class NoOffice(IntakeError):
    code = "no_office"


class OfferClosed(IntakeError):
    code = "offer_closed"

    def __init__(self, offers):
        super().__init__(offers)
        self.offers = offers


class Incomplete(IntakeError):
    code = "incomplete"

    def __init__(self, steps):
        super().__init__(steps)
        self.steps = steps


# --- who is acting ------------------------------------------------------------------------------


def _log_staff_change(user, person: Person, what: str) -> None:
    log_staff_access(user=user, person=person, what=what, action=AccessLogEntry.Action.CHANGE)


# --- applying -----------------------------------------------------------------------------------


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


def start_application(*, applicant: Person, started_by: Person, easy_read: bool = False) -> Application:
    return Application.objects.create(applicant=applicant, started_by=started_by, easy_read=easy_read)


@transaction.atomic
def save_answers(*, application: Application, step: str, answers: dict, version: int) -> Application:
    """Store one step's answers in the draft. Refused if someone saved a newer copy meanwhile."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        raise NotAllowed("submitted")
    if locked.version != version:
        raise StaleVersion
    locked.answers = {**locked.answers, step: answers}
    locked.version = F("version") + 1
    locked.updated_at = timezone.now()
    fields = ["answers", "version", "updated_at"]
    if step == "kommune":
        from veivalg.places.models import Municipality

        locked.municipality = Municipality.objects.get(number=answers["municipality"])
        fields.append("municipality")
    locked.save(update_fields=fields)
    locked.refresh_from_db(fields=["version"])
    return locked


@transaction.atomic
def set_choices(
    *, application: Application, offers: list[Offer], days: dict | None = None, version: int
) -> Application:
    """Replace what is applied for, in order of preference (the first is the most wanted)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        raise NotAllowed("submitted")
    if locked.version != version:
        raise StaleVersion
    if not offers or len(offers) > MAX_CHOICES:
        raise NotAllowed("choices")
    days = days or {}
    locked.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(
            application=locked,
            preference=number,
            offer=offer,
            route=offer.intake_route,
            days_per_week=days.get(str(offer.pk)),
        )
        for number, offer in enumerate(offers, start=1)
    )
    Application.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    locked.refresh_from_db(fields=["version", "updated_at"])
    return locked


def _new_reference() -> str:
    while True:
        reference = "S-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Application.objects.filter(reference=reference).exists():
            return reference


def office_for(municipality, route: str):
    """The allocation office or NAV office serving the municipality."""
    from veivalg.accounts.models import Organisation

    office = (
        Organisation.objects.filter(kind=OFFICE_KIND[route], municipalities=municipality)
        .order_by("name")
        .first()
    )
    if office is None:
        raise NoOffice(route)
    return office


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


@transaction.atomic
def submit_application(*, application: Application, by: Person, missing_steps: list[str]) -> Case:
    """Submit the draft: one case, one part per deciding office, a receipt and a PDF copy.

    Submitting twice (a double click, a second tab) returns the same case, never a second one.
    `missing_steps` is what the form layer found unanswered; it must be empty.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_draft:
        return locked.case
    if missing_steps:
        raise Incomplete(missing_steps)
    if not locked.choices.exists():
        raise Incomplete(["tilbud"])
    closed = closed_choices(locked)
    if closed:
        raise OfferClosed(closed)
    municipality = locked.municipality
    routes = sorted(set(locked.choices.values_list("route", flat=True)))
    offices = {route: office_for(municipality, route) for route in routes}

    now = timezone.now()
    today = timezone.localdate(now)
    intake_round = rounds.round_for(municipality, today)
    moving_in = bool(locked.answer("kommune", "moving_in"))
    late = Route.VEDTAK in routes and intake_round.is_late(today) and not moving_in

    locked.reference = _new_reference()
    locked.status = ApplicationStatus.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = by
    locked.is_late = late
    locked.round_year = intake_round.year if Route.VEDTAK in routes else None
    locked.version = F("version") + 1
    locked.save(
        update_fields=[
            "reference",
            "status",
            "submitted_at",
            "submitted_by",
            "is_late",
            "round_year",
            "version",
        ]
    )
    case = Case.objects.create(
        application=locked, applicant=locked.applicant, municipality=municipality, created_at=now
    )
    for route, office in offices.items():
        if route == Route.VEDTAK:
            due = max(
                intake_round.answer_by, today + datetime.timedelta(days=settings.INTAKE_NAV_ANSWER_DAYS)
            )
            part = CasePart.objects.create(
                case=case,
                route=route,
                office=office,
                received_at=now,
                answer_due=due,
                is_late=late,
                round_year=intake_round.year,
            )
        else:
            part = CasePart.objects.create(
                case=case,
                route=route,
                office=office,
                received_at=now,
                answer_due=rounds.nav_answer_due(today),
            )
        CaseEvent.objects.create(
            case=case,
            part=part,
            kind=CaseEvent.Kind.SUBMITTED,
            at=now,
            actor_name=by.name,
            to_status=PartStatus.RECEIVED,
        )
    from .tasks import make_application_pdf, send_receipt

    enqueue_with_change(send_receipt, str(locked.pk))
    enqueue_with_change(make_application_pdf, str(locked.pk))
    return case


@transaction.atomic
def open_change_case(*, person: Person, offer: Offer, municipality, reason: str, by) -> Case:
    """A new case started by the office (a flow meeting's outcome, «endring»): submitted at once,
    routed like an application, and handled through the same parts and decisions."""
    route = offer.intake_route
    if route not in Route.values:
        raise NotAllowed("route")
    office = office_for(municipality, route)
    now = timezone.now()
    # How to reach the person (for the notice e-mail) comes from their latest application.
    answers = {"endring": {"reason": reason}}
    earlier = Application.objects.filter(applicant=person, status=ApplicationStatus.SUBMITTED)
    for latest in earlier.order_by("-submitted_at")[:10]:
        if latest.answer("kontakt", "email"):
            answers["kontakt"] = latest.answers["kontakt"]
            break
    application = Application.objects.create(
        applicant=person,
        prepared_by=by,
        municipality=municipality,
        status=ApplicationStatus.SUBMITTED,
        answers=answers,
        reference=_new_reference(),
        submitted_at=now,
    )
    Choice.objects.create(application=application, preference=1, offer=offer, route=route)
    case = Case.objects.create(
        application=application, applicant=person, municipality=municipality, created_at=now
    )
    part = CasePart.objects.create(
        case=case,
        route=route,
        office=office,
        received_at=now,
        answer_due=rounds.nav_answer_due(timezone.localdate(now)),
    )
    CaseEvent.objects.create(
        case=case,
        part=part,
        kind=CaseEvent.Kind.SUBMITTED,
        at=now,
        actor_user=by,
        actor_name=actor_name(by),
        to_status=PartStatus.RECEIVED,
        text=reason,
    )
    _log_staff_change(by, person, f"ny sak {application.reference} (endring)")
    return case


# --- case handling ------------------------------------------------------------------------------


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


def _lock_part(part: CasePart, version: int | None) -> CasePart:
    locked = (
        CasePart.objects.select_for_update(of=("self",)).select_related("case__applicant").get(pk=part.pk)
    )
    if version is not None and locked.version != version:
        raise StaleVersion
    return locked


def _move(
    locked: CasePart, target: str, *, user=None, person: Person | None = None, why: str = "", when=None
) -> CaseEvent:
    if not can_move(locked.status, target):
        raise NotAllowed(f"{locked.status}->{target}")
    when = when or timezone.now()
    previous = locked.status
    locked.status = target
    locked.version = F("version") + 1
    fields = ["status", "version"]
    if target in DECISION_OUTCOMES and locked.decided_at is None:
        locked.decided_at = when
        fields.append("decided_at")
    locked.save(update_fields=fields)
    locked.refresh_from_db(fields=["version"])
    return CaseEvent.objects.create(
        case_id=locked.case_id,
        part=locked,
        kind=CaseEvent.Kind.TRANSITION,
        at=when,
        actor_user=user,
        actor_name=person.name if person is not None else actor_name(user),
        from_status=previous,
        to_status=target,
        text=why,
    )


@transaction.atomic
def move_part(*, part: CasePart, to: str, by, why: str = "", version: int | None = None) -> CasePart:
    """A caseworker moves a part on by hand (to clarification, ready for decision, started)."""
    if to not in CASEWORKER_MOVES:
        raise NotAllowed(to)
    locked = _lock_part(part, version)
    _move(locked, to, user=by, why=why)
    _log_staff_change(by, locked.case.applicant, f"sak {locked.case.reference}: status")
    return locked


@transaction.atomic
def assign_part(*, part: CasePart, to_user, by, version: int | None = None) -> CasePart:
    locked = _lock_part(part, version)
    if to_user is not None and not may_handle(to_user, locked):
        raise NotAllowed("assignee")
    locked.assigned_to = to_user
    locked.version = F("version") + 1
    locked.save(update_fields=["assigned_to", "version"])
    locked.refresh_from_db(fields=["version"])
    CaseEvent.objects.create(
        case_id=locked.case_id,
        part=locked,
        kind=CaseEvent.Kind.ASSIGNED,
        actor_user=by,
        actor_name=actor_name(by),
        text=actor_name(to_user) if to_user else "",
        internal=True,
    )
    return locked


def add_note(*, part: CasePart, text: str, by) -> CaseEvent:
    """An internal note; both offices on the case see it, the applicant does not."""
    return CaseEvent.objects.create(
        case_id=part.case_id,
        part=part,
        kind=CaseEvent.Kind.NOTE,
        actor_user=by,
        actor_name=actor_name(by),
        text=text,
        internal=True,
    )


@transaction.atomic
def book_clarification(
    *,
    part: CasePart,
    kind: str,
    provider,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    offer: Offer | None = None,
    note: str = "",
    by,
) -> Clarification:
    """Book a visit or trial period at a provider; a part just received moves to clarification."""
    locked = _lock_part(part, None)
    if locked.status not in (PartStatus.RECEIVED, PartStatus.CLARIFICATION, PartStatus.READY):
        raise NotAllowed(locked.status)
    if provider.kind != OrganisationKind.PROVIDER:
        raise NotAllowed("provider")
    clarification = Clarification.objects.create(
        part=locked,
        kind=kind,
        provider=provider,
        offer=offer,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        booked_by=by,
    )
    if locked.status != PartStatus.CLARIFICATION:
        _move(locked, PartStatus.CLARIFICATION, user=by, why=clarification.get_kind_display())
    CaseEvent.objects.create(
        case_id=locked.case_id,
        part=locked,
        kind=CaseEvent.Kind.CLARIFICATION,
        actor_user=by,
        actor_name=actor_name(by),
        text=f"{clarification.get_kind_display()} {provider.name} {starts_on:%d.%m.%Y}",
    )
    _log_staff_change(by, locked.case.applicant, f"sak {locked.case.reference}: avklaring")
    return clarification


@transaction.atomic
def confirm_clarification(*, clarification: Clarification, by) -> Clarification:
    locked = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if locked.status != Clarification.Status.REQUESTED:
        raise NotAllowed(locked.status)
    locked.status = Clarification.Status.CONFIRMED
    locked.save(update_fields=["status"])
    CaseEvent.objects.create(
        case_id=locked.part.case_id,
        part=locked.part,
        kind=CaseEvent.Kind.CLARIFICATION,
        actor_user=by,
        actor_name=actor_name(by),
        text=f"{locked.get_kind_display()}: {locked.get_status_display()}",
    )
    return locked


@transaction.atomic
def report_clarification(*, clarification: Clarification, outcome: str, by) -> Clarification:
    """The provider reports how the visit or trial went; the office reads it on the case."""
    locked = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if locked.status not in (Clarification.Status.REQUESTED, Clarification.Status.CONFIRMED):
        raise NotAllowed(locked.status)
    locked.status = Clarification.Status.DONE
    locked.outcome = outcome
    locked.save(update_fields=["status", "outcome"])
    CaseEvent.objects.create(
        case_id=locked.part.case_id,
        part=locked.part,
        kind=CaseEvent.Kind.CLARIFICATION,
        actor_user=by,
        actor_name=actor_name(by),
        text=outcome,
        internal=True,
    )
    _log_staff_change(by, locked.part.case.applicant, f"sak {locked.part.case.reference}: avklaring")
    return locked


@transaction.atomic
def decide(
    *,
    part: CasePart,
    outcome: str,
    by,
    reasons: str,
    legal_basis: str,
    language: str = "nb",
    offer: Offer | None = None,
    start_date: datetime.date | None = None,
    days_per_week: int | None = None,
    version: int | None = None,
) -> Decision:
    """Make the vedtak or tilsagn; the letter is made and the applicant told by the worker."""
    if outcome not in DECISION_OUTCOMES:
        raise NotAllowed(outcome)
    if outcome == PartStatus.GRANTED and (offer is None or start_date is None):
        raise NotAllowed("granted_needs_offer")
    locked = _lock_part(part, version)
    now = timezone.now()
    _move(locked, outcome, user=by, why=reasons, when=now)
    decision = Decision.objects.create(
        part=locked,
        outcome=outcome,
        offer=offer,
        start_date=start_date,
        days_per_week=days_per_week,
        reasons=reasons,
        legal_basis=legal_basis,
        language=language,
        decided_by=by,
        decided_at=now,
        complaint_deadline=timezone.localdate(now) + datetime.timedelta(days=settings.INTAKE_COMPLAINT_DAYS),
    )
    CaseEvent.objects.create(
        case_id=locked.case_id,
        part=locked,
        kind=CaseEvent.Kind.DECISION,
        at=now,
        actor_user=by,
        actor_name=actor_name(by),
        to_status=outcome,
    )
    _log_staff_change(by, locked.case.applicant, f"sak {locked.case.reference}: vedtak")
    from .tasks import make_decision_letter

    enqueue_with_change(make_decision_letter, str(decision.pk))
    return decision


# --- the applicant ------------------------------------------------------------------------------


@transaction.atomic
def answer_offer(*, part: CasePart, accept: bool, by: Person, version: int | None = None) -> CasePart:
    """«Ja takk» or «nei takk» to a granted place."""
    locked = _lock_part(part, version)
    target = PartStatus.ACCEPTED if accept else PartStatus.DECLINED
    assert target in APPLICANT_ANSWERS
    _move(locked, target, person=by)
    return locked


@transaction.atomic
def withdraw_part(*, part: CasePart, by: Person, why: str = "", version: int | None = None) -> CasePart:
    locked = _lock_part(part, version)
    if locked.status not in OPEN:
        raise NotAllowed(locked.status)
    _move(locked, PartStatus.WITHDRAWN, person=by, why=why)
    return locked


def send_message(*, case: Case, text: str, by: Person) -> CaseEvent:
    """A message from the applicant (or someone acting for them) to the offices on the case."""
    return CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.MESSAGE_IN, actor_name=by.name, text=text)


def reply(*, case: Case, part: CasePart, text: str, by) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        part=part,
        kind=CaseEvent.Kind.MESSAGE_OUT,
        actor_user=by,
        actor_name=actor_name(by),
        text=text,
    )
    from .tasks import send_case_notice

    enqueue_with_change(send_case_notice, str(case.pk))
    return event


def in_caseload(user, person: Person) -> bool:
    """The person has a case at one of the user's offices, or a clarification at their provider."""
    offices = handler_offices(user)
    if CasePart.objects.filter(case__applicant=person, office__in=offices).exists():
        return True
    providers = organisations_of(user, StaffRoleKind.PROVIDER_STAFF)
    return Clarification.objects.filter(part__case__applicant=person, provider__in=providers).exists()
