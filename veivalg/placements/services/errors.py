"""What placements' services refuse, one class per reason; views turn each into a message.
`StaleVersion` and `NotAllowed` are also `core.errors`' shared ones."""

from __future__ import annotations

import datetime
from decimal import Decimal

from veivalg.core import errors


class PlacementError(errors.DomainError):
    code = "placement_error"


class WeekOverfull(PlacementError):
    code = "week_overfull"

    def __init__(self, total: Decimal):
        super().__init__(total)
        self.total = total


class OverCapacity(PlacementError):
    code = "over_capacity"


class StaleVersion(PlacementError, errors.StaleVersion):
    code = "stale"


class MeetingClosed(PlacementError):
    code = "meeting_closed"


class NotAllowed(PlacementError, errors.NotAllowed):
    code = "not_allowed"


class ReservedTooMany(PlacementError):
    code = "reserved_too_many"


class OutcomeConflict(PlacementError):
    """The outcome contradicts the case handling as it is now; `reason` says how."""

    code = "outcome_conflict"

    def __init__(self, reason: str, reference: str = "", status: str = ""):
        super().__init__(reason, reference, status)
        self.reason, self.reference, self.status = reason, reference, status


class AlreadyPlanned(PlacementError):
    code = "already_planned"

    def __init__(self, dates: list[datetime.date]):
        super().__init__(dates)
        self.dates = dates
