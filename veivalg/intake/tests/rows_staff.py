"""Permission-table rows for the intake (staff part). See permission_rows.py.

Staff pages redirect anonymous visitors to the staff sign-in (302) and answer 404 to everyone
without the rule. The forms that change a part are POST-only (405 to GET for everyone). Booking
a clarification is tried on the NAV part: only NAV may book on it, the allocation office may not.
"""

ANONYMOUS_ONLY_REDIRECTED = {
    "anonymous": 302,
    "citizen": 404,
    "relative": 404,
    "editor_baerum": 404,
    "editor_bergen": 404,
    "superuser": 404,
}


def _staff(**allowed: int) -> dict[str, int]:
    return {**ANONYMOUS_ONLY_REDIRECTED, **allowed}


def _post_only() -> dict[str, int]:
    return dict.fromkeys(
        (
            "anonymous",
            "citizen",
            "relative",
            "editor_baerum",
            "editor_bergen",
            "superuser",
            "caseworker_baerum",
            "nav_baerum",
            "provider_staff",
            "school_counsellor",
        ),
        405,
    )


TABLE: dict[str, dict[str, int]] = {
    # The lists of one's own office: a neighbouring office's caseworker sees its own (not Bærum's cases).
    "intake:queue": _staff(caseworker_baerum=200, caseworker_neighbour=200, nav_baerum=200),
    "intake:overview": _staff(caseworker_baerum=200, caseworker_neighbour=200, nav_baerum=200),
    "intake:coordination": _staff(caseworker_baerum=200, caseworker_neighbour=200, nav_baerum=200),
    "intake:case_detail": _staff(caseworker_baerum=200, nav_baerum=200),
    "intake:move": _post_only(),
    "intake:assign": _post_only(),
    "intake:note": _post_only(),
    "intake:book_clarification": _staff(nav_baerum=200),
    "intake:provider_clarifications": _staff(provider_staff=200),
    "intake:clarification": _staff(provider_staff=200),
}
ARGUMENTS: dict[str, str] = {
    "intake:case_detail": "case",
    "intake:move": "part_vedtak",
    "intake:assign": "part_vedtak",
    "intake:note": "part_vedtak",
    "intake:book_clarification": "part_nav",
    "intake:clarification": "clarification",
}
