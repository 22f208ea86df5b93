"""Changes staff make to a case beyond the core services in services.py.

`change_status` is the one entry point for the status form on the case page: the caseworker's
own moves go to `services.move_part`; «withdrawn» is the applicant's decision, which staff record
when the applicant or their relative tells the office (by phone, letter or in a meeting).
"""

from __future__ import annotations

from django.db import transaction

from . import services
from .models import CasePart
from .states import OPEN, PartStatus


@transaction.atomic
def record_withdrawal(*, part: CasePart, by, why: str, version: int | None = None) -> CasePart:
    """The applicant withdrew this part and told the office; `why` says how and when."""
    if not why.strip():
        raise services.NotAllowed("why")
    locked = services._lock_part(part, version)
    if locked.status not in OPEN:
        raise services.NotAllowed(locked.status)
    services._move(locked, PartStatus.WITHDRAWN, user=by, why=why)
    services._log_staff_change(by, locked.case.applicant, f"sak {locked.case.reference}: trukket")
    return locked


def change_status(*, part: CasePart, to: str, by, why: str, version: int | None = None) -> CasePart:
    """Move a part by hand from the case page (see the module docstring)."""
    if to == PartStatus.WITHDRAWN:
        return record_withdrawal(part=part, by=by, why=why, version=version)
    return services.move_part(part=part, to=to, by=by, why=why, version=version)
