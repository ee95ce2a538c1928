from alongside.context.diff import Piece, compare, word_diff


def test_unchanged_text_is_one_same_piece():
    assert word_diff("a b c", "a b c") == [Piece("same", "a b c")]


def test_a_replaced_word_shows_as_removed_then_added():
    pieces = word_diff("I froze at the letter", "I braced at the letter")
    assert Piece("removed", "froze") in pieces
    assert Piece("added", "braced") in pieces
    assert "".join(p.text for p in pieces if p.op != "removed") == "I braced at the letter"
    assert "".join(p.text for p in pieces if p.op != "added") == "I froze at the letter"


def test_adjacent_pieces_of_the_same_kind_are_merged():
    pieces = word_diff("", "one two three")
    assert pieces == [Piece("added", "one two three")]


def test_line_breaks_survive_the_diff():
    pieces = word_diff("line one\nline two", "line one\nline 2")
    assert "".join(p.text for p in pieces if p.op != "removed") == "line one\nline 2"


def test_markup_stays_plain_text_for_the_template_to_escape():
    pieces = word_diff("", "<script>alert(1)</script>")
    assert pieces == [Piece("added", "<script>alert(1)</script>")]


def test_compare_reports_which_sections_changed():
    diffs = compare(
        {"happened": "a", "story": "same"},
        {"happened": "b", "story": "same"},
        [("happened", "What happened"), ("story", "Story"), ("sense", "Sense")],
    )
    assert [d.key for d in diffs if d.changed] == ["happened"]
    assert [d.key for d in diffs] == ["happened", "story", "sense"]
