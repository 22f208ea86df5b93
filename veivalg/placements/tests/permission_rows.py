"""Rows of the permission table for placements, flow meetings and statistics.

The cast's objects (test_permission_table.build_placements_cast): "placement" (the citizen placed
in the provider's offer, so provider_staff sees it), "waiting" (her NAV waiting-list entry),
"wish" (her wish for change), "meeting" (Bærum's flow meeting, organised by the allocation
office, NAV invited) and "item" (the wish on its agenda).
"""

from veivalg.stats.tests import rows_stats

from . import rows_meetings, rows_placements

TABLE: dict[str, dict[str, int]] = {**rows_placements.TABLE, **rows_meetings.TABLE, **rows_stats.TABLE}
ARGUMENTS: dict[str, str] = {**rows_placements.ARGUMENTS, **rows_meetings.ARGUMENTS, **rows_stats.ARGUMENTS}
