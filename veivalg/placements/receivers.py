"""What placements does when the intake announces something (intake's named signals, never
`post_save` of intake's models; intake does not know us):

- a «waiting list» decision puts the applicant on the list for the offer's kind;
- a granted place takes them off the lists for that kind; a refusal ends their entry;
- a withdrawn case part ends its waiting-list entry;
- «ja takk» to a granted place makes the placement from the decision (offer, start, extent),
  ending the placement a move replaces (`selectors.replaced_by_change`).

The signals are sent inside the intake's transaction, so these writes are part of the same
action. Making the placement runs in a savepoint of its own: if it fails for any reason the
applicant's answer stays recorded, nothing of the placement is kept, and the caseworker is told
on the case through an intake service (an internal note from Veivalg).
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veivalg.intake.services.case_parts import add_system_note
from veivalg.intake.signals import decision_made, offer_answered, part_withdrawn
from veivalg.intake.states import PartStatus

from . import selectors, services
from .models import Placement, WaitingListEntry

logger = logging.getLogger(__name__)


@receiver(decision_made, dispatch_uid="placements.decision_made")
def on_decision_made(sender, decision, **kwargs) -> None:
    if decision.outcome == PartStatus.WAITING_LIST:
        services.add_to_waiting_list(decision=decision)
    elif decision.outcome == PartStatus.GRANTED and decision.offer is not None:
        services.leave_waiting_list(
            person=decision.part.case.applicant,
            kind=decision.offer.kind,
            reason=WaitingListEntry.Reason.GRANTED,
        )
    elif decision.outcome == PartStatus.REFUSED:
        WaitingListEntry.objects.waiting().filter(part=decision.part).update(
            left_on=timezone.localdate(decision.decided_at), left_reason=WaitingListEntry.Reason.REFUSED
        )


@receiver(part_withdrawn, dispatch_uid="placements.part_withdrawn")
def on_part_withdrawn(sender, part, when, **kwargs) -> None:
    WaitingListEntry.objects.waiting().filter(part=part).update(
        left_on=timezone.localdate(when), left_reason=WaitingListEntry.Reason.WITHDRAWN
    )


@receiver(offer_answered, dispatch_uid="placements.offer_answered")
def on_offer_answered(sender, part, decision, accepted: bool, **kwargs) -> None:
    if not accepted or decision is None or decision.offer is None:
        return
    if Placement.objects.filter(decision=decision).exists():
        return
    # A decision granted the place, so a full offer is no reason to stop: it is marked over
    # capacity with the decision as the reason, and flagged for the office. Anything else that
    # refuses the placement (a week over five days, a move that cannot end the old placement, an
    # error) leaves the applicant's answer standing and tells the caseworker on the case.
    case = decision.part.case
    try:
        with transaction.atomic():
            services.place(
                person=case.applicant,
                offer=decision.offer,
                municipality=case.municipality,
                starts_on=decision.start_date,
                days_per_week=Decimal(decision.days_per_week or 5),
                decision=decision,
                over_capacity_reason=f"Tildelt i vedtak {case.reference}",
                replaces=selectors.replaced_by_change(part),
            )
    except Exception as error:  # noqa: BLE001  (any failure: the answer stands, the office is told)
        logger.warning("placement from decision %s not made: %s", decision.pk, type(error).__name__)
        add_system_note(part=part, text=_not_placed_note(error))


def _not_placed_note(error: Exception) -> str:
    """Why the placement was not made, for the caseworker; in bokmål, the office's language,
    whoever's answer (and language) set it off."""
    with translation.override("nb"):
        if isinstance(error, services.WeekOverfull):
            return _(
                "Plasseringen ble ikke laget: uka blir %(days)s dager. Endre omfanget og lag plasseringen."
            ) % {"days": error.total}
        if isinstance(error, services.NotAllowed) and str(error) == "replaces_later_placement":
            return _(
                "Plasseringen ble ikke laget: plasseringen den erstatter begynner ikke før den nye. "
                "Avslutt den gamle og lag plasseringen."
            )
        return _("Plasseringen ble ikke laget på grunn av en feil. Lag plasseringen for hånd.")
