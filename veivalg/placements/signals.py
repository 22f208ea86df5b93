"""Decisions in the intake feed waiting lists and placements (the intake does not know us).

- a «waiting list» decision puts the applicant on the list for the offer's kind;
- a granted place takes them off the lists for that kind;
- «ja takk» to a granted place makes the placement from the decision (offer, start, extent).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from veivalg.intake.models import CaseEvent, Decision
from veivalg.intake.states import PartStatus

from . import services
from .models import Placement, WaitingListEntry


@receiver(post_save, sender=Decision, dispatch_uid="placements.decision_made")
def decision_made(sender, instance: Decision, created: bool, **kwargs) -> None:
    if not created:
        return
    if instance.outcome == PartStatus.WAITING_LIST:
        services.add_to_waiting_list(decision=instance)
    elif instance.outcome == PartStatus.GRANTED and instance.offer is not None:
        services.leave_waiting_list(
            person=instance.part.case.applicant,
            kind=instance.offer.kind,
            reason=WaitingListEntry.Reason.GRANTED,
        )
    elif instance.outcome == PartStatus.REFUSED:
        WaitingListEntry.objects.waiting().filter(part=instance.part).update(
            left_on=instance.decided_at.date(), left_reason=WaitingListEntry.Reason.REFUSED
        )


@receiver(post_save, sender=CaseEvent, dispatch_uid="placements.case_moved")
def case_moved(sender, instance: CaseEvent, created: bool, **kwargs) -> None:
    if not created or instance.kind != CaseEvent.Kind.TRANSITION or instance.part_id is None:
        return
    if instance.to_status == PartStatus.WITHDRAWN:
        WaitingListEntry.objects.waiting().filter(part_id=instance.part_id).update(
            left_on=instance.at.date(), left_reason=WaitingListEntry.Reason.WITHDRAWN
        )
    if instance.to_status != PartStatus.ACCEPTED:
        return
    decision = (
        Decision.objects.filter(part_id=instance.part_id, outcome=PartStatus.GRANTED)
        .select_related("part__case", "offer")
        .first()
    )
    if decision is None or Placement.objects.filter(decision=decision).exists():
        return
    # The week may already be full (a combination decided elsewhere): the placement then waits
    # for the caseworker, who sees the conflict on the case; the applicant's answer stands.
    # A decision granted the place, so a full offer is no reason to stop: it is marked over
    # capacity with the decision as the reason, and flagged for the office.
    try:
        with transaction.atomic():
            services.place(
                person=decision.part.case.applicant,
                offer=decision.offer,
                municipality=decision.part.case.municipality,
                starts_on=decision.start_date,
                days_per_week=Decimal(decision.days_per_week or 5),
                decision=decision,
                over_capacity_reason=f"Tildelt i vedtak {decision.part.case.reference}",
            )
    except services.WeekOverfull as full:
        CaseEvent.objects.create(
            case_id=instance.case_id,
            part_id=instance.part_id,
            kind=CaseEvent.Kind.NOTE,
            actor_name="Veivalg",
            internal=True,
            text=f"Plasseringen ble ikke laget: uka blir {full.total} dager. Endre omfanget.",
        )
