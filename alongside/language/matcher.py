"""Finding where patterns match, in one pass over the tokens.

Each pattern is indexed by its rarest required word (its anchor). Scanning the text is
then a dictionary look-up per token; only at the rare tokens that are anchors do we
extend left and right through the pattern's other positions. There is no pass per rule.
"""

from alongside.language.patterns import ANY, CLAUSE_END, NUMBER
from alongside.language.tokens import Tokens


def _fits(kind: str, words: frozenset, tokens: Tokens, j: int) -> bool:
    if kind == ANY:
        return True
    if kind == NUMBER:
        return any(c.isdigit() for c in tokens.words[j])
    return tokens.words[j] in words


def _reach(positions, tokens: Tokens, start: int, step: int) -> set[int]:
    """Token indices reachable from `start` by walking `positions` in direction `step`."""
    states = {start}
    n = len(tokens)
    for kind, words, optional in positions:
        new = set(states) if optional else set()
        for s in states:
            if kind == CLAUSE_END:
                # Zero width: true where no word of the same phrase follows.
                if step > 0 and (s + 1 >= n or not tokens.joined(s + 1)):
                    new.add(s)
                continue
            j = s + step
            if j < 0 or j >= n:
                continue
            if not tokens.joined(max(s, j)):
                continue
            if _fits(kind, words, tokens, j):
                new.add(j)
        if not new:
            return new
        states = new
    return states


def match_at(positions: tuple, k: int, tokens: Tokens, i: int) -> tuple[int, int] | None:
    """The longest match of a pattern whose anchor position k sits on token i."""
    right = _reach(positions[k + 1 :], tokens, i, 1)
    if not right:
        return None
    left = _reach(positions[:k][::-1], tokens, i, -1)
    if not left:
        return None
    return min(left), max(right)


def scan(index: dict, tokens: Tokens):
    """Yield (rule number, first token, last token) for every pattern match."""
    words = tokens.words
    for i, word in enumerate(words):
        entries = index.get(word)
        if not entries:
            continue
        for number, positions, k in entries:
            found = match_at(positions, k, tokens, i)
            if found:
                yield number, found[0], found[1]


def overlaps_any(patterns, tokens: Tokens, first: int, last: int) -> bool:
    """Whether any of `patterns` [(positions, anchor)] matches overlapping first..last."""
    n = len(tokens)
    for positions, k in patterns:
        width = len(positions)
        anchors = positions[k][1]
        for i in range(max(0, first - width), min(n, last + width + 1)):
            if tokens.words[i] in anchors:
                found = match_at(positions, k, tokens, i)
                if found and found[0] <= last and found[1] >= first:
                    return True
    return False
