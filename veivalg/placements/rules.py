"""Who may see and change placements, waiting lists, wishes and flow meetings.

- Providers see and confirm only the placements in their own offers.
- Allocation offices and NAV offices see capacity across providers and the people placed from
  their municipalities. Only the offices of the municipality that owns an offer change its
  capacity; an office whose residents the offer merely takes (coverage) reads it. They run the
  flow meetings they organise and read those they are invited to, with the whole agenda and
  the minutes.
- Providers invited to a flow meeting read it, but only the agenda items about their own offers
  and participants (`MeetingItemQuerySet.shown_to_providers`); never the minutes PDF (it holds
  everyone), and they change nothing in it.
- The participant (and relatives acting for them) see their own placements, waiting and wishes.
  Registering or withdrawing a wish decides for the participant: only they, a guardian or a
  parent of a minor may (`accounts.rules.may_decide`), never a relative on consent alone.
- Analysts see statistics only (aggregates; no person).
"""

from __future__ import annotations

import rules

from veivalg.accounts.models import StaffRoleKind
from veivalg.accounts.rules import acts_for, has_role, is_self, may_decide
from veivalg.accounts.services import organisations_of

OFFICE_ROLES = (StaffRoleKind.CASEWORKER, StaffRoleKind.NAV_COUNSELLOR)


@rules.predicate
def provider_of_placement(user, placement) -> bool:
    if placement is None or not user.is_authenticated:
        return False
    providers = organisations_of(user, StaffRoleKind.PROVIDER_STAFF)
    return providers.filter(provider_id=placement.offer.organization_id).exists()


@rules.predicate
def office_for_placement(user, placement) -> bool:
    if placement is None or not user.is_authenticated:
        return False
    return organisations_of(user, *OFFICE_ROLES).filter(municipalities=placement.municipality_id).exists()


@rules.predicate
def office_of_owner(user, offer) -> bool:
    """An office serving the offer's owner municipality. Coverage is not enough: a neighbour
    whose residents the offer takes must not change another municipality's places."""
    if offer is None or not user.is_authenticated:
        return False
    return organisations_of(user, *OFFICE_ROLES).filter(municipalities=offer.owner_municipality_id).exists()


@rules.predicate
def office_in_meeting(user, meeting) -> bool:
    """Staff of the organising office or of an invited office (NAV): the whole meeting."""
    if meeting is None or not user.is_authenticated:
        return False
    mine = organisations_of(user, *OFFICE_ROLES)
    return mine.filter(pk=meeting.organiser_id).exists() or meeting.invited.filter(pk__in=mine).exists()


@rules.predicate
def invited_provider(user, meeting) -> bool:
    """Staff of a provider invited to the meeting: the meeting, and some of its items."""
    if meeting is None or not user.is_authenticated:
        return False
    return meeting.invited.filter(pk__in=organisations_of(user, StaffRoleKind.PROVIDER_STAFF)).exists()


@rules.predicate
def sees_item(user, item) -> bool:
    """The offices in the meeting see every item; an invited provider only the items about its
    own offers and participants (the rule is `MeetingItemQuerySet.shown_to_providers`)."""
    if item is None or not user.is_authenticated:
        return False
    if office_in_meeting(user, item.meeting):
        return True
    from .models import MeetingItem

    providers = organisations_of(user, StaffRoleKind.PROVIDER_STAFF)
    return MeetingItem.objects.filter(pk=item.pk).shown_to_providers(providers).exists()


@rules.predicate
def organises_meeting(user, meeting) -> bool:
    return (
        meeting is not None and organisations_of(user, *OFFICE_ROLES).filter(pk=meeting.organiser_id).exists()
    )


@rules.predicate
def own_side(user, person) -> bool:
    return person is not None and (is_self(user, person) or acts_for(user, person))


@rules.predicate
def keeps_list(user, entry) -> bool:
    """The office that keeps the waiting list (only it sets the priority)."""
    return entry is not None and organisations_of(user, *OFFICE_ROLES).filter(pk=entry.office_id).exists()


is_office = has_role(*OFFICE_ROLES)

rules.add_rule("placements.view_capacity", is_office | has_role(StaffRoleKind.PROVIDER_STAFF))
rules.add_rule("placements.view_placement", provider_of_placement | office_for_placement)
rules.add_rule("placements.confirm_placement", provider_of_placement)
rules.add_rule("placements.change_placement", office_for_placement)
rules.add_rule("placements.use_meetings", is_office | has_role(StaffRoleKind.PROVIDER_STAFF))
rules.add_rule("placements.plan_meetings", is_office)
rules.add_rule("placements.view_meeting", office_in_meeting | invited_provider)
rules.add_rule("placements.view_whole_agenda", office_in_meeting)
rules.add_rule("placements.view_meeting_item", sees_item)
rules.add_rule("placements.download_minutes", office_in_meeting)
rules.add_rule("placements.run_meeting", organises_meeting)
rules.add_rule("placements.view_own", own_side)
rules.add_rule("placements.change_own", may_decide)
rules.add_rule("stats.view_statistics", has_role(StaffRoleKind.ANALYST, *OFFICE_ROLES) | rules.is_superuser)
rules.add_rule("placements.manage_places", is_office)
rules.add_rule("placements.set_capacity", office_of_owner)
rules.add_rule("placements.view_waiting_lists", is_office)
rules.add_rule("placements.set_priority", keeps_list)
