"""Who may see an event's participants: superusers, and editors of the event's municipality."""

from __future__ import annotations

import rules

from veivalg.directory.rules import editable_municipality_ids


@rules.predicate
def organises_event(user, event) -> bool:
    if event is None:
        return False
    allowed = editable_municipality_ids(user)
    return allowed is None or event.municipality_id in allowed


rules.add_rule("events.view_participants", organises_event)
