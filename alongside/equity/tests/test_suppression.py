"""The small-number rules, proved on random tables (Hypothesis).

"Derivable" is checked the way a reader would try it: every equation of the table (a total
and its parts) with the shown numbers put in is a linear system in the hidden cells; a cell
is derivable when that system pins it to one value. Hidden zeros are held fixed too (a
reader who guesses that a hidden cell is zero must not pin the others), which is stricter
than needed.
"""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.equity.suppression import (
    MIN_K,
    TOTAL,
    clamp_k,
    one_way,
    protect,
    round_to_5,
    two_way,
    two_way_equations,
)

ks = st.integers(min_value=MIN_K, max_value=12)
small_counts = st.integers(min_value=0, max_value=40)


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows if any(r)]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def derivable(values, equations, hidden) -> set:
    """Hidden cells whose value follows from the shown cells and the equations."""
    unknown = sorted(hidden, key=repr)
    index = {cell: i for i, cell in enumerate(unknown)}
    zeros = [cell for cell in unknown if values[cell] == 0]
    matrix = []
    for eq in equations:
        total, parts = eq[0], eq[1:]
        row = [Fraction(0)] * len(unknown)
        for cell, sign in [(total, -1), *((p, 1) for p in parts)]:
            if cell in index:
                row[index[cell]] += sign
        matrix.append(row)
    for cell in zeros:
        row = [Fraction(0)] * len(unknown)
        row[index[cell]] = Fraction(1)
        matrix.append(row)
    base = _rank(matrix) if matrix else 0
    found = set()
    for cell in unknown:
        unit = [Fraction(0)] * len(unknown)
        unit[index[cell]] = Fraction(1)
        if _rank([*matrix, unit]) == base:
            found.add(cell)
    return found


def assert_safe(values, equations, result, k, fixed=frozenset()):
    if result.everything_hidden:
        return
    shown = [c for c in values if result.shows(c)]
    assert not [c for c in shown if 0 < values[c] < k], "a small cell is shown"
    for eq in equations:
        alone = sum(
            c in result.hidden and values[c] != 0 and not (c in fixed and values[c] >= k)
            for c in eq
        )
        assert alone != 1, f"one hidden count alone in {eq}"
    leaked = {c for c in derivable(values, equations, result.hidden) if 0 < values[c] < k}
    assert not leaked, f"small hidden cells can be worked out: {leaked}"


@settings(max_examples=150, deadline=None)
@given(counts=st.lists(small_counts, min_size=1, max_size=8), k=ks)
def test_a_list_with_a_total_hides_two_cells_or_none(counts, k):
    groups = {f"g{i}": n for i, n in enumerate(counts)}
    result = one_way(groups, sum(counts), k)
    values = {**groups, TOTAL: sum(counts)}
    hidden = [g for g in values if g in result.hidden and values[g]]
    assert len(hidden) != 1
    assert_safe({**groups, TOTAL: sum(counts)}, [[TOTAL, *groups]], result, k)


def _grid(data, shape):
    rows = [f"r{i}" for i in range(shape[0])]
    cols = [f"c{j}" for j in range(shape[1])]
    cells = data.draw(
        st.lists(small_counts, min_size=len(rows) * len(cols), max_size=len(rows) * len(cols))
    )
    values = {}
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            values[(r, c)] = cells[i * len(cols) + j]
    for r in rows:
        values[(r, TOTAL)] = sum(values[(r, c)] for c in cols)
    for c in cols:
        values[(TOTAL, c)] = sum(values[(r, c)] for r in rows)
    values[(TOTAL, TOTAL)] = sum(values[(r, TOTAL)] for r in rows)
    return rows, cols, values


shapes = st.tuples(st.integers(1, 5), st.integers(1, 5))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), shape=shapes, k=ks)
def test_no_hidden_cell_of_a_cross_table_can_be_worked_out(data, shape, k):
    rows, cols, values = _grid(data, shape)
    result = two_way(values, rows, cols, k)
    equations = two_way_equations(rows, cols)
    # Each row and column with a hidden cell has two hidden, its margin among them or not.
    assert_safe(values, equations, result, k)


@settings(max_examples=120, deadline=None)
@given(data=st.data(), shape=shapes, k=ks)
def test_a_cross_table_keeps_its_margins_as_the_one_way_tables_show_them(data, shape, k):
    """Intersections: the margins are each dimension's own table, already published."""
    rows, cols, values = _grid(data, shape)
    by_row = one_way({r: values[(r, TOTAL)] for r in rows}, values[(TOTAL, TOTAL)], k)
    by_col = one_way({c: values[(TOTAL, c)] for c in cols}, values[(TOTAL, TOTAL)], k)
    margins = {(r, TOTAL): r in by_row.hidden for r in rows}
    margins |= {(TOTAL, c): c in by_col.hidden for c in cols}
    margins[(TOTAL, TOTAL)] = TOTAL in by_row.hidden or TOTAL in by_col.hidden
    result = two_way(
        values,
        rows,
        cols,
        k,
        frozen=list(margins),
        frozen_hidden=[m for m, h in margins.items() if h],
    )
    if not result.everything_hidden:
        for margin, was_hidden in margins.items():
            assert (margin in result.hidden) == was_hidden
    assert_safe(values, two_way_equations(rows, cols), result, k, fixed=set(margins))


@settings(max_examples=120, deadline=None)
@given(
    data=st.data(),
    groups=st.integers(1, 4),
    parts=st.integers(1, 4),
    k=ks,
)
def test_a_metric_table_with_a_people_column_and_parts_is_safe(data, groups, parts, k):
    """The report's shape: per group, people (n) and counts that add up to a base."""
    rows, cols, values = _grid(data, (groups, parts))
    people = {(r, "n"): data.draw(small_counts) for r in rows}
    values = {**values, **people, (TOTAL, "n"): sum(people.values())}
    equations = [*two_way_equations(rows, cols), [(TOTAL, "n"), *people]]
    result = protect(values, equations, k)
    assert_safe(values, equations, result, k)


def test_a_single_small_group_takes_another_with_it():
    result = one_way({"a": 3, "b": 40, "c": 12}, 55, 10)
    assert result.hidden == {"a", "c"}


def test_zero_is_shown_and_not_chosen_when_a_count_can_be():
    result = one_way({"a": 3, "b": 0, "c": 12, "d": 40}, 55, 10)
    assert result.hidden == {"a", "c"}


def test_the_only_other_cell_being_the_total_hides_the_total():
    result = one_way({"a": 3}, 3, 10)
    assert result.hidden == {"a", TOTAL}


def test_a_table_that_cannot_be_protected_is_hidden_whole():
    # The total is fixed as shown elsewhere; the one other group can't be hidden.
    result = one_way({"a": 3, "b": 20}, 23, 10, frozen=["b", TOTAL])
    assert result.everything_hidden
    assert not result.shows("b")


def test_k_is_never_below_five():
    assert clamp_k(2) == 5
    assert clamp_k(None) == 10
    assert one_way({"a": 4, "b": 30, "c": 30}, 64, 2).hidden == {"a", "b"}


def test_rounding_goes_to_the_nearest_five():
    assert [round_to_5(n) for n in (0, 2, 3, 7, 8, 12, 13)] == [0, 0, 5, 5, 10, 10, 15]
