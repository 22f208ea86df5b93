"""The applicant's view of a case, and the small actions around letters.

`own_case_parts` is what the applicant (or a relative acting for them) sees on /min-side/saker/:
each part's status in plain words, its timeline without internal entries, when an answer is due,
its letters, and which buttons apply. The state changes themselves are in `services.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veivalg.accounts.models import Person

from .models import Case, CaseEvent, CasePart, Decision
from .states import AWAITING_DECISION, OPEN, PartStatus

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


def mark_letter_read(*, decision: Decision, by: Person) -> None:
    """The applicant (or a relative acting for them) opened the letter; the first time counts."""
    if decision.read_by_applicant_at is None:
        now = timezone.now()
        Decision.objects.filter(pk=decision.pk, read_by_applicant_at__isnull=True).update(
            read_by_applicant_at=now
        )
        decision.read_by_applicant_at = now


def cases_for(person: Person):
    """The person's cases for the list on /min-side/soknader/ (intake/case/_case_list.html)."""
    return (
        Case.objects.for_applicant(person)
        .select_related("application")
        .prefetch_related(Prefetch("parts", queryset=CasePart.objects.select_related("office")))
    )
