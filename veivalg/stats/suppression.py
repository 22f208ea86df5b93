"""Hiding small numbers on the public statistics, so no one can be recognised.

**Primary suppression**: every count of 1–4 people is hidden (shown as «under 5»). Zero is shown:
it tells about nobody.

**Secondary suppression**: a table with totals is a set of sums. If a row (or column) with a
total had exactly one hidden entry, that entry would follow from the total minus the others.
So in every line that has a total, the hidden entries (cells and the total together) are either
none or at least two: where one is hidden alone, the smallest other non-zero cell is hidden too,
or the total when there is none. This repeats until no line changes, since hiding in a row can
leave a column with one hidden entry.

A table here is a list of rows of counts; `row_totals` (one per row), `column_totals` (one per
column) and `grand_total` are optional, and a line is only an equation when its total is given.
Hidden entries come back as None.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5


def is_small(value: int | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


@dataclass
class Suppressed:
    cells: list[list[int | None]]
    row_totals: list[int | None] | None
    column_totals: list[int | None] | None
    grand_total: int | None

    @property
    def hidden_count(self) -> int:
        everything = [v for row in self.cells for v in row]
        everything += list(self.row_totals or []) + list(self.column_totals or [])
        return sum(v is None for v in everything)


def suppress(
    cells: list[list[int]],
    row_totals: list[int] | None = None,
    column_totals: list[int] | None = None,
    grand_total: int | None = None,
) -> Suppressed:
    """The table with small counts hidden, and enough others that none can be worked out from a
    total (see the module docstring)."""
    n_rows = len(cells)
    n_cols = len(cells[0]) if cells else 0
    # Every entry gets a key; lines are lists of keys, the total last.
    values: dict[tuple, int] = {}
    for i, row in enumerate(cells):
        for j, v in enumerate(row):
            values[("c", i, j)] = v
    if row_totals is not None:
        for i, v in enumerate(row_totals):
            values[("r", i)] = v
    if column_totals is not None:
        for j, v in enumerate(column_totals):
            values[("k", j)] = v
    if grand_total is not None:
        values[("g",)] = grand_total

    lines: list[list[tuple]] = []
    if row_totals is not None:
        lines += [[("c", i, j) for j in range(n_cols)] + [("r", i)] for i in range(n_rows)]
    if column_totals is not None:
        lines += [[("c", i, j) for i in range(n_rows)] + [("k", j)] for j in range(n_cols)]
    if grand_total is not None and column_totals is not None:
        lines.append([("k", j) for j in range(n_cols)] + [("g",)])
    if grand_total is not None and row_totals is not None:
        lines.append([("r", i) for i in range(n_rows)] + [("g",)])

    hidden = {key for key, v in values.items() if is_small(v)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(key in hidden for key in line) != 1:
                continue
            *parts, total = line
            candidates = [k for k in parts if k not in hidden and values[k] > 0]
            partner = min(candidates, key=lambda k: values[k]) if candidates else total
            if partner in hidden:  # the lone hidden entry is the total and no part can join it
                partner = next((k for k in parts if k not in hidden), None)
                if partner is None:
                    continue
            hidden.add(partner)
            changed = True

    def shown(key: tuple) -> int | None:
        return None if key in hidden else values[key]

    return Suppressed(
        cells=[[shown(("c", i, j)) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=None if row_totals is None else [shown(("r", i)) for i in range(n_rows)],
        column_totals=None if column_totals is None else [shown(("k", j)) for j in range(n_cols)],
        grand_total=None if grand_total is None else shown(("g",)),
    )
