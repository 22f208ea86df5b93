"""Write the access log, and the rule for opening a record outside one's caseload."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from veivalg.accounts.models import Person

from .models import AccessLogEntry


class ReasonRequired(Exception):
    """Staff must say why before opening a record outside their caseload."""


def log_access(
    *,
    person: Person,
    actor_name: str,
    role: str,
    action: str = AccessLogEntry.Action.READ,
    what: str,
    why: str = "",
    organisation: str = "",
    actor_user=None,
    actor_person: Person | None = None,
    flagged: bool = False,
) -> AccessLogEntry:
    """Record that someone other than the person opened or changed their information."""
    return AccessLogEntry.objects.create(
        person=person,
        actor_user=actor_user,
        actor_person=actor_person,
        actor_name=actor_name[:200],
        role=role[:100],
        organisation=organisation[:200],
        action=action,
        what=what[:200],
        why=why,
        flagged=flagged,
    )


def actor_name(user) -> str:
    """The one name an actor has in a person's access log and case history: their own person's
    name when they have one (relatives, and staff who are also registered as a person), else the
    user's full name, else the user name; «Veivalg» for the system itself."""
    if user is None:
        return "Veivalg"
    person = getattr(user, "person", None)
    if person is not None:
        return person.name
    return user.get_full_name() or user.get_username()


def log_staff_access(
    *, user, person: Person, what: str, action: str = AccessLogEntry.Action.READ, why: str = "", flagged=False
) -> AccessLogEntry:
    """A staff user read or changed the person's information: their role and organisation as
    the person will read them, and their one name."""
    role, organisation = staff_role(user)
    return log_access(
        person=person,
        actor_user=user,
        actor_name=actor_name(user),
        role=role,
        organisation=organisation,
        action=action,
        what=what,
        why=why,
        flagged=flagged,
    )


def log_read(*, user, person: Person, what: str) -> AccessLogEntry | None:
    """A read of `person`'s information by anyone but the person themself: a relative acting
    for them, or staff. The person's own reads are not logged."""
    from veivalg.accounts.services import own_person, relationship_between

    me = own_person(user)
    if me is not None and me.pk == person.pk:
        return None
    if me is not None and not (user.is_staff or user.is_superuser):
        link = relationship_between(me, person)
        role = f"pårørende ({link.get_basis_display()})" if link else "pårørende"
        return log_access(
            person=person, actor_user=user, actor_person=me, actor_name=actor_name(user), role=role, what=what
        )
    return log_staff_access(user=user, person=person, what=what)


def log_reads(*, user, people_ids: Iterable, what: str, once_a_day: bool = False) -> int:
    """One READ entry per person a staff user was shown, in one insert. Lists (a queue, an
    agenda, a waiting list) pass `once_a_day`: paging back and forth the same day writes each
    person once. Returns the number of entries written."""
    wanted = {pk for pk in people_ids if pk is not None}
    if not wanted:
        return 0
    what = what[:200]
    if once_a_day:
        since = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
        wanted -= set(
            AccessLogEntry.objects.filter(
                actor_user=user, what=what, at__gte=since, person_id__in=wanted
            ).values_list("person_id", flat=True)
        )
    role, organisation = staff_role(user)
    name = actor_name(user)[:200]
    entries = [
        AccessLogEntry(
            person_id=person_id,
            actor_user=user,
            actor_name=name,
            role=role[:100],
            organisation=organisation[:200],
            action=AccessLogEntry.Action.READ,
            what=what,
        )
        for person_id in sorted(wanted, key=str)
    ]
    AccessLogEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


# Apps with caseloads add a check here (intake adds "has a case at one of the user's offices").
CASELOAD_CHECKS: list = []


def in_caseload(user, person: Person) -> bool:
    """Whether the person is in the staff user's caseload, by any app's check."""
    return any(check(user, person) for check in CASELOAD_CHECKS)


def staff_role(user) -> tuple[str, str]:
    """(role, organisation) as the person will read them: the user's first role, by kind."""
    from veivalg.accounts.services import roles_of

    role = roles_of(user).order_by("role", "organisation__name").first()
    if role is not None:
        return str(role.get_role_display()), role.organisation.name
    if user.is_superuser:
        return "administrator", ""
    assignment = getattr(user, "editor_assignment", None)
    if assignment is not None:
        return "redaktør", assignment.office
    return "ansatt", ""


def needs_reason(user, person: Person) -> bool:
    return not user.is_superuser and not in_caseload(user, person)


@transaction.atomic
def open_person_record(*, user, person: Person, what: str, reason: str = "") -> AccessLogEntry:
    """Staff open a person's record. Outside the caseload a reason is required and the opening
    is flagged for review; either way it is logged."""
    reason = reason.strip()
    outside = needs_reason(user, person)
    if outside and not reason:
        raise ReasonRequired
    return log_staff_access(user=user, person=person, what=what, why=reason, flagged=outside)


def export_access_log(person: Person) -> list[dict]:
    """The person's access log for «last ned mine data» (registered in apps.py)."""

    def day(value):
        return value.isoformat() if value else None

    return [
        {
            "tidspunkt": day(entry.at),
            "hvem": entry.actor_name,
            "rolle": entry.role,
            "virksomhet": entry.organisation,
            "handling": entry.get_action_display(),
            "hva": entry.what,
            "hvorfor": entry.why,
        }
        for entry in AccessLogEntry.objects.for_person(person)
    ]
