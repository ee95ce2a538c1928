"""Small-number protection for published tables: pure functions, no Django.

A table is a set of cells (any hashable key) holding counts of people (or of sessions, which
can point to people just as well), and a list of *equations*: groups of cells where one is
the total of the others (a row and its row total, a column and its column total). Someone who
reads a table can solve any equation that has exactly one unknown, so:

1. Primary suppression: every cell holding 1 to k-1 is hidden. Zero is shown: "nobody" says
   nothing about a person.
2. Secondary suppression: while some equation has exactly one hidden cell, hide one more
   cell in it (the smallest non-zero one that may be hidden, so as little as possible is
   lost, and a hidden zero cannot pin the others down). Repeat until every equation has no
   hidden cell or at least two.
3. Two hidden cells per equation is not always enough: in a cross-table the equations
   together can still pin a cell (solve the rows, then the columns). So the equations are
   solved as a linear system in the hidden cells, with hidden zeros treated as known (a
   reader may guess them), and while a small hidden cell is pinned, one more cell of an
   equation it is in is hidden.

Cells can be *frozen*: their hidden-or-shown state is fixed by another published table (the
margins of a two-way table are the one-way tables of each dimension), so the same number is
never hidden in one place and shown in another. If an equation cannot be protected without
changing a frozen cell, the whole table is hidden rather than publishing a derivable cell.

Rates and averages are computed by the caller only from cells left shown. Rounding to the
nearest 5 is applied after suppression, to shown cells only.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

MIN_K = 5
DEFAULT_K = 10


def clamp_k(k: int | None) -> int:
    """The threshold in use: the practice's setting, never below MIN_K."""
    if k is None:
        return DEFAULT_K
    return max(MIN_K, int(k))


@dataclass(frozen=True)
class Protected:
    """What may be published: the hidden cells, and whether the whole table had to go."""

    hidden: frozenset
    everything_hidden: bool = False

    def shows(self, cell) -> bool:
        return not self.everything_hidden and cell not in self.hidden


def is_small(value: int, k: int) -> bool:
    return 0 < value < k


def protect(
    values: Mapping[Hashable, int],
    equations: Iterable[Sequence[Hashable]],
    k: int,
    *,
    frozen: Iterable[Hashable] = (),
    frozen_hidden: Iterable[Hashable] = (),
) -> Protected:
    """Which cells to hide so that no hidden count can be worked out from the shown ones.

    `equations` are groups of cells that add up (a total and its parts). `frozen` cells keep
    the state given to them (`frozen_hidden` are hidden, the rest of `frozen` shown).
    """
    k = clamp_k(k)
    frozen = set(frozen) | set(frozen_hidden)
    hidden = set(frozen_hidden)
    hidden |= {cell for cell, value in values.items() if cell not in frozen and is_small(value, k)}
    equations = [tuple(eq) for eq in equations if len(eq) > 1]

    def hide_one_more(eq) -> bool:
        candidates = [c for c in eq if c not in hidden and c not in frozen]
        if not candidates:
            return False
        # Prefer a non-zero cell, then the smallest, then the first: deterministic.
        order = {cell: i for i, cell in enumerate(eq)}
        hidden.add(min(candidates, key=lambda c: (values[c] == 0, values[c], order[c])))
        return True

    while True:
        changed = True
        while changed:
            changed = False
            for eq in equations:
                if sum(cell in hidden for cell in eq) == 1:
                    if not hide_one_more(eq):
                        return Protected(frozenset(values), everything_hidden=True)
                    changed = True
        exposed = [c for c in pinned(values, equations, hidden) if is_small(values[c], k)]
        if not exposed:
            return Protected(frozenset(hidden))
        around = [eq for eq in equations if exposed[0] in eq]
        if not any(hide_one_more(eq) for eq in around):
            return Protected(frozenset(values), everything_hidden=True)


def pinned(values: Mapping, equations: Sequence[Sequence], hidden: set) -> list:
    """Hidden cells a reader can solve for from the shown cells and the equations.

    Each equation (first cell the total, the rest its parts) is a linear equation in the
    hidden cells; hidden zeros count as known. A cell is pinned when, in the reduced
    row-echelon form, its pivot row has no other unknown in it.
    """
    unknown = sorted((c for c in hidden if values[c] != 0), key=repr)
    if not unknown:
        return []
    index = {cell: i for i, cell in enumerate(unknown)}
    rows = []
    for eq in equations:
        row = [Fraction(0)] * len(unknown)
        for position, cell in enumerate(eq):
            if cell in index:
                row[index[cell]] += -1 if position == 0 else 1
        if any(row):
            rows.append(row)
    pivots = _reduce(rows)
    return [
        unknown[col] for r, col in pivots if all(v == 0 for j, v in enumerate(rows[r]) if j != col)
    ]


def _reduce(rows: list[list[Fraction]]) -> list[tuple[int, int]]:
    """Gauss-Jordan elimination in place; returns (row, pivot column) pairs."""
    pivots, rank = [], 0
    width = len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][col]
        rows[rank] = [v / lead for v in rows[rank]]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        pivots.append((rank, col))
        rank += 1
    return pivots


# Table shapes ------------------------------------------------------------------------------

TOTAL = "__total__"


def one_way(counts: Mapping[Hashable, int], total: int, k: int, **frozen) -> Protected:
    """A list of groups and their total. Cells are the group keys and TOTAL."""
    values = {**counts, TOTAL: total}
    return protect(values, [[TOTAL, *counts]], k, **frozen)


def two_way_equations(rows: Sequence[Hashable], cols: Sequence[Hashable]) -> list[list]:
    """Cells (row, col) with margins (row, TOTAL), (TOTAL, col) and (TOTAL, TOTAL)."""
    equations = []
    for r in [*rows, TOTAL]:
        equations.append([(r, TOTAL), *((r, c) for c in cols)])
    for c in [*cols, TOTAL]:
        equations.append([(TOTAL, c), *((r, c) for r in rows)])
    return equations


def two_way(
    values: Mapping[tuple, int],
    rows: Sequence[Hashable],
    cols: Sequence[Hashable],
    k: int,
    **frozen,
) -> Protected:
    """A cross-table with its margins; `values` holds every cell, margins included."""
    return protect(values, two_way_equations(rows, cols), k, **frozen)


def round_to_5(value: int) -> int:
    """Nearest multiple of 5, halves up (NHS Digital's practice for published counts)."""
    return int((value + 2.5) // 5 * 5)
