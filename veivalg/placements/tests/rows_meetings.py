"""Permission-table rows for placements (meetings part). See permission_rows.py.

The flow-meeting pages are staff pages: anonymous visitors go to the staff sign-in (302), anyone
without the rule gets 404. The cast's meeting is Bærum's, organised by the allocation office
(caseworker_baerum runs it) with NAV Bærum invited (nav_baerum sees it, read only). Building the
agenda is POST-only (405 to GET). The meeting is still open, so its minutes PDF does not exist
yet: 404 for everyone (test_meetings.py downloads it after closing).

Provider staff have the meeting list (200: only the meetings their provider is invited to, here
none); the cast's meeting does not invite the provider, so its pages and item are 404 for them.
An invited provider (its own items only, never the minutes) is proven in test_meetings.py.
"""

STAFF_ONLY = {
    "anonymous": 302,
    "citizen": 404,
    "relative": 404,
    "editor_baerum": 404,
    "editor_bergen": 404,
    "superuser": 404,
}


def _staff(**allowed: int) -> dict[str, int]:
    return {**STAFF_ONLY, **allowed}


TABLE: dict[str, dict[str, int]] = {
    # the lists show each office its own meetings (Asker's caseworker: an empty list)
    "placements:meetings": _staff(
        caseworker_baerum=200, caseworker_neighbour=200, nav_baerum=200, provider_staff=200
    ),
    "placements:plan_meetings": _staff(caseworker_baerum=200, caseworker_neighbour=200, nav_baerum=200),
    "placements:meeting": _staff(caseworker_baerum=200, nav_baerum=200, provider_staff=200),
    "placements:build_agenda": {
        **dict.fromkeys(STAFF_ONLY, 405),
        **dict.fromkeys(
            ("caseworker_baerum", "nav_baerum", "provider_staff", "school_counsellor", "analyst"), 405
        ),
    },
    "placements:close_meeting": _staff(caseworker_baerum=200),
    "placements:minutes_pdf": _staff(),
    "placements:meeting_item": _staff(caseworker_baerum=200, nav_baerum=200, provider_staff=200),
}
ARGUMENTS: dict[str, str] = {
    "placements:meeting": "meeting",
    "placements:build_agenda": "meeting",
    "placements:close_meeting": "meeting",
    "placements:minutes_pdf": "meeting",
    "placements:meeting_item": "item",
}
