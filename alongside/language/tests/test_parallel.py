"""A long text checked in pieces (parallel.py) gives exactly the findings of the whole."""

import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.language import cli, parallel, quotes
from alongside.language.preferences import NamingPreferences
from alongside.language.tokens import WORD

# Sentences with planted problems, quotations (some running over a blank line, some
# left open), attributions and reported speech, so every paragraph edge gets tested
# with something that looks across it.
PIECES = st.sampled_from(
    [
        "Client claims her pain is 8/10 but was laughing in reception.",
        "Known addict, poor historian, hostile on arrival.",
        "He is non-compliant with lithium",
        "non-compliant",
        "Addict",
        "Hostile",
        "She has been clean for 3 months.",
        "Frequent flyer at A&E, drug-seeking and manipulative.",
        "Her brother committed suicide in 2001.",
        'Her "pain" is worse at night.',
        '"I feel like an addict," she said.',
        "she said.",
        "She said,",
        "according to her mother.",
        "Her mother says",
        "the Sex Offenders",
        "Register",
        "Team meeting.",
        "In her own words, I am an alcoholic",
        "She describes herself as",
        "\u201cI am an addict",
        "and a junkie\u201d",
        "\u2018anxiety",
        "\u2019 again",
        "'pain'",
        "'low",
        "mood' she reports",
        "not",
        "She did not refuse",
        "refused bloods",
        "Mum was hostile.",
        "The landlord refused to fix the boiler.",
        "We practised paced breathing.",
        "  ",
        ",",
        "\u2014",
    ]
)
GAPS = st.sampled_from([" ", " ", "\n", "\n\n", "\n\n", " \n \n ", "\n\n\n", "\t\n\n"])


@st.composite
def notes(draw):
    parts = draw(st.lists(st.tuples(PIECES, GAPS), min_size=1, max_size=40))
    return "".join(p + g for p, g in parts)


PREFERENCES = st.sampled_from([None, {"identity_first": True}, {"own_terms": ["addict"]}])


def _in_pieces(checker, text, preferences, count):
    prefs = NamingPreferences.coerce(preferences)
    quoted = quotes.find_quotes(text)
    found = []
    for piece in parallel.pieces(text, count, quoted):
        found += parallel.check_piece(checker, text, piece, prefs, quoted)
    return found


@settings(max_examples=400, deadline=None)
@given(notes(), st.integers(2, 7), PREFERENCES)
def test_a_text_checked_in_pieces_has_the_findings_of_the_whole(checker, text, count, prefs):
    assert _in_pieces(checker, text, prefs, count) == checker.check(text, prefs)


@settings(max_examples=200, deadline=None)
@given(notes(), st.integers(2, 7))
def test_pieces_start_at_paragraphs_outside_quotations_and_cover_the_text(text, count):
    quoted = quotes.find_quotes(text)
    parts = parallel.pieces(text, count, quoted)
    assert parts[0][1] == 0 and parts[-1][2] == len(text)
    for (_, _, end), (before, start, _) in zip(parts, parts[1:], strict=False):
        assert end == start and before <= start
        assert re.search(r"\n[^\S\n]*\n\s*$", text[:start])  # a paragraph starts here
        assert not text[before:start].strip() or WORD.match(text, before)
        assert not any(s < start < e for s, e, _ in quoted)


def test_a_quotation_over_a_blank_line_is_never_split():
    text = "Note.\n\n\u201cI am\n\nan addict\u201d she said.\n\nKnown addict.\n"
    quoted = quotes.find_quotes(text)
    starts = [p for _, p, _ in parallel.pieces(text, 4, quoted)]
    assert text.index("an addict") not in starts
    assert starts == [0, text.index("Known")]


def test_forked_workers_render_exactly_what_one_process_renders(checker, monkeypatch):
    text = "\n\n".join(
        f"Known addict {n}, hostile on arrival. She said, \u201cI am fine\u201d. Mum was hostile."
        for n in range(300)
    )
    monkeypatch.setenv("ALONGSIDE_CHECK_WORKERS", "4")
    monkeypatch.setattr(parallel, "MIN_CHARS", 0)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1, 2, 3}, raising=False)
    for render in (cli._text_lines, cli._json_items):
        whole = render("n", text, checker.check(text))
        parts = parallel.check_split(
            checker, text, NamingPreferences(), lambda f, r=render: r("n", text, f), 4
        )
        assert len(parts) == 4
        joiner = "," if render is cli._json_items else ""
        assert joiner.join(parts) == whole


def _loadavg(tmp_path, monkeypatch, content: str | None, cpus: int = 4):
    """Point the checker at a /proc/loadavg with `content` (None: no such file)."""
    path = tmp_path / "loadavg"
    if content is not None:
        path.write_text(content)
    monkeypatch.setattr(parallel, "LOADAVG", str(path))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: set(range(cpus)), raising=False)
    monkeypatch.delenv("ALONGSIDE_CHECK_WORKERS", raising=False)


def test_workers_count_the_cpus_idle_now_not_over_the_last_minute(tmp_path, monkeypatch):
    # Busy a minute ago (load 3.9 on 4 CPUs), but only this process runnable now.
    _loadavg(tmp_path, monkeypatch, "3.90 2.10 1.00 1/180 4242\n")
    monkeypatch.setattr(os, "getloadavg", lambda: (3.9, 2.1, 1.0))
    assert parallel.workers() == 4


def test_workers_never_go_onto_cpus_busy_now(tmp_path, monkeypatch):
    # Idle over the last minute, but two other tasks runnable at this instant.
    _loadavg(tmp_path, monkeypatch, "0.00 0.00 0.00 3/180 4242\n")
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert parallel.workers() == 2
    _loadavg(tmp_path, monkeypatch, "0.00 0.00 0.00 9/180 4242\n")
    assert parallel.workers() == 1


def test_workers_fall_back_to_the_load_average_without_proc_loadavg(tmp_path, monkeypatch):
    _loadavg(tmp_path, monkeypatch, None)
    monkeypatch.setattr(os, "getloadavg", lambda: (2.8, 1.0, 1.0))
    assert parallel.workers() == 1
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 1.0, 1.0))
    assert parallel.workers() == 4
    _loadavg(tmp_path, monkeypatch, "garbled\n")
    assert parallel.workers() == 4


def test_the_environment_still_decides_the_number_of_workers(tmp_path, monkeypatch):
    _loadavg(tmp_path, monkeypatch, "0.00 0.00 0.00 9/180 4242\n")
    monkeypatch.setenv("ALONGSIDE_CHECK_WORKERS", "3")
    assert parallel.workers() == 3
    monkeypatch.setenv("ALONGSIDE_CHECK_WORKERS", "1")
    _loadavg(tmp_path, monkeypatch, "0.00 0.00 0.00 1/180 4242\n")
    monkeypatch.setenv("ALONGSIDE_CHECK_WORKERS", "1")
    assert parallel.workers() == 1


def test_on_this_machine_workers_are_between_one_and_the_cpus_it_may_use():
    assert 1 <= parallel.workers() <= min(len(os.sched_getaffinity(0)), parallel.MAX_WORKERS)
