"""Clarifications (avklaring): a visit or trial period booked at a provider while a part is
being looked into; the provider confirms it and reports how it went."""

from __future__ import annotations

import datetime

from django.db import transaction

from veivalg.accounts.models import OrganisationKind
from veivalg.audit.services import actor_name
from veivalg.directory.models import Offer

from ..models import CaseEvent, CasePart, Clarification
from ..states import BOOKABLE, PartStatus
from ._history import lock_part, log_staff_change, move
from .errors import NotAllowed


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
    locked = lock_part(part, None)
    if locked.status not in BOOKABLE:
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
        move(locked, PartStatus.CLARIFICATION, user=by, why=clarification.get_kind_display())
    CaseEvent.objects.create(
        case_id=locked.case_id,
        part=locked,
        kind=CaseEvent.Kind.CLARIFICATION,
        actor_user=by,
        actor_name=actor_name(by),
        text=f"{clarification.get_kind_display()} {provider.name} {starts_on:%d.%m.%Y}",
    )
    log_staff_change(by, locked.case.applicant, f"sak {locked.case.reference}: avklaring")
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
    log_staff_change(by, locked.part.case.applicant, f"sak {locked.part.case.reference}: avklaring")
    return locked
