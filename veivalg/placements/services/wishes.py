"""Wishes for change (ønske om endring): registered by the participant, a relative or staff, and
withdrawn by the participant's side while not yet handled."""

from __future__ import annotations

from veivalg.accounts.models import Person

from ..models import ChangeWish, Placement
from ..states import OPEN_WISH
from ._audit import log_change
from .errors import NotAllowed


def register_wish(
    *,
    person: Person,
    kind: str,
    reason: str,
    placement: Placement | None = None,
    goals: str = "",
    by_person: Person | None = None,
    by_user=None,
) -> ChangeWish:
    if placement is not None and placement.person_id != person.pk:
        raise NotAllowed("placement")
    wish = ChangeWish.objects.create(
        person=person,
        kind=kind,
        reason=reason,
        placement=placement,
        goals=goals,
        registered_by_person=by_person,
        registered_by_user=by_user,
    )
    if by_user is not None:
        log_change(by_user, person, "ønske om endring")
    return wish


def withdraw_wish(*, wish: ChangeWish, by: Person) -> ChangeWish:
    if wish.status not in OPEN_WISH:
        raise NotAllowed(wish.status)
    ChangeWish.objects.filter(pk=wish.pk).update(status=ChangeWish.Status.WITHDRAWN)
    wish.refresh_from_db()
    return wish
