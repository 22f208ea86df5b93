"""Permission-table rows for placements (placements part). See permission_rows.py.

Staff pages: the offices serving Bærum (caseworker_baerum, nav_baerum) see capacity, waiting
lists and the cast's placement (she lives in Bærum); provider_staff sees capacity and the
placement in its own offer, never the waiting lists. caseworker_neighbour (Asker's office; the
cast's offer also takes Asker's residents) reads the capacity, the offer and its own (empty)
lists, but may not set the capacity of Bærum's offer (issue 12, finding 4). Everyone else on
staff gets 404 (the default, editor_bergen's value). The participant's own pages: the citizen
and the relative acting for her; registering or withdrawing a wish not for a relative on her
consent alone (404).
"""


def _staff(**allowed: int) -> dict[str, int]:
    row = {
        "anonymous": 302,
        "citizen": 404,
        "relative": 404,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    }
    row.update(allowed)
    return row


OWN = {
    "anonymous": 302,
    "citizen": 200,
    "relative": 200,
    "editor_baerum": 404,
    "editor_bergen": 404,
    "superuser": 404,
}

TABLE: dict[str, dict[str, int]] = {
    "placements:capacity": _staff(
        caseworker_baerum=200, caseworker_neighbour=200, nav_baerum=200, provider_staff=200
    ),
    "placements:new_placement": _staff(caseworker_baerum=200, caseworker_neighbour=200, nav_baerum=200),
    "placements:offer": _staff(caseworker_baerum=200, caseworker_neighbour=200, nav_baerum=200),
    "placements:set_capacity": _staff(caseworker_baerum=200, caseworker_neighbour=404, nav_baerum=200),
    "placements:placement": _staff(caseworker_baerum=200, nav_baerum=200, provider_staff=200),
    "placements:placement_wish": _staff(caseworker_baerum=200, nav_baerum=200, provider_staff=200),
    "placements:waiting_lists": _staff(caseworker_baerum=200, caseworker_neighbour=200, nav_baerum=200),
    "placements:waiting_entry": _staff(caseworker_baerum=200, nav_baerum=200),
    "placements:own": OWN,
    "placements:wish": {**OWN, "relative_consent": 404},
    "placements:withdraw_wish": {**OWN, "relative_consent": 404},
}
ARGUMENTS: dict[str, str] = {
    "placements:offer": "offer",
    "placements:set_capacity": "offer",
    "placements:placement": "placement",
    "placements:placement_wish": "placement",
    "placements:waiting_entry": "waiting",
    "placements:withdraw_wish": "wish",
}
