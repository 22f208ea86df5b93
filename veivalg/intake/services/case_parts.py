"""Changes to a case part (the piece of a case one office decides) other than decisions and
clarifications: the caseworker's moves, assignment and notes, the applicant's answer to an offer
and withdrawal, and a withdrawal staff record on the applicant's word.

Each runs in a transaction, locks the part, checks the version the user saw and the state table
(`states.py`), saves with `update_fields` and writes a history row (`_history.py`).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from veivalg.accounts.models import Person
from veivalg.audit.services import actor_name

from ..models import CaseEvent, CasePart, Decision
from ..selectors import may_handle
from ..signals import offer_answered, part_withdrawn
from ..states import APPLICANT_ANSWERS, CASEWORKER_MOVES, OPEN, PartStatus
from ._history import lock_part, log_staff_change, move
from .errors import NotAllowed


@transaction.atomic
def move_part(*, part: CasePart, to: str, by, why: str = "", version: int | None = None) -> CasePart:
    """A caseworker moves a part on by hand (to clarification, ready for decision, started)."""
    if to not in CASEWORKER_MOVES:
        raise NotAllowed(to)
    locked = lock_part(part, version)
    move(locked, to, user=by, why=why)
    log_staff_change(by, locked.case.applicant, f"sak {locked.case.reference}: status")
    return locked


@transaction.atomic
def assign_part(*, part: CasePart, to_user, by, version: int | None = None) -> CasePart:
    locked = lock_part(part, version)
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


@transaction.atomic
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
def add_system_note(*, part: CasePart, text: str) -> CaseEvent:
    """An internal note written by Veivalg itself (no staff member), for the caseworker: another
    app telling the office about something it could not do on the case (a placement not made)."""
    return add_note(part=part, text=text, by=None)


@transaction.atomic
def answer_offer(*, part: CasePart, accept: bool, by: Person, version: int | None = None) -> CasePart:
    """«Ja takk» or «nei takk» to a granted place; `offer_answered` tells the apps that act on it
    (placements makes the placement) in the same transaction."""
    locked = lock_part(part, version)
    target = PartStatus.ACCEPTED if accept else PartStatus.DECLINED
    assert target in APPLICANT_ANSWERS
    move(locked, target, person=by)
    decision = (
        Decision.objects.filter(part=locked, outcome=PartStatus.GRANTED)
        .select_related("part__case", "offer")
        .order_by("-decided_at")
        .first()
    )
    offer_answered.send(sender=CasePart, part=locked, decision=decision, accepted=accept)
    return locked


@transaction.atomic
def withdraw_part(*, part: CasePart, by: Person, why: str = "", version: int | None = None) -> CasePart:
    locked = lock_part(part, version)
    if locked.status not in OPEN:
        raise NotAllowed(locked.status)
    event = move(locked, PartStatus.WITHDRAWN, person=by, why=why)
    part_withdrawn.send(sender=CasePart, part=locked, when=event.at)
    return locked


@transaction.atomic
def record_withdrawal(*, part: CasePart, by, why: str, version: int | None = None) -> CasePart:
    """The applicant withdrew this part and told the office; `why` says how and when."""
    if not why.strip():
        raise NotAllowed("why")
    locked = lock_part(part, version)
    if locked.status not in OPEN:
        raise NotAllowed(locked.status)
    event = move(locked, PartStatus.WITHDRAWN, user=by, why=why)
    log_staff_change(by, locked.case.applicant, f"sak {locked.case.reference}: trukket")
    part_withdrawn.send(sender=CasePart, part=locked, when=event.at)
    return locked


def change_status(*, part: CasePart, to: str, by, why: str, version: int | None = None) -> CasePart:
    """Move a part by hand from the case page (the status form on the case page): the caseworker's
    own moves go to `move_part`; «withdrawn» is the applicant's decision, which staff record when
    the applicant or their relative tells the office (by phone, letter or in a meeting)."""
    if to == PartStatus.WITHDRAWN:
        return record_withdrawal(part=part, by=by, why=why, version=version)
    return move_part(part=part, to=to, by=by, why=why, version=version)
