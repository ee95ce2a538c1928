"""Putting it together: rules, context, quotations and preferences into findings."""

from bisect import bisect_right
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from alongside.language import context, quotes
from alongside.language.compiled import load_plan
from alongside.language.findings import SEVERITIES, Finding, new_finding
from alongside.language.matcher import dispatch, entry, merge_indexes, scan, scan_all
from alongside.language.patterns import WORDS, inflect
from alongside.language.preferences import NamingPreferences
from alongside.language.tokens import WORD, Tokens, normalise

_RANK = {s: n for n, s in enumerate(SEVERITIES)}

# Why a finding was kept quiet for this client (see Checker.check's `silenced`).
OWN_TERM = "own_term"
IDENTITY_FIRST = "identity_first"

# Small words a pattern needs for context but that carry no judgement: a finding's span
# is trimmed of them at either end ("is pleasant and" is shown as "pleasant").
_LEAD = frozenset(
    """
    is was were are be been being am a an the this that these those her his their its my our
    your and or very so quite really rather such also just being seems seemed appears
    appeared remains remained became becomes
    """.split()  # noqa: SIM905
)
_TRAIL = frozenset("and or of to for with from on in at the a an by".split())  # noqa: SIM905


def _phrase_index(phrases) -> dict:
    """A tiny matcher index for literal phrases; the last word may be inflected."""
    index: dict[str, list[tuple]] = {}
    for n, phrase in enumerate(phrases):
        words = WORD.findall(normalise(phrase))
        if not words:
            continue
        steps = [(WORDS, frozenset({w}), False) for w in words[:-1]]
        steps.append((WORDS, frozenset(inflect(words[-1])), False))
        joined = (WORDS, frozenset(inflect("".join(words))), False)
        for positions in {tuple(steps), (joined,)}:
            for word in positions[0][1]:
                index.setdefault(word, []).append(entry(n, positions, 0))
    return dispatch(index)


class Checker:
    """A rule set (built-in plus practice packs) with an accept-list, ready to check text."""

    def __init__(self, rule_dirs=(), accept=()):
        self.plan = load_plan([Path(d) for d in rule_dirs])
        ids = {rule.id for rule in self.plan.rules}
        accept = [a for a in accept if a and a.strip()]
        self.accepted_rules = frozenset(a for a in accept if a in ids)
        self._accept_index = _phrase_index([a for a in accept if a not in ids])
        self._excepted = frozenset(
            e[0]
            for by_next, by_prev, rest in self.plan.exceptions.values()
            for group in (*(by_next or {}).values(), *(by_prev or {}).values(), rest)
            for e in group
        )
        self._indexes = merge_indexes(self.plan.index, self.plan.exceptions, quotes.SELF_ENDS_INDEX)
        self._scare = next((r for r in self.plan.rules if r.detector == "scare-quotes"), None)

    @property
    def rules(self):
        return self.plan.rules

    def check(
        self,
        text: str,
        preferences=None,
        *,
        merge: bool = True,
        silenced: list | None = None,
        quoted: list | None = None,
    ) -> list[Finding]:
        """Findings in `text`, one per problem.

        With merge=False every rule's own match is kept, overlapping or not: what a
        rule's self-tests need, since in a merged result one rule may speak for another.
        Pass a list as `silenced` to learn what the client's preferences kept quiet: it
        receives (finding, reason) pairs, reason OWN_TERM or IDENTITY_FIRST, so an app can
        say why a word was not flagged.

        `quoted` is find_quotes(text), when the caller has already worked it out: a
        piece of a longer text checked on its own (see parallel.py) gets the longer
        text's quotations, since where a quotation ends can depend on text outside it.
        """
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        prefs = NamingPreferences.coerce(preferences)
        tokens = Tokens(text)
        if quoted is None:
            quoted = quotes.find_quotes(text)
        # Rule matches, every exception's matches and the words that end a
        # self-description, from one pass over the text (see matcher.scan_all).
        matches, exception_matches, self_ends = scan_all(self._indexes, tokens, 3)
        attributed = quotes.attributed_regions(tokens, [i for _, i, _ in self_ends])
        hidden = _merge([(s, e) for s, e, _ in quoted] + attributed)
        quiet: list = []
        found = self._rule_findings(tokens, hidden, prefs, quiet, matches, exception_matches)
        found += self._scare_findings(text, quoted)
        if found:
            found = self._drop_own_and_accepted(tokens, found, prefs, quiet)
        if silenced is not None and quiet:
            silenced += [(f, _why(f, quiet)) for f in _tidy([f for f, _ in quiet])]
        return _tidy(found) if merge else sorted(found, key=lambda f: (f.start, f.end, f.rule))

    def _rule_findings(
        self, tokens: Tokens, hidden, prefs: NamingPreferences, quiet: list, matches, exceptions
    ) -> list[Finding]:
        # The hot loop of a check: a dense note has a match every ten words. Each test is
        # asked here the cheap way first, with the function that answers it in full
        # (_quiet_in_context, context.in_a_name, _trim) called only when the cheap answer
        # is not already no.
        rules = self.plan.rules
        accepted = self.accepted_rules
        excepted_rules = self._excepted
        excepted = None  # rule number -> token spans of its exceptions, made on first need
        text = tokens.text
        starts, words = tokens.starts, tokens.words  # token i is text[starts[i]:][:len(words[i])]
        hidden_starts, hidden_ends = hidden
        name_starts = context.NAME_STARTS
        says: dict[int, dict] = {}  # rule number -> what each of its findings says
        new = object.__new__
        out: list[Finding] = []
        for number, first, last in matches:
            rule = rules[number]
            if accepted and rule.id in accepted:
                continue
            if hidden_starts:  # the match lies inside a hidden span (sorted, merged)
                k = bisect_right(hidden_starts, starts[first]) - 1
                if k >= 0 and starts[last] + len(words[last]) <= hidden_ends[k]:
                    continue  # someone else's words
            if number in excepted_rules:
                if excepted is None:
                    excepted = _exception_spans(exceptions)
                spans = excepted.get(number)
                if spans and _overlapped(spans, first, last):
                    continue
            if rule.context and _quiet_in_context(rule.context, tokens, first, last):
                continue
            if (text[starts[first]].isupper() or words[first] in name_starts) and (
                context.in_a_name(tokens, first, last)
            ):
                continue  # "the Sex Offenders Register": an institution's name
            if words[first] in _LEAD or words[last] in _TRAIL:
                first, last = _trim(words, first, last)
            said = says.get(number)
            if said is None:
                said = says[number] = _said(rule, prefs)
            start, end = starts[first], starts[last] + len(words[last])
            found = new(Finding)  # as new_finding does, with the rule's part made once
            found.__dict__.update({"start": start, "end": end, "text": text[start:end], **said})
            if prefs.identity_first and rule.person_first:
                quiet.append((found, IDENTITY_FIRST))  # the client prefers identity-first
                continue
            out.append(found)
        return out

    def _scare_findings(self, text: str, quoted):
        rule = self._scare
        if rule is None or rule.id in self.accepted_rules:
            return []
        return [
            _finding(rule, text, s, e, NamingPreferences())
            for s, e, kind in quoted
            if kind == quotes.SCARE
        ]

    def _drop_own_and_accepted(self, tokens: Tokens, found, prefs: NamingPreferences, quiet):
        def spans(index):
            if not index:
                return []
            return [(tokens.start(a), tokens.end(b)) for _, a, b in scan(index, tokens)]

        def hit(f, where):
            return any(s < f.end and f.start < e for s, e in where)

        accepted, own = spans(self._accept_index), spans(_own_terms_index(prefs.own_terms))
        if not accepted and not own:
            return found
        kept = []
        for f in found:
            if hit(f, accepted):
                continue
            if hit(f, own):
                quiet.append((f, OWN_TERM))
                continue
            kept.append(f)
        return kept


def _exception_spans(matches) -> dict[int, tuple]:
    """Where each rule's exceptions match, from the matches of all of them in the text
    (scan of the exceptions index).

    Rule number -> (sorted first tokens, their last tokens, the widest span), for
    `_overlapped`: a dense note can have thousands of exception matches for one rule.
    """
    found: dict[int, list[tuple[int, int]]] = {}
    for number, first, last in matches:
        found.setdefault(number, []).append((first, last))
    spans = {}
    for number, pairs in found.items():
        pairs.sort()
        width = max(b - a for a, b in pairs)
        spans[number] = ([a for a, _ in pairs], [b for _, b in pairs], width)
    return spans


def _overlapped(spans: tuple, first: int, last: int) -> bool:
    """Whether any exception span shares a token with first..last."""
    starts, ends, width = spans
    k = bisect_right(starts, last) - 1  # spans from k down start at or before `last`
    while k >= 0 and starts[k] >= first - width:
        if ends[k] >= first:
            return True
        k -= 1
    return False


def _merge(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Overlapping spans merged, as sorted starts and their ends (for bisection)."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(spans):
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


@lru_cache(maxsize=64)
def _own_terms_index(terms: tuple[str, ...]) -> dict:
    return _phrase_index(terms)


def _quiet_in_context(wanted: frozenset, tokens: Tokens, first: int, last: int) -> bool:
    if not wanted:
        return False
    if "negation" in wanted and context.negated(tokens, first):
        return True
    if "feeling" in wanted and context.feeling(tokens, first):
        return True
    if "passive" in wanted and context.passive(tokens, first):
        return True
    if "client-subject" in wanted:
        return context.other_subject(tokens, first, last, strict=True)
    return "subject" in wanted and context.other_subject(tokens, first, last)


def _finding(rule, text: str, start: int, end: int, prefs: NamingPreferences) -> Finding:
    return new_finding(start=start, end=end, text=text[start:end], **_said(rule, prefs))


def _said(rule, prefs: NamingPreferences) -> dict:
    """The fields of a finding that come from its rule (all but start, end and text)."""
    suggestions = rule.suggestions
    if prefs.identity_first and rule.identity_first_suggestions:
        suggestions = rule.identity_first_suggestions
    return {
        "rule": rule.id,
        "category": rule.category,
        "severity": rule.severity,
        "message": rule.message,
        "suggestions": tuple(suggestions),
        "source": rule.source,
    }


def _trim(words: list[str], first: int, last: int) -> tuple[int, int]:
    while first < last and words[first] in _LEAD:
        first += 1
    while last > first and words[last] in _TRAIL:
        last -= 1
    return first, last


_START, _END = attrgetter("start"), attrgetter("end")


def _why(merged: Finding, quiet: list) -> str:
    """Why a (possibly merged) silenced finding was kept quiet: the reason of a quiet finding
    of the same rule inside its span. Merging can grow a span ("refuse refused" matched
    twice), so the merged span need not be any one finding's."""
    return next(
        why
        for f, why in quiet
        if f.rule == merged.rule and merged.start <= f.start and f.end <= merged.end
    )


def _tidy(found: list[Finding]) -> list[Finding]:
    """One finding per problem: overlapping findings become one.

    Of a group of overlapping findings the most severe (then the longest) speaks for the
    group, and its span grows to cover the group's words.
    """
    # By start, then longest first (ties keep their order): two stable sorts on one
    # field each, in C, cost a fraction of one sort on a (start, -end) key made per finding.
    found.sort(key=_END, reverse=True)
    found.sort(key=_START)
    kept = []
    group: list[Finding] = []
    end = -1
    for f in found:
        if group and f.start < end:
            group.append(f)
            if f.end > end:
                end = f.end
            continue
        if group:
            kept.append(group[0] if len(group) == 1 else _speaker(group))
        group, end = [f], f.end
    if group:
        kept.append(group[0] if len(group) == 1 else _speaker(group))
    return kept


def _speaker(group: list[Finding]) -> Finding:
    """The finding that speaks for an overlapping group, its span grown to cover it."""
    best = min(group, key=lambda f: (-_RANK[f.severity], f.start - f.end, f.rule))
    start, stop = min(f.start for f in group), max(f.end for f in group)
    if (start, stop) == (best.start, best.end):
        return best
    fields = {**best.__dict__, "start": start, "end": stop, "text": _whole_text(group, start, stop)}
    return new_finding(**fields)


def _whole_text(group: list[Finding], start: int, stop: int) -> str:
    """The text under start..stop, pieced together from the group's own texts."""
    chars: dict[int, str] = {}
    for f in group:
        for n, c in enumerate(f.text):
            chars[f.start + n] = c
    return "".join(chars[i] for i in range(start, stop))
