"""The intake's rows of the permission table (veivalg/core/tests/permission_table.py).

Each part of the intake adds its rows in its own module (rows_apply, rows_case, rows_staff), so
they can grow apart. The cast's intake objects (see test_permission_table.build_cast): the
citizen's draft "draft" and submitted "application"/"case" with a vedtak part at Bærum's
allocation office and a NAV part at NAV Bærum, a clarification at the provider, a decision
with its letter on the vedtak part.
"""

from . import rows_apply, rows_case, rows_staff

TABLE: dict[str, dict[str, int]] = {**rows_apply.TABLE, **rows_case.TABLE, **rows_staff.TABLE}
ARGUMENTS: dict[str, str] = {**rows_apply.ARGUMENTS, **rows_case.ARGUMENTS, **rows_staff.ARGUMENTS}
