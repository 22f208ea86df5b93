"""The state machine of a case part: one table of allowed transitions.

A case part is the piece of an applicant's case one office decides: the allocation office's
vedtak (municipal places) or NAV's tilsagn (VTA, VTO, AFT). The `services` package is the only
code that changes a status, and it asks `can_move()` first. Views, forms and selectors take their
sets of statuses from here and never list statuses of their own.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartStatus(models.TextChoices):
    RECEIVED = "received", _("mottatt")
    CLARIFICATION = "clarification", _("under avklaring")
    READY = "ready", _("klar for vedtak")
    GRANTED = "granted", _("innvilget")
    REFUSED = "refused", _("avslått")
    WAITING_LIST = "waiting_list", _("på venteliste")
    ACCEPTED = "accepted", _("takket ja")
    DECLINED = "declined", _("takket nei")
    STARTED = "started", _("startet")
    WITHDRAWN = "withdrawn", _("trukket")


S = PartStatus

# from → the statuses it may move to. Withdrawn is reachable from every open state.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.CLARIFICATION, S.READY, S.WITHDRAWN}),
    S.CLARIFICATION: frozenset({S.READY, S.WITHDRAWN}),
    S.READY: frozenset({S.CLARIFICATION, S.GRANTED, S.REFUSED, S.WAITING_LIST, S.WITHDRAWN}),
    S.WAITING_LIST: frozenset({S.GRANTED, S.REFUSED, S.WITHDRAWN}),
    S.GRANTED: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.STARTED, S.WITHDRAWN}),
    S.REFUSED: frozenset(),
    S.DECLINED: frozenset(),
    S.STARTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# Statuses a caseworker sets by hand; the rest follow from a decision or the applicant's answer.
CASEWORKER_MOVES = frozenset({S.CLARIFICATION, S.READY, S.STARTED})
DECISION_OUTCOMES = frozenset({S.GRANTED, S.REFUSED, S.WAITING_LIST})
APPLICANT_ANSWERS = frozenset({S.ACCEPTED, S.DECLINED})
OPEN = frozenset(status for status, targets in TRANSITIONS.items() if S.WITHDRAWN in targets)
CLOSED = frozenset(TRANSITIONS) - OPEN
# Still waiting for a decision (the office's own queue counts these as "uten svar").
AWAITING_DECISION = frozenset({S.RECEIVED, S.CLARIFICATION, S.READY})
# A visit or trial period can be booked until the part is decided.
BOOKABLE = AWAITING_DECISION
# A decision can be made from these (a decision outcome is one of their moves).
DECIDABLE = frozenset(status for status, targets in TRANSITIONS.items() if targets & DECISION_OUTCOMES)
# Discussed at the coordination meetings: being looked into, or ready for decision.
IN_COORDINATION = frozenset({S.CLARIFICATION, S.READY})


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
