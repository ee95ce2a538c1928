"""Finding where patterns match, in one pass over the tokens.

Each pattern is indexed by its rarest required word (its anchor), and under its anchor
by the word it needs next (or, failing that, the word it needs before). Scanning the
text picks out the anchor tokens in C (`compress`); at each one a look-up of the next
and previous words gives just the patterns whose neighbours fit, and only those are
walked in full. There is no pass per rule and no pattern is tried where it cannot fit.
"""

from itertools import compress

from alongside.language.patterns import ANY, CLAUSE_END, NUMBER, WORDS
from alongside.language.tokens import Tokens


def entry(number: int, positions: tuple, k: int) -> tuple:
    """An index entry: the pattern plus cheap filters on the words either side of k."""
    simple = all(kind in (WORDS, ANY, NUMBER) and not opt for kind, _, opt in positions)
    after = positions[k + 1] if k + 1 < len(positions) else None
    before = positions[k - 1] if k > 0 else None
    nxt = after[1] if after and after[0] == WORDS and not after[2] else None
    prv = before[1] if before and before[0] == WORDS and not before[2] else None
    return number, positions, k, nxt, prv, simple


def _fits(kind: str, words: frozenset, word: str) -> bool:
    if kind == WORDS:
        return word in words
    if kind == NUMBER:
        return any(c.isdigit() for c in word)
    return True


def _simple(positions, k: int, tokens: Tokens, i: int) -> tuple[int, int] | None:
    """Match a pattern with no optional or zero-width positions: a straight comparison."""
    start = i - k
    end = start + len(positions) - 1
    words = tokens.words
    if start < 0 or end >= len(words):
        return None
    for offset, (kind, allowed, _) in enumerate(positions):
        if offset == k:
            continue
        if kind == WORDS:
            if words[start + offset] not in allowed:
                return None
        elif kind == NUMBER and not any(c.isdigit() for c in words[start + offset]):
            return None
    # Every gap inside the match must join (tokens.joined), asked inline for one space.
    starts, low, joined = tokens.starts, tokens.low, tokens.joined
    for j in range(start + 1, end + 1):
        s = starts[j]
        if low[s - 1] == " " and starts[j - 1] + len(words[j - 1]) == s - 1:
            continue
        if not joined(j):
            return None
    return start, end


def _reach(positions, tokens: Tokens, start: int, step: int) -> set[int] | tuple:
    """Token indices reachable from `start` by walking `positions` in direction `step`."""
    states = (start,)
    words, joined = tokens.words, tokens.joined
    n = len(words)
    for kind, allowed, optional in positions:
        new = set(states) if optional else set()
        if kind == WORDS:  # the usual position: inlined
            for s in states:
                j = s + step
                if 0 <= j < n and words[j] in allowed and joined(s if step < 0 else j):
                    new.add(j)
        elif kind == CLAUSE_END:
            # Zero width: true where no word of the same phrase follows.
            if step > 0:
                new.update(s for s in states if s + 1 >= n or not joined(s + 1))
        else:
            for s in states:
                j = s + step
                if 0 <= j < n and joined(max(s, j)) and _fits(kind, allowed, words[j]):
                    new.add(j)
        if not new:
            return new
        states = new
    return states


def match_at(entry_: tuple, tokens: Tokens, i: int) -> tuple[int, int] | None:
    """The longest match of an indexed pattern whose anchor sits on token i."""
    _, positions, k, nxt, prv, simple = entry_
    words = tokens.words
    if nxt is not None and (i + 1 >= len(words) or words[i + 1] not in nxt):
        return None
    if prv is not None and (i == 0 or words[i - 1] not in prv):
        return None
    if simple:
        return _simple(positions, k, tokens, i)
    right = _reach(positions[k + 1 :], tokens, i, 1)
    if not right:
        return None
    left = _reach(positions[:k][::-1], tokens, i, -1)
    if not left:
        return None
    return min(left), max(right)


def dispatch(index: dict[str, list[tuple]]) -> dict[str, tuple]:
    """Group each anchor word's entries by the neighbour they need, for `scan`.

    Returns anchor word -> (by next word, by previous word, the rest). An entry that
    needs a particular next word is filed under each word it accepts there; one that
    needs only a previous word likewise; an entry with no fixed neighbour is always tried.
    """
    out: dict[str, tuple] = {}
    same: dict[tuple, tuple] = {}  # equal groups shared: a smaller index loads faster
    for word, entries in index.items():
        by_next: dict[str, list] = {}
        by_prev: dict[str, list] = {}
        rest = []
        for e in entries:
            nxt, prv = e[3], e[4]
            if nxt is not None:
                for w in nxt:
                    by_next.setdefault(w, []).append(e)
            elif prv is not None:
                for w in prv:
                    by_prev.setdefault(w, []).append(e)
            else:
                rest.append(e)
        out[word] = (
            {w: same.setdefault(tuple(es), tuple(es)) for w, es in by_next.items()} or None,
            {w: same.setdefault(tuple(es), tuple(es)) for w, es in by_prev.items()} or None,
            same.setdefault(tuple(rest), tuple(rest)),
        )
    return out


def scan(index: dict[str, tuple], tokens: Tokens):
    """Yield (rule number, first token, last token) for every pattern match.

    `index` is a `dispatch` of anchor words to their grouped entries. The checker scans
    its big indexes together (`scan_all`); this is the same for one small index.
    """
    yield from scan_all(merge_indexes(index), tokens, 1)[0]


def merge_indexes(*indexes: dict[str, tuple]) -> dict[str, tuple]:
    """Several `dispatch` indexes as one, for `scan_all`: anchor word -> its groups in
    each index that has it, each as (by next, by previous, the rest, which index)."""
    merged: dict[str, list] = {}
    for which, index in enumerate(indexes):
        for word, groups in index.items():
            merged.setdefault(word, []).append((*groups, which))
    return {word: tuple(groups) for word, groups in merged.items()}


def scan_all(merged: dict[str, tuple], tokens: Tokens, count: int) -> list[list]:
    """What `scan` yields for each of `count` indexes merged by `merge_indexes`, as lists,
    from one pass over the text: the rules and their exceptions share most anchor words,
    and finding the anchors and their groups was a third of scanning for each."""
    words = tokens.words
    last = len(words) - 1
    found_in = [[] for _ in range(count)]
    adds = [found.append for found in found_in]
    for i in compress(range(len(words)), map(merged.__contains__, words)):
        for by_next, by_prev, rest, which in merged[words[i]]:
            add = adds[which]
            for e in rest:  # as in scan, from here on
                if e[5] and len(e[1]) == 1:
                    add((e[0], i, i))
                    continue
                found = _simple(e[1], e[2], tokens, i) if e[5] else _walk(e, tokens, i)
                if found:
                    add((e[0], found[0], found[1]))
            if by_next is not None and i < last:
                for e in by_next.get(words[i + 1], ()):
                    prv = e[4]
                    if prv is not None and (i == 0 or words[i - 1] not in prv):
                        continue
                    found = _simple(e[1], e[2], tokens, i) if e[5] else _walk(e, tokens, i)
                    if found:
                        add((e[0], found[0], found[1]))
            if by_prev is not None and i > 0:
                for e in by_prev.get(words[i - 1], ()):
                    found = _simple(e[1], e[2], tokens, i) if e[5] else _walk(e, tokens, i)
                    if found:
                        add((e[0], found[0], found[1]))
    return found_in


def _walk(entry_: tuple, tokens: Tokens, i: int) -> tuple[int, int] | None:
    """match_at without the neighbour checks `scan` has already made."""
    _, positions, k, _, _, simple = entry_
    if simple:
        return _simple(positions, k, tokens, i)
    right = _reach(positions[k + 1 :], tokens, i, 1)
    if not right:
        return None
    left = _reach(positions[:k][::-1], tokens, i, -1)
    if not left:
        return None
    return min(left), max(right)
