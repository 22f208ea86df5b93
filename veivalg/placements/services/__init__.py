"""Everything that changes placements, one module per aggregate: `placements` (place, a move,
change, confirm), `capacity`, `waiting_lists`, `wishes`, `meetings`; their errors in `errors`.
Views call these and never save models. Reads used in several places are in `selectors.py`.

The names below are re-exported so `from veivalg.placements import services; services.place(...)`
keeps working for callers elsewhere (demo, stats, benchmarks); new code imports the module.
"""

from ..selectors import (
    capacity_on,
    default_meeting_dates,
    home_municipality,
    occupancy_summary,
    replaced_by_change,
    week_total,
)
from .capacity import ReservationInput, set_capacity
from .errors import (
    AlreadyPlanned,
    MeetingClosed,
    NotAllowed,
    OutcomeConflict,
    OverCapacity,
    PlacementError,
    ReservedTooMany,
    StaleVersion,
    WeekOverfull,
)
from .meetings import (
    build_agenda,
    close_meeting,
    plan_meeting,
    plan_meetings,
    record_item_outcome,
    record_outcome,
)
from .placements import change_placement, confirm_placement, end_for_move, place
from .waiting_lists import add_to_waiting_list, leave_waiting_list, place_from_waiting_list, set_priority
from .wishes import register_wish, withdraw_wish

__all__ = [
    "AlreadyPlanned",
    "MeetingClosed",
    "NotAllowed",
    "OutcomeConflict",
    "OverCapacity",
    "PlacementError",
    "ReservationInput",
    "ReservedTooMany",
    "StaleVersion",
    "WeekOverfull",
    "add_to_waiting_list",
    "build_agenda",
    "capacity_on",
    "change_placement",
    "close_meeting",
    "confirm_placement",
    "default_meeting_dates",
    "end_for_move",
    "home_municipality",
    "leave_waiting_list",
    "occupancy_summary",
    "place",
    "place_from_waiting_list",
    "plan_meeting",
    "plan_meetings",
    "record_item_outcome",
    "record_outcome",
    "register_wish",
    "replaced_by_change",
    "set_capacity",
    "set_priority",
    "week_total",
    "withdraw_wish",
]
