"""Object permissions for the directory: an editor edits only their own municipalities' data."""

from __future__ import annotations

import rules


def municipality_of(obj) -> int | None:
    """The municipality that owns an offer, organisation or location (its id)."""
    for attribute in ("owner_municipality_id", "municipality_id"):
        value = getattr(obj, attribute, None)
        if value is not None:
            return value
    offer = getattr(obj, "offer", None)  # an error report belongs to its offer's municipality
    return getattr(offer, "owner_municipality_id", None)


def editable_municipality_ids(user) -> set[int] | None:
    """None means every municipality (superusers); otherwise the set the user is assigned."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    assignment = getattr(user, "editor_assignment", None)
    if assignment is None:
        return set()
    return set(assignment.municipalities.values_list("id", flat=True))


@rules.predicate
def edits_municipality_of(user, obj) -> bool:
    if obj is None:
        return True
    allowed = editable_municipality_ids(user)
    return allowed is None or municipality_of(obj) in allowed


rules.add_rule("directory.edit_in_municipality", edits_municipality_of)
