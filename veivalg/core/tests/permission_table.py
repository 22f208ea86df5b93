"""Who may open which URL: the one table the permission test checks (GET, status per role).

Roles: anonymous; citizen (a signed-in person, the owner of the cast's consent and data
request); relative (a guardian signed in and acting for that person); editor_baerum and
editor_bergen (staff editing one municipality each; the cast's offer and event belong to
Bærum); superuser. An object a role may not see answers 404; POST-only URLs answer 405 to GET.
"""

ROLES = (
    "anonymous",
    "citizen",
    "relative",
    "relative_consent",
    "editor_baerum",
    "editor_bergen",
    "superuser",
    "caseworker_baerum",
    "caseworker_neighbour",
    "nav_baerum",
    "provider_staff",
    "school_counsellor",
    "analyst",
    "staff_without_code",
)
# Staff roles of the intake (issue 6): the allocation office and NAV office serving Bærum (the
# cast's case has a part at each), staff of the provider where a clarification is booked, and a
# school counsellor, and an analyst in Bærum's administration (statistics only). A row that does
# not name them gives them what it gives editor_bergen: a staff user with no rights over the
# cast's objects. The same holds for a caseworker at the allocation office of Asker, Bærum's
# neighbour, whose residents the cast's offers also take (issue 12, finding 4).
LATER_STAFF_ROLES = (
    "caseworker_baerum",
    "caseworker_neighbour",
    "nav_baerum",
    "provider_staff",
    "school_counsellor",
    "analyst",
)
# relative_consent acts for the citizen on the citizen's own consent: it may see what the
# guardian («relative») sees, but never decide (issue 12, finding 3). A row that does not name it
# gives it the guardian's status; the POSTs it is refused are tested in the apps.
# staff_without_code is a superuser who has typed the password but not the code from the app
# (issue 12, finding 2): every URL answers it as it answers an anonymous visitor, except the
# sign-in steps a row names for it.


def expected_status(name: str, role: str) -> int:
    row = TABLE[name]
    if role in row:
        return row[role]
    if role == "staff_without_code":
        return row["anonymous"]
    if role == "relative_consent":
        return row["relative"]
    if role in LATER_STAFF_ROLES:
        return row["editor_bergen"]
    raise KeyError(f"{name} has no status for {role}")


# Wagtail's own page-tree helpers under /info/ (password-protected pages, its login redirect).
EXCLUDED = {"wagtailcore_authenticate_with_password", "wagtailcore_login"}

# URL name → which of the cast's objects fill its arguments (see build_cast in the test).
ARGUMENTS = {
    "directory:municipality": "municipality",
    "directory:offer": "offer",
    "directory:report_error": "offer",
    "directory:organization": "organization",
    "events:cancel": "registration",
    "events:confirm": "event_registration_confirm",
    "events:detail": "event",
    "events:register": "event",
    "events:receipt": "event",
    "events:participants": "event",
    "events:participants_csv": "event",
    "events:wheel": "municipality",
    "events:wheel_feed": "municipality",
    "guide:step": "guide_step",
    "accounts:withdraw_consent": "consent",
    "accounts:request_received": "data_request",
    "audit:open_record": "person",
    "staff:resend_mail": "outgoing_mail",
    "reminders:confirm": "confirm",
    "reminders:unsubscribe": "unsubscribe",
    "hsds:get_service": "hsds_offer",
    "hsds:get_organization": "hsds_organization",
    "hsds:get_service_at_location": "hsds_offer_location",
    "hsds:get_taxonomy": "hsds_taxonomy",
    "hsds:get_taxonomy_term": "hsds_term",
    "wagtail_serve": "page_path",
}


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


TABLE: dict[str, dict[str, int]] = {
    "home": everyone(200),
    "set_language": everyone(302),
    # health endpoints for a load balancer: no personal data, open to all
    "health_live": everyone(200),
    "health_ready": everyone(200),
    # staff second factor: staff only (no device yet → enrol); citizens 404
    "staff:verify": {
        "anonymous": 302,
        "citizen": 404,
        "relative": 404,
        "editor_baerum": 302,
        "editor_bergen": 302,
        "superuser": 302,
    },
    "staff:enrol": {
        "anonymous": 302,
        "citizen": 404,
        "relative": 404,
        "editor_baerum": 200,
        "editor_bergen": 200,
        "superuser": 200,
        "staff_without_code": 200,
    },
    # the staff back office's front door and home (tools by role)
    "staff:sign_in": everyone(200),
    "staff:sign_out": everyone(405),
    "staff:home": {
        "anonymous": 302,
        "citizen": 404,
        "relative": 404,
        "editor_baerum": 200,
        "editor_bergen": 200,
        "superuser": 200,
    },
    # outgoing mail (masked addresses, resend): administrators and superusers only; every other
    # staff user and every citizen 404
    "staff:outgoing_mail": {
        "anonymous": 302,
        "citizen": 404,
        "relative": 404,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 200,
    },
    # POST only
    "staff:resend_mail": everyone(405),
    "hsds:openapi-json": everyone(200),
    "hsds:openapi-view": everyone(200),
    "hsds:meta": everyone(200),
    "hsds:list_services": everyone(200),
    "hsds:get_service": everyone(200),
    "hsds:list_organizations": everyone(200),
    "hsds:get_organization": everyone(200),
    "hsds:list_service_at_locations": everyone(200),
    "hsds:get_service_at_location": everyone(200),
    "hsds:list_taxonomies": everyone(200),
    "hsds:get_taxonomy": everyone(200),
    "hsds:list_taxonomy_terms": everyone(200),
    "hsds:get_taxonomy_term": everyone(200),
    # django-ninja's root has no page
    "hsds:api-root": everyone(404),
    "places:choose": everyone(200),
    "places:suggest": everyone(200),
    "directory:municipality": everyone(200),
    "directory:search": everyone(200),
    "directory:offer": everyone(200),
    "directory:report_error": everyone(200),
    "directory:organization": everyone(200),
    "events:list": everyone(200),
    "events:cancel": everyone(200),
    # the link in the e-mail: its holder sees the registration (asks to confirm while pending)
    "events:confirm": everyone(200),
    "events:detail": everyone(200),
    "events:register": everyone(200),
    # only right after registering (the session); otherwise back to the event
    "events:receipt": everyone(302),
    # the organiser's list: editors of the event's municipality and superusers
    "events:participants": {
        "anonymous": 404,
        "citizen": 404,
        "relative": 404,
        "editor_baerum": 200,
        "editor_bergen": 404,
        "superuser": 200,
    },
    "events:participants_csv": {
        "anonymous": 404,
        "citizen": 404,
        "relative": 404,
        "editor_baerum": 200,
        "editor_bergen": 404,
        "superuser": 200,
    },
    "events:wheel": everyone(200),
    "events:wheel_feed": everyone(200),
    "guide:start": everyone(200),
    "guide:step": everyone(200),
    # without answers
    "guide:overview": everyone(400),
    "sitesearch:search": everyone(200),
    "accounts:sign_in": everyone(200),
    # POST only
    "accounts:start_sign_in": everyone(405),
    # without a sign-in in progress: «Du er ikke logget inn»
    "accounts:callback": everyone(400),
    "accounts:sign_out": everyone(405),
    "accounts:signed_out": everyone(200),
    # citizens' pages: a person or a relative acting; staff are not people here
    "accounts:my_page": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    "accounts:choose_person": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    "accounts:switch_back": everyone(405),
    # who acts for me: the person themself only; a relative acting for them (any basis) 404
    "accounts:relatives": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 404,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    # without ?tilgang=<id>: back to the list (the confirmation and the POST need a consent link)
    "accounts:end_access": {
        "anonymous": 302,
        "citizen": 302,
        "relative": 404,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    "accounts:consents": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    "accounts:withdraw_consent": everyone(405),
    "accounts:my_data": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    "accounts:my_data_json": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    "accounts:my_data_pdf": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    # correction and deletion requests decide for the person: not a relative on consent alone
    "accounts:ask_correction": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "relative_consent": 404,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    "accounts:ask_deletion": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "relative_consent": 404,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    "accounts:request_received": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    "audit:access_log": {
        "anonymous": 302,
        "citizen": 200,
        "relative": 200,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 404,
    },
    # staff who work with people (outside the caseload: the reason form first); editors never
    "audit:open_record": {
        "anonymous": 404,
        "citizen": 404,
        "relative": 404,
        "editor_baerum": 404,
        "editor_bergen": 404,
        "superuser": 200,
        "caseworker_baerum": 200,
        # outside the caseload: the page asks for a reason before it shows anything (flagged)
        "caseworker_neighbour": 200,
        "nav_baerum": 200,
        "provider_staff": 200,
        "school_counsellor": 200,
    },
    "reminders:subscribe": everyone(200),
    "reminders:check_email": everyone(200),
    "reminders:confirm": everyone(200),
    "reminders:unsubscribe": everyone(200),
    "wagtail_serve": everyone(200),
}

# The intake's rows and arguments live beside its code, one module per part of it.
from veivalg.intake.tests import permission_rows  # noqa: E402

TABLE.update(permission_rows.TABLE)
ARGUMENTS.update(permission_rows.ARGUMENTS)

from veivalg.placements.tests import permission_rows as placement_rows  # noqa: E402

TABLE.update(placement_rows.TABLE)
ARGUMENTS.update(placement_rows.ARGUMENTS)
