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
