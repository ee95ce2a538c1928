"""Turning per-client facts into protected tables: sums by group, the cells and equations,
the suppression, and the rows that may be published.

A table's cells are keyed (row, column). Rows are group keys (or pairs of them, for an
intersection) and TOTAL; columns are "n" (people), the metric's count columns and, where
the counts add up to something other than n, a base column (sessions, prompts).
"""

from dataclasses import dataclass, field
from statistics import median

from alongside.equity.suppression import TOTAL, Protected, protect, round_to_5


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    explain: str
    parts: tuple[str, ...] = ()
    labels: dict = field(default_factory=dict)
    # The column the parts add up to: "n" (each person in one part), another count
    # (sessions, prompts), or None (parts are not a split of anything).
    base: str | None = None
    base_label: str = ""
    # (name, numerator column, denominator column)
    rates: tuple[tuple[str, str, str], ...] = ()
    # (name, the count column whose people the samples come from)
    averages: tuple[tuple[str, str], ...] = ()
    unit: str = ""  # what the chart shows: the first rate, else the first average

    @property
    def columns(self) -> list[str]:
        extra = [self.base] if self.base not in (None, "n") else []
        return ["n", *self.parts, *extra]


@dataclass
class Fact:
    """One client's contribution to one metric."""

    counts: dict = field(default_factory=dict)
    samples: dict = field(default_factory=dict)  # median name -> list of numbers
    sums: dict = field(default_factory=dict)  # mean name -> [total, how many]

    def add(self, name: str, value) -> None:
        if name.startswith("mean"):
            acc = self.sums.setdefault(name, [0, 0])
            acc[0] += value
            acc[1] += 1
        else:
            self.samples.setdefault(name, []).append(value)


@dataclass
class Sums:
    values: dict  # (row, column) -> int
    samples: dict  # (row, average name) -> list


def add_up(metric: Metric, facts: dict, members: dict) -> Sums:
    """`members`: row key -> set of client ids (TOTAL included). Only clients with a fact
    for this metric count."""
    values, samples = {}, {}
    for row, clients in members.items():
        # Walk the smaller side: most metrics have facts for few of a group's members.
        if len(facts) < len(clients):
            present = [fact for c, fact in facts.items() if c in clients]
        else:
            present = [facts[c] for c in clients if c in facts]
        values[(row, "n")] = len(present)
        totals = dict.fromkeys(metric.parts, 0)
        for fact in present:
            for part, count in fact.counts.items():
                if part in totals:
                    totals[part] += count
        for part in metric.parts:
            values[(row, part)] = totals[part]
        if metric.base not in (None, "n"):
            values[(row, metric.base)] = sum(totals.values())
        means = {name: [0, 0] for name, _col in metric.averages if name.startswith("mean")}
        if means:  # one pass over the facts for every mean
            for fact in present:
                for name, (total, count) in fact.sums.items():
                    acc = means.get(name)
                    if acc is not None:
                        acc[0] += total
                        acc[1] += count
            for name, (total, count) in means.items():
                samples[(row, name)] = (total, count)
        for name, _col in metric.averages:
            if name in means:
                continue
            found = []
            for fact in present:
                found += fact.samples.get(name, ())
            samples[(row, name)] = found
    return Sums(values, samples)


def equations(metric: Metric, rows: list) -> list[list]:
    eqs = [[(TOTAL, col), *((r, col) for r in rows)] for col in metric.columns]
    if metric.base is not None and metric.parts:
        for r in [*rows, TOTAL]:
            eqs.append([(r, metric.base), *((r, p) for p in metric.parts)])
    return eqs


def pair_equations(metric: Metric, firsts: list, seconds: list) -> list[list]:
    """Intersections: each group of one dimension is the margin of its pairs."""
    eqs = []
    for col in metric.columns:
        for a in firsts:
            eqs.append([((a, TOTAL), col), *(((a, b), col) for b in seconds)])
        for b in seconds:
            eqs.append([((TOTAL, b), col), *(((a, b), col) for a in firsts)])
    if metric.base is not None and metric.parts:
        for a in firsts:
            for b in seconds:
                eqs.append([((a, b), metric.base), *(((a, b), p) for p in metric.parts)])
    return eqs


@dataclass
class Published:
    """A protected table: the sums, which cells are hidden, and how to print them."""

    metric: Metric
    rows: list  # row keys, TOTAL last
    sums: Sums
    protected: Protected
    k: int
    rounding: bool

    def shows(self, row, col) -> bool:
        return self.protected.shows((row, col))

    def count(self, row, col) -> int | None:
        if not self.shows(row, "n") or not self.shows(row, col):
            return None
        value = self.sums.values[(row, col)]
        return round_to_5(value) if self.rounding else value

    def rate(self, row, top, bottom) -> float | None:
        a, b = self.count(row, top), self.count(row, bottom)
        if a is None or not b:
            return None
        return round(a / b, 3)

    def average(self, row, name, col) -> float | None:
        if self.count(row, "n") is None or self.count(row, col) is None:
            return None
        samples = self.sums.samples.get((row, name), [])
        if isinstance(samples, tuple):  # a mean, kept as (total, how many)
            total, count = samples
            return round(total / count, 1) if count >= self.k else None
        if len(samples) < self.k:
            return None  # no mean or median of fewer than k numbers
        return round(float(median(samples)), 1)

    def row(self, key) -> dict:
        out = {"n": self.count(key, "n"), "suppressed": not self.shows(key, "n")}
        for col in self.metric.columns[1:]:
            out[col] = self.count(key, col)
        for name, top, bottom in self.metric.rates:
            out[name] = self.rate(key, top, bottom)
        for name, col in self.metric.averages:
            out[name] = self.average(key, name, col)
        return out


def publish(
    metric: Metric,
    sums: Sums,
    rows: list,
    eqs: list,
    k: int,
    *,
    rounding: bool = False,
    extra_values: dict | None = None,
    frozen: tuple = (),
    frozen_hidden: tuple = (),
    group_rows: list | None = None,
) -> Published:
    """Protect and wrap. `group_rows`: rows whose n is a group's size, hidden at 0 too."""
    values = {**sums.values, **(extra_values or {})}
    zero = [(r, "n") for r in (group_rows or [])]
    protected = protect(
        values, eqs, k, frozen=frozen, frozen_hidden=frozen_hidden, zero_is_small=zero
    )
    return Published(metric, [*rows, TOTAL], sums, protected, k, rounding)


def linked(mine: Sums, practice: "Published", metric: Metric, rows: list) -> tuple:
    """Cells and equations tying a caseload's table to the practice's published one, so that
    practice minus caseload (everyone else's clients) gives away no small number either.

    Returns (extra values, equations, frozen cells, frozen hidden cells)."""
    extra, eqs, frozen, frozen_hidden = {}, [], [], []
    for row in [*rows, TOTAL]:
        for col in metric.columns:
            theirs = practice.sums.values.get((row, col), 0)
            ours = mine.values.get((row, col), 0)
            p_cell, o_cell = ("practice", row, col), ("others", row, col)
            extra[p_cell] = theirs
            extra[o_cell] = theirs - ours
            frozen += [p_cell, o_cell]
            frozen_hidden.append(o_cell)
            if practice.count(row, col) is None:
                frozen_hidden.append(p_cell)
            eqs.append([p_cell, (row, col), o_cell])
    return extra, eqs, frozen, frozen_hidden
