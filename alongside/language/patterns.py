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

ANY, NUMBER, CLAUSE_END, WORDS = "_", "#", "$", "w"

_SPELLINGS = [
    (re.compile(r"(?<=\w\w\w)our"), "or"),
    (re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"iz(e|es|ed|ing|ation|ations|er|ers)$"), r"is\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"ell(ed|ing|er|ers)$"), r"el\1"),
    (re.compile(r"^(o|a)e"), "e"),
    (re.compile(r"paed"), "ped"),
    (re.compile(r"ogue$"), "og"),
    (re.compile(r"tre$"), "ter"),
    (re.compile(r"ence$"), "ense"),
]

# Words so frequent that a pattern should not be looked up by them.
COMMON = frozenset(
    "a an the is was were are be been being am has have had her his their its she he they "
    "it i we you my our your them him me us to of in on for with and or not no this that "
    "as at by from so very do does did but if all any more some which who would could "
    "should will can may about into than then there also just only still again now "
    "client patient pt person time said says".split()
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
    for pattern, replacement in _SPELLINGS:
        out.add(pattern.sub(replacement, word))
    return out


def _alternative(alt: str, vocab: dict[str, list[str]], seen: frozenset = frozenset()):
    """Expand one alternative into token tuples (a hyphenated word gives several)."""
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
    if plus:
        forms = {(*parts[:-1], form) for form in inflect(parts[-1])}
    else:
        forms = {tuple(parts)}
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


def parse(pattern: str, vocab: dict[str, list[str]]) -> list[list]:
    """Parse one pattern into one or more flat position lists [kind, words, optional]."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise PatternError("empty pattern")
    variants: list[list] = [[]]
    for raw in pattern.split():
        optional = raw.endswith("?") and len(raw) > 1
        body = raw[:-1] if optional else raw
        if body.startswith("(") and body.endswith(")"):
            body = body[1:-1]
        if body in (ANY, NUMBER, CLAUSE_END):
            variants = [[*v, [body, [], optional]] for v in variants]
            continue
        alternatives = set()
        for alt in body.split("|"):
            if not alt:
                raise PatternError(f"empty alternative in {raw!r}")
            alternatives |= _alternative(alt, vocab)
        by_length: dict[int, set] = {}
        for alt in alternatives:
            by_length.setdefault(len(alt), set()).add(alt)
        new = []
        for v in variants:
            for length, group in sorted(by_length.items()):
                steps = [[WORDS, sorted({a[k] for a in group}), optional] for k in range(length)]
                new.append([*v, *steps])
        variants = new
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
