"""Rules of the staff placement pages beyond rules.py (capacity, waiting lists, new placements).

Which objects a user may see follows from the scoped queries in queries.py (an office: its
municipalities; a provider: its own offers); these rules say who may use a page at all, and who
may change a waiting-list entry (the office that keeps the list).
"""

from __future__ import annotations

import rules

from veivalg.accounts.services import organisations_of

from .rules import OFFICE_ROLES, is_office


@rules.predicate
def keeps_list(user, entry) -> bool:
    return entry is not None and organisations_of(user, *OFFICE_ROLES).filter(pk=entry.office_id).exists()


rules.set_rule("placements.manage_places", is_office)
rules.set_rule("placements.view_waiting_lists", is_office)
rules.set_rule("placements.set_priority", keeps_list)
