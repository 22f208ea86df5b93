"""Permission-table rows for the intake (apply part). See permission_rows.py.

The applicant's pages: a person or a relative acting for them; staff are not people here (404),
except where a row says otherwise. A relative on the applicant's consent reads (the list, the
check page, attachments, the receipt) but gets 404 where a page changes something (DECIDER). The school counsellor sees only drafts shared with their
school (the cast's draft is not), so they get 404 like any staff user.
"""

CITIZEN_PAGE = {
    "anonymous": 302,
    "citizen": 200,
    "relative": 200,
    "editor_baerum": 404,
    "editor_bergen": 404,
    "superuser": 404,
}
# Starting, the steps and sharing decide for the applicant: not a relative on consent alone.
DECIDER = {**CITIZEN_PAGE, "relative_consent": 404}
EVERYONE_405 = dict.fromkeys(
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
    "intake:my_applications": CITIZEN_PAGE,
    "intake:start": DECIDER,
    "intake:step": DECIDER,
    "intake:check": CITIZEN_PAGE,
    "intake:share_with_school": DECIDER,
    # the draft's attachment: the applicant's side (and a school the draft is shared with)
    "intake:attachment": CITIZEN_PAGE,
    # POST only
    "intake:submit": EVERYONE_405,
    "intake:easy_read": EVERYONE_405,
    # the submitted application: the applicant's side
    "intake:receipt": CITIZEN_PAGE,
    # the PDF copy: the applicant's side, and staff at both offices the case went to
    "intake:application_pdf": {**CITIZEN_PAGE, "caseworker_baerum": 200, "nav_baerum": 200},
    # staff back office for teachers and school counsellors
    "intake:school_drafts": {
        "anonymous": 302,
        "citizen": 404,
        "relative": 404,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
        "school_counsellor": 200,
    },
}
ARGUMENTS: dict[str, str] = {
    "intake:step": "draft_step",
    "intake:check": "draft",
    "intake:share_with_school": "draft",
    "intake:attachment": "draft_attachment",
    "intake:submit": "draft",
    "intake:easy_read": "draft",
    "intake:receipt": "application",
    "intake:application_pdf": "application",
}
