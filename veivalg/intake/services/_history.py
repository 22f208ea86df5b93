"""What every change to a case part shares (private to the services package): lock the row and
check the version the user saw, move the status by the one table in `states.py` with a history
row, and write the applicant's access log when staff change their case."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from veivalg.accounts.models import Person
from veivalg.audit.models import AccessLogEntry
from veivalg.audit.services import actor_name, log_staff_access

from ..models import CaseEvent, CasePart
from ..states import DECISION_OUTCOMES, can_move
from .errors import NotAllowed, StaleVersion


def log_staff_change(user, person: Person, what: str) -> None:
    log_staff_access(user=user, person=person, what=what, action=AccessLogEntry.Action.CHANGE)


def lock_part(part: CasePart, version: int | None) -> CasePart:
    """The part, locked for this transaction; StaleVersion if it changed since `version`."""
    locked = (
        CasePart.objects.select_for_update(of=("self",)).select_related("case__applicant").get(pk=part.pk)
    )
    if version is not None and locked.version != version:
        raise StaleVersion
    return locked


def move(
    locked: CasePart, target: str, *, user=None, person: Person | None = None, why: str = "", when=None
) -> CaseEvent:
    """Move a locked part to `target` if the state table allows it, and write the history row
    (who: a staff `user` or the applicant's side `person`)."""
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
