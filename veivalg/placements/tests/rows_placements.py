"""Permission-table rows for placements (placements part). See permission_rows.py."""

TABLE: dict[str, dict[str, int]] = {}
ARGUMENTS: dict[str, str] = {}
