"""Decisions: the office's vedtak or tilsagn on a part, and the applicant opening its letter."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from veivalg.accounts.models import Person
from veivalg.audit.services import actor_name
from veivalg.core.tasks import enqueue_with_change
from veivalg.directory.models import Offer

from ..models import CaseEvent, CasePart, Decision
from ..signals import decision_made
from ..states import DECISION_OUTCOMES, PartStatus
from ._history import lock_part, log_staff_change, move
from .errors import NotAllowed


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
    locked = lock_part(part, version)
    now = timezone.now()
    move(locked, outcome, user=by, why=reasons, when=now)
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
    log_staff_change(by, locked.case.applicant, f"sak {locked.case.reference}: vedtak")
    from ..tasks import make_decision_letter

    enqueue_with_change(make_decision_letter, str(decision.pk))
    decision_made.send(sender=Decision, decision=decision)
    return decision


def mark_letter_read(*, decision: Decision, by: Person) -> None:
    """The applicant (or a relative acting for them) opened the letter; the first time counts."""
    if decision.read_by_applicant_at is None:
        now = timezone.now()
        Decision.objects.filter(pk=decision.pk, read_by_applicant_at__isnull=True).update(
            read_by_applicant_at=now
        )
        decision.read_by_applicant_at = now
