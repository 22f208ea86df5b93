"""The statuses in placements and the moves between them, in one place; views and services use
the named sets here instead of listing statuses themselves.

A wish for change (`ChangeWish.Status`) is registered open, goes on a flow meeting's agenda,
and is handled there (done) or withdrawn by the participant's side while not yet handled. A
flow meeting (`FlowMeeting.Status`) is planned and then closed (no more changes, minutes made).
"""

from __future__ import annotations

from .models import ChangeWish, FlowMeeting

W = ChangeWish.Status
M = FlowMeeting.Status

WISH_TRANSITIONS: dict[str, frozenset[str]] = {
    W.OPEN: frozenset({W.ON_AGENDA, W.WITHDRAWN}),
    W.ON_AGENDA: frozenset({W.DONE, W.WITHDRAWN}),
    W.DONE: frozenset(),
    W.WITHDRAWN: frozenset(),
}
# Not yet handled: shown as open to the participant, may be withdrawn, goes on the next agenda.
OPEN_WISH = frozenset(status for status, targets in WISH_TRANSITIONS.items() if W.WITHDRAWN in targets)

MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    M.PLANNED: frozenset({M.CLOSED}),
    M.HELD: frozenset({M.CLOSED}),
    M.CLOSED: frozenset(),
}
