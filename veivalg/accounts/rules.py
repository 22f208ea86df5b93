"""Who may see and do what with a person's information.

Every citizen page asks one of two questions about the person it is about:
- «may see» (`may_see`): the person themself, or a relative with a relationship in force on any
  basis (the participant's consent, guardianship (verge), or parent of a child under 18);
- «may decide» (`may_decide`): the person themself, a guardian, or a parent while the person is
  under 18. A relative whose only basis is the participant's consent may look, never decide.
Every action that changes something on the person's behalf (in accounts, intake, placements)
checks «may decide»; pages a relative only may see hide those actions. A refusal answers 404, so
nobody can find out whether an id exists.
"""

from __future__ import annotations

import rules

from .models import Basis, StaffRoleKind
from .services import own_person, relationship_between


@rules.predicate
def is_self(user, person) -> bool:
    me = own_person(user)
    return me is not None and person is not None and me.pk == person.pk


@rules.predicate
def acts_for(user, person) -> bool:
    """The user is a relative with a relationship in force today (any basis): may see."""
    if person is None:
        return False
    return relationship_between(own_person(user), person) is not None


@rules.predicate
def is_legal_representative(user, person) -> bool:
    """A guardian (verge) or the parent of a child under 18: may decide for the person, such as
    withdrawing a consent. A relative acting on the participant's own consent may only look."""
    if person is None:
        return False
    link = relationship_between(own_person(user), person)
    return link is not None and link.basis in (Basis.GUARDIAN, Basis.PARENT)


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


may_see = is_self | acts_for
may_decide = is_self | is_legal_representative

rules.add_rule("accounts.view_person", may_see)
rules.add_rule("accounts.decide_for_person", may_decide)
rules.add_rule("accounts.act_for", acts_for)
rules.add_rule("accounts.manage_consents", may_decide)
rules.add_rule("accounts.request_data_change", may_decide)
# Who acts for me, and ending a relative's access: the person themself, never someone acting
# for them (not even a guardian).
rules.add_rule("accounts.manage_own_relatives", is_self)
rules.add_rule("audit.view_access_log", may_see)


def has_role(*kinds: str):
    """A predicate: the user holds one of these staff roles (in any organisation)."""
    from .services import roles_of

    @rules.predicate(name=f"has_role({','.join(kinds)})")
    def predicate(user) -> bool:
        return bool(user.is_authenticated and user.is_active and roles_of(user, *kinds).exists())

    return predicate


is_caseworker = has_role(StaffRoleKind.CASEWORKER)
is_nav_counsellor = has_role(StaffRoleKind.NAV_COUNSELLOR)
is_provider_staff = has_role(StaffRoleKind.PROVIDER_STAFF)
is_school_counsellor = has_role(StaffRoleKind.SCHOOL_COUNSELLOR)
is_analyst = has_role(StaffRoleKind.ANALYST)
is_administrator = has_role(StaffRoleKind.ADMINISTRATOR) | rules.is_superuser

# The outgoing-mail page (/ansatt/e-post/): masked addresses, and sending a failed mail again.
rules.add_rule("accounts.manage_outgoing_mail", is_administrator)

# Staff who work with people may open a person's record (outside their caseload with a reason,
# flagged); editors and analysts work with information and figures, not people.
rules.add_rule(
    "audit.open_person_record",
    has_role(
        StaffRoleKind.CASEWORKER,
        StaffRoleKind.NAV_COUNSELLOR,
        StaffRoleKind.PROVIDER_STAFF,
        StaffRoleKind.SCHOOL_COUNSELLOR,
        StaffRoleKind.CAREER_COUNSELLOR,
    )
    | is_administrator,
)
