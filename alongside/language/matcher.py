"""Finding where patterns match, in one pass over the tokens.

Each pattern is indexed by its rarest required word (its anchor). Scanning the text is
then a dictionary look-up per token; only at the rare tokens that are anchors do we
look at the neighbouring words, and only when those fit do we walk the whole pattern.
There is no pass per rule.
"""

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
    start, end = i - k, i - k + len(positions) - 1
    words = tokens.words
    if start < 0 or end >= len(words):
        return None
    for offset, (kind, allowed, _) in enumerate(positions):
        if offset != k and not _fits(kind, allowed, words[start + offset]):
            return None
    for j in range(start + 1, end + 1):
        if not tokens.joined(j):
            return None
    return start, end


def _reach(positions, tokens: Tokens, start: int, step: int) -> set[int]:
    """Token indices reachable from `start` by walking `positions` in direction `step`."""
    states = {start}
    n = len(tokens.words)
    for kind, allowed, optional in positions:
        new = set(states) if optional else set()
        for s in states:
            if kind == CLAUSE_END:
                # Zero width: true where no word of the same phrase follows.
                if step > 0 and (s + 1 >= n or not tokens.joined(s + 1)):
                    new.add(s)
                continue
            j = s + step
            if 0 <= j < n and tokens.joined(max(s, j)) and _fits(kind, allowed, tokens.words[j]):
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


def scan(index: dict, tokens: Tokens):
    """Yield (rule number, first token, last token) for every pattern match."""
    get = index.get
    words = tokens.words
    last = len(words) - 1
    for i, word in enumerate(words):
        entries = get(word)
        if not entries:
            continue
        for e in entries:
            # The neighbour checks of match_at, inlined: most candidates stop here.
            nxt, prv = e[3], e[4]
            if nxt is not None and (i >= last or words[i + 1] not in nxt):
                continue
            if prv is not None and (i == 0 or words[i - 1] not in prv):
                continue
            found = match_at(e, tokens, i)
            if found:
                yield e[0], found[0], found[1]


def small_index(entries) -> tuple[dict, int]:
    """Index a few entries (a rule's exceptions) by anchor word, with their widest span."""
    index: dict[str, list[tuple]] = {}
    for e in entries:
        for word in e[1][e[2]][1]:
            index.setdefault(word, []).append(e)
    return index, max((len(e[1]) for e in entries), default=0)


def overlaps_any(small: tuple[dict, int], tokens: Tokens, first: int, last: int) -> bool:
    """Whether a pattern in a small index matches overlapping tokens first..last."""
    index, width = small
    words = tokens.words
    for i in range(max(0, first - width), min(len(words), last + width + 1)):
        for e in index.get(words[i], ()):
            found = match_at(e, tokens, i)
            if found and found[0] <= last and found[1] >= first:
                return True
    return False
