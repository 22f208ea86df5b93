"""Permission-table rows for the intake (case part). See permission_rows.py.

The applicant's pages (/min-side/saker/…) are for the citizen and the relative acting for her;
staff are not people there (404). The decision form is for the office that owns the part (the
cast's vedtak part: Bærum's allocation office). A decision and its letter are for staff at any
office on the case. The list of letter templates is for caseworkers, NAV counsellors and
administrators; each template for its own office's staff, a national one for administrators.
The cast's letter is not made yet (tasks run after a commit that never comes in the test), so
the letter URLs answer «not ready yet» (200) to those allowed.
"""

APPLICANT = {
    "anonymous": 302,
    "citizen": 200,
    "relative": 200,
    "editor_baerum": 404,
    "editor_bergen": 404,
    "superuser": 404,
    "caseworker_baerum": 404,
    "nav_baerum": 404,
    "provider_staff": 404,
    "school_counsellor": 404,
}
OFFICES_ON_CASE = {
    "anonymous": 302,
    "citizen": 404,
    "relative": 404,
    "editor_baerum": 404,
    "editor_bergen": 404,
    "superuser": 404,
    "caseworker_baerum": 200,
    "nav_baerum": 200,
    "provider_staff": 404,
    "school_counsellor": 404,
}
# The list: caseworkers and NAV counsellors (their own office's templates, so a neighbouring
# office's caseworker too) and administrators.
TEMPLATE_LIST = {**OFFICES_ON_CASE, "superuser": 200, "caseworker_neighbour": 200}
# Template number 1 is a national text: only administrators open it; office staff get 404.
NATIONAL_TEMPLATE = {**OFFICES_ON_CASE, "caseworker_baerum": 404, "nav_baerum": 404, "superuser": 200}

# Writing a message and withdrawing decide for the applicant: not a relative on consent alone.
DECIDER = {**APPLICANT, "relative_consent": 404}

TABLE: dict[str, dict[str, int]] = {
    "intake:own_case": APPLICANT,
    "intake:send_message": DECIDER,
    "intake:withdraw_part": DECIDER,
    "intake:own_letter": APPLICANT,
    # POST only
    "intake:answer_offer": dict.fromkeys(APPLICANT, 405),
    # only the office that decides the part (the vedtak part: the allocation office)
    "intake:decide": {**OFFICES_ON_CASE, "nav_baerum": 404},
    "intake:decision": OFFICES_ON_CASE,
    "intake:staff_letter": OFFICES_ON_CASE,
    "intake:letter_templates": TEMPLATE_LIST,
    "intake:edit_letter_template": NATIONAL_TEMPLATE,
    "intake:review_letter_template": NATIONAL_TEMPLATE,
    "intake:preview_letter_template": NATIONAL_TEMPLATE,
}
# The national letter templates are numbered by the data migration (0002_letter_templates);
# number 1 is there in every test database, and the cast's "guide_step" is {"number": 1}.
ARGUMENTS: dict[str, str] = {
    "intake:own_case": "case",
    "intake:send_message": "case",
    "intake:withdraw_part": "part_vedtak",
    "intake:own_letter": "decision",
    "intake:answer_offer": "part_vedtak",
    "intake:decide": "part_vedtak",
    "intake:decision": "decision",
    "intake:staff_letter": "decision",
    "intake:edit_letter_template": "guide_step",
    "intake:review_letter_template": "guide_step",
    "intake:preview_letter_template": "guide_step",
}
