"""Staff set-up. Issue 5 replaces this with full roles; for now editors only."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from veivalg.places.models import Municipality

from .models import EditorAssignment

EDITOR_GROUP = "Redaktør"


@transaction.atomic
def make_editor(*, user, office: str, municipalities: list[Municipality]) -> EditorAssignment:
    """Let a staff user edit the directory data of the given municipalities, shown as `office`."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    assignment, _ = EditorAssignment.objects.update_or_create(user=user, defaults={"office": office})
    assignment.municipalities.set(municipalities)
    return assignment
