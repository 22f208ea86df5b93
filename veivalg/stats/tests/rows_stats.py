"""Permission-table rows for statistics: the staff dashboard and its CSV files for analysts and
the offices (allocation office, NAV) and superusers, 404 for other staff and citizens; the
public page and its CSV files for everyone."""

STAFF_ONLY = {
    "anonymous": 302,
    "citizen": 404,
    "relative": 404,
    "editor_baerum": 404,
    "editor_bergen": 404,
    "superuser": 200,
    "caseworker_baerum": 200,
    # a caseworker in Asker sees the statistics, scoped like everyone's by the filters
    "caseworker_neighbour": 200,
    "nav_baerum": 200,
    "provider_staff": 404,
    "school_counsellor": 404,
    "analyst": 200,
}
EVERYONE = dict.fromkeys(STAFF_ONLY, 200)

TABLE: dict[str, dict[str, int]] = {
    "stats:staff": STAFF_ONLY,
    "stats:staff_csv": STAFF_ONLY,
    "stats:public": EVERYONE,
    "stats:public_csv": EVERYONE,
}
ARGUMENTS: dict[str, str] = {}
