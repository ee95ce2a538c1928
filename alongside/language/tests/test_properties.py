"""Properties that hold for any text: no crash, honest offsets, the same answer twice."""

from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.language import check

# Text built from note-like words, quotes and punctuation, plus arbitrary Unicode.
WORDS = st.sampled_from(
    [
        "she", "refused", "non-compliant", "not", "hostile", "the", "landlord", "claims",
        '"pain"', "'anxiety'", "addict", "İ", "ß", "\u2019s", "clean", "urine", "—", ",", ".",
        "\n", "  ", "said,", '"I', "am", "an", 'alcoholic"', "(", ")", "-", "autistic",
    ]
)  # fmt: skip
NOTES = st.lists(WORDS, max_size=40).map(" ".join)
TEXT = st.one_of(st.text(max_size=300), NOTES)
PREFERENCES = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "identity_first": st.booleans(),
            "own_terms": st.lists(st.one_of(st.text(max_size=12), WORDS), max_size=4),
        },
    ),
)


@settings(max_examples=300, deadline=None)
@given(TEXT, PREFERENCES)
def test_any_text_gives_findings_that_point_into_it(text, preferences):
    for f in check(text, preferences):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.severity in ("info", "suggestion", "warning")


@settings(max_examples=100, deadline=None)
@given(TEXT, PREFERENCES)
def test_checking_is_deterministic(text, preferences):
    assert check(text, preferences) == check(text, preferences)


# Words that set off the second edition's context tests: kin, names of services, sources,
# refusals of anything, doubt adverbs, legal senses.
NOTE_WORDS = st.sampled_from(
    [
        "Mum", "mum", "her", "mother", "The", "child", "is", "was", "refused", "refusing",
        "the", "offer", "of", "olanzapine", "per", "according", "to", "staff", "claims",
        "claim", "asylum", "alleged", "offence", "Sex", "Offenders", "Register", "Youth",
        "Offending", "Team", "offender", "apparently", "reportedly", "drinking", "hostile",
        "and", "aggressive", "sweet", "old", "man", "dirty", "for", "opiates", "urine",
        "pleasant", "chose", "live", "in", "a", "hostel", "schizophrenic", "23-year-old",
        "alcoholic", ",", ".", '"', "'", "\n\n", "addict", "autistic", "Diabetic", "patient",
    ]
)  # fmt: skip
DENSE = st.lists(NOTE_WORDS, max_size=60).map(" ".join)
ANY_TEXT = st.one_of(TEXT, DENSE)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, PREFERENCES)
def test_merged_findings_never_overlap_and_cover_every_raw_finding(text, preferences):
    from alongside.language import _checker

    checker = _checker((), ())
    merged = checker.check(text, preferences)
    raw = checker.check(text, preferences, merge=False)
    for a, b in zip(merged, merged[1:], strict=False):
        assert a.end <= b.start  # one problem, one finding: no two findings share a word
    for f in merged:
        assert text[f.start : f.end] == f.text
        assert 0 <= f.start < f.end <= len(text)
    # Every raw match lies inside the merged finding that speaks for it, and each merged
    # finding is exactly the union of the raw matches under it.
    for r in raw:
        assert any(m.start <= r.start and r.end <= m.end for m in merged), r
    for m in merged:
        under = [r for r in raw if m.start <= r.start and r.end <= m.end]
        assert under
        assert min(r.start for r in under) == m.start
        assert max(r.end for r in under) == m.end
        assert m.rule in {r.rule for r in under}


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT, PREFERENCES)
def test_asking_what_was_silenced_changes_nothing_and_points_into_the_text(text, preferences):
    from alongside.language import _checker

    quiet = []
    found = _checker((), ()).check(text, preferences, silenced=quiet)
    assert found == _checker((), ()).check(text, preferences)  # asking changes nothing
    for f, reason in quiet:
        assert reason in ("own_term", "identity_first")
        assert text[f.start : f.end] == f.text


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT, PREFERENCES)
def test_dense_note_text_is_deterministic(text, preferences):
    assert check(text, preferences) == check(text, preferences)


QUOTEY = st.text(
    alphabet=st.sampled_from("ab_1 \n\t([{'\"\u201c\u2018\u2019\u00a0é.-"), max_size=40
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(QUOTEY, st.text(max_size=60)), st.integers(0, 60))
def test_the_fast_opener_search_finds_what_the_opener_pattern_finds(text, pos):
    from alongside.language.quotes import _OPENER, _next_opener

    pos = min(pos, len(text))
    m = _OPENER.search(text, pos)
    assert _next_opener(text, pos) == (m.start() if m else -1)


# Words around the negated-evidence scope and the reported-speaker test: negations, nouns of
# evidence, articles between a reporting verb and its subject, and judgements they reach.
SCOPE_WORDS = st.sampled_from(
    [
        "no", "not", "isn't", "any", "a", "evidence", "suggestion", "sign", "that", "there",
        "is", "was", "she", "he", "malingering", "hostile", "lying", "Dad", "says", "the",
        "children", "those", "boy", ",", ".", ";", "but", "-", "\n",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(SCOPE_WORDS, max_size=30).map(" ".join), PREFERENCES)
def test_negation_and_reported_speech_tests_hold_at_any_position(text, preferences):
    for f in check(text, preferences):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text


FILLER = st.lists(
    st.sampled_from(["he", "was", "again", "quite", "today", "really", "then"]), max_size=9
)


@settings(max_examples=200, deadline=None)
@given(FILLER)
def test_a_negated_noun_of_evidence_reaches_a_judgement_up_to_eight_words_on(filler):
    # "no" is eight words or fewer before the judgement exactly when the filler has at most
    # five words ("no evidence that" is three); past that the judgement stands.
    text = " ".join(["There", "is", "no", "evidence", "that", *filler, "hostile."])
    flagged = [f.rule for f in check(text)]
    assert ("judgement.hostile" in flagged) == (len(filler) > 5), (text, flagged)
