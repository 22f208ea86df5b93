"""The access-log entry every staff change to a person's placement data writes (private to the
services package)."""

from __future__ import annotations

from veivalg.accounts.models import Person
from veivalg.audit.models import AccessLogEntry
from veivalg.audit.services import log_staff_access


def log_change(user, person: Person, what: str, action: str = AccessLogEntry.Action.CHANGE) -> None:
    log_staff_access(user=user, person=person, what=what, action=action)
