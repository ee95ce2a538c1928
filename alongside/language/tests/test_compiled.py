"""The fast paths give the same answers as the slow ones.

The CLI reads its finished index from a cache file; scanning dispatches patterns by the
neighbour they need; self-descriptions are searched for only around certain words. Each
is checked here against the plain way of doing the same thing, on any text.
"""

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.language import Checker, compiled, quotes
from alongside.language import tokens as tokens_module
from alongside.language.checker import _merge
from alongside.language.matcher import entry, match_at, merge_indexes, scan, scan_all
from alongside.language.rules import BUILTIN_DIR
from alongside.language.tokens import Tokens

from .test_properties import ANY_TEXT, PREFERENCES


@pytest.fixture(scope="module")
def two_checkers(tmp_path_factory):
    """A checker whose index came from the cache file, and one compiled without a cache."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ALONGSIDE_CACHE_DIR", str(cache))
        Checker()  # compiles and writes the cache file
        assert list(cache.glob("*.marshal"))

        def no_compiling(directories):
            raise AssertionError("the cache file should have been used")

        mp.setattr(compiled, "compile_dirs", no_compiling)
        cached = Checker()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ALONGSIDE_NO_CACHE", "1")
        uncached = Checker()
    return cached, uncached


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, PREFERENCES)
def test_the_cached_index_finds_exactly_what_a_freshly_compiled_one_does(
    two_checkers, text, preferences
):
    cached, uncached = two_checkers
    quiet_cached, quiet_uncached = [], []
    assert cached.check(text, preferences, silenced=quiet_cached) == uncached.check(
        text, preferences, silenced=quiet_uncached
    )
    assert quiet_cached == quiet_uncached
    assert cached.check(text, preferences, merge=False) == uncached.check(
        text, preferences, merge=False
    )


@pytest.fixture(scope="module")
def plain_indexes():
    """Every pattern and exception as a flat list of entries, with no dispatching."""
    data = compiled.compile_dirs([BUILTIN_DIR])
    return [
        [entry(n, compiled.positions_tuple(positions), k) for n, positions, k in data[kind]]
        for kind in ("patterns", "exceptions")
    ]


def _every_match(entries, tokens):
    """The slow way: try every entry at every token that is one of its anchor words."""
    found = set()
    for i, word in enumerate(tokens.words):
        for e in entries:
            if word in e[1][e[2]][1]:
                span = match_at(e, tokens, i)
                if span:
                    found.add((e[0], *span))
    return found


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT)
def test_dispatched_scanning_finds_every_match_the_slow_way_does(two_checkers, plain_indexes, text):
    cached, _ = two_checkers
    tokens = Tokens(text)
    patterns, exceptions = plain_indexes
    assert set(scan(cached.plan.index, tokens)) == _every_match(patterns, tokens)
    assert set(scan(cached.plan.exceptions, tokens)) == _every_match(exceptions, tokens)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_one_pass_for_rules_and_exceptions_finds_what_a_scan_of_each_does(two_checkers, text):
    """The checker scans for rule matches and exception matches at once (scan_all); each
    list is exactly, and in the same order, what scanning for that index alone yields."""
    cached, _ = two_checkers
    tokens = Tokens(text)
    merged = merge_indexes(cached.plan.index, cached.plan.exceptions)
    rules, exceptions = scan_all(merged, tokens, 2)
    assert rules == list(scan(cached.plan.index, tokens))
    assert exceptions == list(scan(cached.plan.exceptions, tokens))


SELF_WORDS = st.sampled_from(
    [
        "in", "her", "his", "their", "the", "client's", "own", "words", "describes",
        "described", "herself", "himself", "themselves", "as", "refers", "to", "identifies",
        "self-identifies", "self", "calls", "called", "what", "she", "they", "sees", "thinks",
        "of", ",", ".", "\n", "x_y_z", "describ_a_b", "Words", "AS",
    ]
)  # fmt: skip
SELF_PHRASES = st.sampled_from(
    [
        "in her own words", "in the client's words", "In the patient's own words,",
        "describes herself as", "refers to himself as", "self-identifies as",
        "what she calls", "calls herself", "what they refer to as", "identified as",
        "thinks of themselves as", "described_x_y_z herself as",
    ]
)  # fmt: skip
SELF_TEXT = st.one_of(
    ANY_TEXT, st.lists(st.one_of(SELF_WORDS, SELF_PHRASES), max_size=30).map(" ".join)
)


@settings(max_examples=300, deadline=None)
@given(SELF_TEXT)
def test_self_descriptions_found_near_their_words_are_those_in_the_whole_text(text):
    tokens = Tokens(text)
    everywhere = []
    for m in quotes._ATTRIBUTED.finditer(tokens.low):
        stop = quotes._SENTENCE_END.search(tokens.low, m.end())
        everywhere.append((m.start(), stop.start() if stop else len(tokens.low)))
    assert _merge(quotes.attributed_regions(tokens)) == _merge(everywhere)
    # The checker finds the words a self-description ends in during its one pass.
    [ends] = scan_all(merge_indexes(quotes.SELF_ENDS_INDEX), tokens, 1)
    assert [i for _, i, _ in ends] == [
        i for i, w in enumerate(tokens.words) if w in quotes._SELF_ENDS
    ]
    assert quotes.attributed_regions(tokens, [i for _, i, _ in ends]) == quotes.attributed_regions(
        tokens
    )


def test_the_cache_follows_a_rule_files_content_not_its_date(tmp_path, monkeypatch):
    """Same size, same modification time, different word: a new cache file, new rules."""
    monkeypatch.setenv("ALONGSIDE_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules" / "practice"
    rules.mkdir(parents=True)
    rule = (
        "- id: practice.term\n  severity: info\n  patterns: [{word}]\n  message: m\n"
        "  source: https://example.org\n  tests: {{flag: [x], no-flag: [y]}}\n"
    )
    path = Path(rules / "r.yaml")
    path.write_text(rule.format(word="zebra"))
    os.utime(path, ns=(10**18, 10**18))
    assert Checker(rule_dirs=[tmp_path / "rules"]).check("a zebra")
    path.write_text(rule.format(word="zebu1"))
    os.utime(path, ns=(10**18, 10**18))
    checker = Checker(rule_dirs=[tmp_path / "rules"])
    assert checker.check("a zebu1") and not checker.check("a zebra")
    assert len(list((tmp_path / "cache").glob("*.marshal"))) == 2


# Text made of what tokenising has to get right: apostrophes inside, around and between
# words, underscores (word characters to the regex, but never part of a word), digits,
# punctuation, line ends, and letters and marks outside ASCII.
TOKEN_TEXT = st.one_of(
    ANY_TEXT,
    st.text(alphabet="ab1' _-.,\n\t\"\u2019\u00e9\u0130\u00df\u0301\u00a0\u2014", max_size=40),
    st.text(alphabet="aZ9'_ .", max_size=40),
)


@settings(max_examples=500, deadline=None)
@given(TOKEN_TEXT)
def test_tokens_are_the_words_and_gaps_the_word_pattern_splits_the_text_into(text):
    """ASCII text is tokenised without the regex engine; the result is the regex's."""
    tokens = Tokens(text)
    parts = tokens_module._SPLIT.split(tokens.low)  # [gap, word, gap, ..., word, gap]
    assert tokens.words == parts[1::2]
    assert [tokens.gap(i) for i in range(len(tokens) + 1)] == parts[0::2]
    for i, word in enumerate(tokens.words):
        assert tokens.low[tokens.start(i) : tokens.end(i)] == word


def test_an_apostrophe_joins_two_words_only_when_it_sits_between_word_characters():
    tokens = Tokens("Don't say 'pain' -- a''b, rock'n'roll it's' x_y _")
    assert tokens.words == ["don't", "say", "pain", "a", "b", "rock'n'roll", "it's", "x", "y"]
    assert tokens.gap(3) == "' -- "
    assert [tokens.joined(i) for i in range(1, 4)] == [True, False, False]
