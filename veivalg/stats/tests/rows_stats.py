"""Permission-table rows for statistics."""

TABLE: dict[str, dict[str, int]] = {}
ARGUMENTS: dict[str, str] = {}
