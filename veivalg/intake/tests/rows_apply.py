"""Permission-table rows for the intake (apply part). See permission_rows.py."""

TABLE: dict[str, dict[str, int]] = {}
ARGUMENTS: dict[str, str] = {}
