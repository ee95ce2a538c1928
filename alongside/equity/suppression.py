"""Small-number protection for published tables: pure functions, no Django.

A table is a set of cells (any hashable key) holding counts of people (or of sessions, which
can point to people just as well), and a list of *equations*: groups of cells where one is
the total of the others (a row and its row total, a column and its column total). Someone who
reads a table can solve any equation that has exactly one unknown, so:

1. Primary suppression: every cell holding 1 to k-1 is hidden. Zero is shown: "nobody" says
   nothing about a person.
2. Secondary suppression: while some equation has exactly one hidden non-zero cell, hide one more
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
    zero_is_small: Iterable[Hashable] = (),
) -> Protected:
    """Which cells to hide so that no hidden count can be worked out from the shown ones.

    `equations` are groups of cells that add up (a total and its parts). `frozen` cells keep
    the state given to them (`frozen_hidden` are hidden, the rest of `frozen` shown).
    `zero_is_small` cells are hidden at 0 too: a group's size, so that "nobody" and "a few"
    look the same to someone probing with a made-up group.
    """
    k = clamp_k(k)
    frozen = set(frozen) | set(frozen_hidden)
    hidden = set(frozen_hidden)
    zero_small = set(zero_is_small)
    hidden |= {
        cell
        for cell, value in values.items()
        if cell not in frozen and (is_small(value, k) or (value == 0 and cell in zero_small))
    }
    equations = [tuple(eq) for eq in equations if len(eq) > 1]
    fixed_hidden = set(frozen_hidden)
    anchored = _anchored(values, equations, frozen, fixed_hidden)
    # Only non-zero cells are secrets: "none" is not small. (A group size of 0 is shown as
    # hidden, zero_is_small, but may be worked out as 0: that says nobody is in it.)
    # A cell hidden by another table but not small (everyone else's clients, beside a
    # caseload) needs no partner here; the linear check below still stops it giving a small
    # cell away.
    counts = {c for c, v in values.items() if v != 0 and not (c in fixed_hidden and v >= k)}

    def hide_one_more(eq) -> bool:
        candidates = [c for c in eq if c not in hidden and c not in frozen]
        # Hiding a cell that a fixed equation gives away anyway protects nothing.
        candidates = [c for c in candidates if c not in anchored] or candidates
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
                if sum(cell in hidden and cell in counts for cell in eq) == 1:
                    if not hide_one_more(eq):
                        return Protected(frozenset(values), everything_hidden=True)
                    changed = True
        exposed = [c for c in pinned(values, equations, hidden) if is_small(values[c], k)]
        if not exposed:
            return Protected(frozenset(hidden))
        around = [eq for eq in equations if exposed[0] in eq]
        if not any(hide_one_more(eq) for eq in around):
            return Protected(frozenset(values), everything_hidden=True)


# Exact arithmetic modulo a large prime: the equations' coefficients are small integers, so
# this finds the same pinned cells as fractions would (short of a vanishingly unlikely
# coincidence), many times faster. The property tests check against fractions.
PRIME = 2**61 - 1


def _anchored(values, equations, frozen, frozen_hidden) -> set:
    """Cells an equation of fixed cells gives away whatever is hidden: every other cell in
    it is frozen and either shown or a hidden zero."""
    found = set()
    for eq in equations:
        loose = [c for c in eq if c not in frozen or (c in frozen_hidden and values[c] != 0)]
        if len(loose) == 1 and loose[0] not in frozen:
            found.add(loose[0])
    return found


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
        row = {}
        for position, cell in enumerate(eq):
            if cell in index:
                j = index[cell]
                row[j] = (row.get(j, 0) + (-1 if position == 0 else 1)) % PRIME
        row = {j: v for j, v in row.items() if v}
        if row:
            rows.append(row)
    return [unknown[col] for col, row in _reduce(rows) if len(row) == 1]


def _reduce(rows: list[dict]) -> list[tuple[int, dict]]:
    """Gauss-Jordan elimination on sparse rows ({column: value} mod PRIME); returns the
    (pivot column, reduced row) pairs."""
    pivots: dict[int, dict] = {}
    for row in rows:
        for col, piv in pivots.items():
            if col in row:
                factor = row[col]
                for j, v in piv.items():
                    row[j] = (row.get(j, 0) - factor * v) % PRIME
                row = {j: v for j, v in row.items() if v}
        if not row:
            continue
        col = min(row)
        inverse = pow(row[col], PRIME - 2, PRIME)
        row = {j: v * inverse % PRIME for j, v in row.items()}
        for other_col, other in list(pivots.items()):
            if col in other:
                factor = other[col]
                for j, v in row.items():
                    other[j] = (other.get(j, 0) - factor * v) % PRIME
                pivots[other_col] = {j: v for j, v in other.items() if v}
        pivots[col] = row
    return list(pivots.items())


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
