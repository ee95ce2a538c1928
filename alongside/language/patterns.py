"""Turning a rule's phrase patterns into token positions the matcher can walk.

A pattern is a space-separated list of positions. Each position is one or more
alternatives joined by `|`, optionally in parentheses, optionally followed by `?`:

    refuse+            refuse, refuses, refused, refusing (also refusal is listed by hand)
    (a|the)? addict    "addict", "an addict" and "the addict"
    @det               any word of the `det` class in _vocab.yaml
    _  #  $            any one word, a number, the end of a clause (zero width)

A hyphenated word matches written as one word, hyphenated or spaced, and British
spellings also match their American forms, so rule authors write each term once.
"""

import re
from functools import lru_cache

ANY, NUMBER, CLAUSE_END, WORDS = "_", "#", "$", "w"

# British and American spellings, as (pattern, replacement). Compiled on first use: only
# compiling rules needs them, and the CLI normally reads compiled rules from its cache.
_SPELLING_RULES = [
    (r"(?<=\w\w\w)our", "or"),
    (r"is(e|es|ed|ing|ation|ations|er|ers)$", r"iz\1"),
    (r"iz(e|es|ed|ing|ation|ations|er|ers)$", r"is\1"),
    (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"ell(ed|ing|er|ers)$", r"el\1"),
    (r"^(o|a)e", "e"),
    (r"paed", "ped"),
    (r"ogue$", "og"),
    (r"tre$", "ter"),
    (r"ence$", "ense"),
]


@lru_cache(maxsize=1)
def _spellings() -> list:
    return [(re.compile(pattern), replacement) for pattern, replacement in _SPELLING_RULES]


# Words so frequent that a pattern should not be looked up by them.
COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "her",
        "his",
        "their",
        "its",
        "she",
        "he",
        "they",
        "it",
        "i",
        "we",
        "you",
        "my",
        "our",
        "your",
        "them",
        "him",
        "me",
        "us",
        "to",
        "of",
        "in",
        "on",
        "for",
        "with",
        "and",
        "or",
        "not",
        "no",
        "this",
        "that",
        "as",
        "at",
        "by",
        "from",
        "so",
        "very",
        "do",
        "does",
        "did",
        "but",
        "if",
        "all",
        "any",
        "more",
        "some",
        "which",
        "who",
        "would",
        "could",
        "should",
        "will",
        "can",
        "may",
        "about",
        "into",
        "than",
        "then",
        "there",
        "also",
        "just",
        "only",
        "still",
        "again",
        "now",
        "client",
        "patient",
        "pt",
        "person",
        "time",
        "said",
        "says",
    ]
)


class PatternError(ValueError):
    pass


def inflect(word: str) -> set[str]:
    """Regular noun and verb forms: claim -> claims, claimed, claiming."""
    forms = {word}
    if word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
        if word.endswith(("ee", "ye", "oe")):
            forms.add(word + "ing")
    elif word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    else:
        plural = "es" if word.endswith(("s", "sh", "ch", "x", "z", "o")) else "s"
        forms |= {word + plural, word + "ed", word + "ing"}
        if re.search(r"[^aeiou][aeiou][^aeiouwxy]$", word):
            # Doubling is only right for stressed final syllables; adding both forms
            # costs nothing because a misspelt form simply never occurs.
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def spellings(word: str) -> set[str]:
    out = {word}
    for pattern, replacement in _spellings():
        out.add(pattern.sub(replacement, word))
    return out


# Expansions per vocabulary; the vocabulary is kept alive here so its id stays unique.
_MEMO: dict[int, tuple[dict, dict]] = {}


def _alternative(alt: str, vocab: dict[str, list[str]], seen: frozenset = frozenset()):
    """Expand one alternative into token tuples (a hyphenated word gives several)."""
    memo = _MEMO.setdefault(id(vocab), ({}, vocab))[0]
    if not seen and alt in memo:
        return memo[alt]
    out = _expand(alt, vocab, seen)
    if not seen:
        memo[alt] = out
    return out


def _expand(alt: str, vocab: dict[str, list[str]], seen: frozenset):
    if alt.startswith("@"):
        name = alt[1:]
        if name not in vocab:
            raise PatternError(f"unknown word class @{name}")
        if name in seen:
            raise PatternError(f"word class @{name} refers to itself")
        out = set()
        for member in vocab[name]:
            for sub in str(member).split("|"):
                out |= _alternative(sub.strip(), vocab, seen | {name})
        return out
    base, plus = (alt[:-1], True) if alt.endswith("+") else (alt, False)
    base = base.lower().replace("\u2019", "'")
    if not re.fullmatch(r"[^\W_]+(?:['\-][^\W_]+)*", base):
        raise PatternError(f"bad word {alt!r}")
    parts = base.split("-")
    forms = {(*parts[:-1], f) for f in inflect(parts[-1])} if plus else {tuple(parts)}
    out = set()
    for form in forms:
        combos = [()]
        for part in form:
            combos = [(*c, s) for c in combos for s in sorted(spellings(part))]
        for combo in combos:
            out.add(combo)
            if len(combo) > 1:
                out.add(("".join(combo),))
    return out


_STOP = " \t()|"


def _word(text: str, i: int) -> tuple[str, int]:
    j = i
    while j < len(text) and text[j] not in _STOP:
        j += 1
    return text[i:j], j


def _items(text: str, i: int, vocab, nested: bool):
    """Parse items up to `)` or `|` (nested) or the end; yield (kind, forms, optional, end)."""
    while i < len(text):
        c = text[i]
        if c in " \t":
            i += 1
            continue
        if c in ")|":
            if not nested:
                raise PatternError(f"unexpected {c!r}")
            return
        if c == "(":
            forms, i = _group(text, i + 1, vocab)
            optional = i < len(text) and text[i] == "?"
            i += optional
            yield WORDS, forms, optional, i
            continue
        word, i = _word(text, i)
        optional = word.endswith("?") and len(word) > 1
        word = word[:-1] if optional else word
        if word in (ANY, NUMBER, CLAUSE_END):
            if nested:
                raise PatternError(f"{word} cannot go inside parentheses")
            yield word, set(), optional, i
        else:
            yield WORDS, _alternative(word, vocab), optional, i


def _group(text: str, i: int, vocab) -> tuple[set[tuple[str, ...]], int]:
    """Parse `a b|c (d|e)?)` after an opening parenthesis: every token sequence it allows."""
    alternatives: set[tuple[str, ...]] = set()
    while True:
        combos: set[tuple[str, ...]] = {()}
        empty = True
        for _kind, forms, optional, end in _items(text, i, vocab, nested=True):
            empty, i = False, end
            part = forms | {()} if optional else forms
            combos = {c + p for c in combos for p in part}
        while i < len(text) and text[i] in " \t":
            i += 1
        if empty or i >= len(text):
            raise PatternError("empty alternative or missing ')'")
        alternatives |= {c for c in combos if c}
        if text[i] == ")":
            return alternatives, i + 1
        i += 1  # past "|"


def _steps(group: set[tuple[str, ...]], optional: bool) -> list[list[list]]:
    """Position lists for a group: one list per alternative length."""
    by_length: dict[int, set] = {}
    for alt in group:
        by_length.setdefault(len(alt), set()).add(alt)
    if optional and set(by_length) == {1}:
        # The common case stays one optional position instead of two variants.
        return [[[WORDS, sorted(a[0] for a in group), True]]]
    options = [[]] if optional else []
    for length, alts in sorted(by_length.items()):
        options.append([[WORDS, sorted({a[k] for a in alts}), False] for k in range(length)])
    return options


def parse(pattern: str, vocab: dict[str, list[str]]) -> list[list]:
    """Parse one pattern into one or more flat position lists [kind, words, optional]."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise PatternError("empty pattern")
    variants: list[list] = [[]]
    for kind, forms, optional, _ in _items(pattern, 0, vocab, nested=False):
        if kind != WORDS:
            variants = [[*v, [kind, [], optional]] for v in variants]
            continue
        options = _steps(forms, optional)
        variants = [[*v, *option] for v in variants for option in options]
        if len(variants) > 256:
            raise PatternError("pattern expands to too many variants; split it up")
    for v in variants:
        anchor(v)  # raises if the pattern has nothing to look it up by
    return variants


def anchor(positions: list[list]) -> int:
    """The required position with the rarest words: the one to index the pattern by."""
    best, best_score = -1, None
    for k, (kind, words, optional) in enumerate(positions):
        if kind != WORDS or optional:
            continue
        score = sum(100 if w in COMMON else 1 for w in words)
        if best_score is None or score < best_score:
            best, best_score = k, score
    if best < 0:
        raise PatternError("a pattern needs at least one required word")
    return best
