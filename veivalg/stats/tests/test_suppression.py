"""Small numbers on the public statistics: none of 1–4 is shown, and none that is hidden can be
worked out from a total in the same row or column."""

from hypothesis import given
from hypothesis import strategies as st

from veivalg.stats.suppression import suppress


def lines_of(result, row_totals, column_totals, grand_total):
    """Every (values, total) line the published table makes an equation of."""
    lines = []
    if row_totals is not None:
        lines += [(row, total) for row, total in zip(result.cells, result.row_totals, strict=True)]
    if column_totals is not None:
        columns = [list(c) for c in zip(*result.cells, strict=True)] if result.cells else []
        lines += list(zip(columns, result.column_totals, strict=True))
    if grand_total is not None and column_totals is not None:
        lines.append((result.column_totals, result.grand_total))
    if grand_total is not None and row_totals is not None:
        lines.append((result.row_totals, result.grand_total))
    return lines


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda cols: st.lists(
        st.lists(st.integers(min_value=0, max_value=40), min_size=cols, max_size=cols), min_size=1, max_size=6
    )
)


@given(cells=tables, with_rows=st.booleans(), with_columns=st.booleans())
def test_no_count_from_one_to_four_is_shown_and_no_hidden_one_follows_from_a_total(
    cells, with_rows, with_columns
):
    row_totals = [sum(row) for row in cells] if with_rows else None
    column_totals = [sum(col) for col in zip(*cells, strict=True)] if with_columns else None
    grand_total = sum(map(sum, cells)) if with_rows and with_columns else None
    result = suppress(cells, row_totals, column_totals, grand_total)

    shown = [v for row in result.cells for v in row]
    shown += list(result.row_totals or []) + list(result.column_totals or [])
    shown += [result.grand_total] if grand_total is not None else []
    assert not any(v is not None and 0 < v < 5 for v in shown)

    for values, total in lines_of(result, row_totals, column_totals, grand_total):
        hidden = sum(v is None for v in values) + (total is None)
        assert hidden != 1, (values, total)


@given(cells=tables)
def test_what_is_shown_is_the_true_number(cells):
    column_totals = [sum(col) for col in zip(*cells, strict=True)]
    result = suppress(cells, column_totals=column_totals)
    for row, original in zip(result.cells, cells, strict=True):
        assert all(v is None or v == o for v, o in zip(row, original, strict=True))


def test_a_lone_small_cell_takes_the_smallest_other_with_it():
    result = suppress([[3], [10], [20]], column_totals=[33])
    assert result.cells == [[None], [None], [20]]
    assert result.column_totals == [33]


def test_when_no_other_cell_can_be_hidden_the_total_is():
    result = suppress([[3], [0]], column_totals=[3])
    assert result.cells == [[None], [0]]
    assert result.column_totals == [None]


def test_zero_and_five_are_shown():
    assert suppress([[0, 5]], row_totals=[5]).cells == [[0, 5]]
