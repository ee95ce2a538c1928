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


def test_a_replaced_word_is_shown_apart_from_the_word_that_replaces_it():
    pieces = word_diff("I felt sad today", "I felt angry today")
    removed = next(p for p in pieces if p.op == "removed")
    assert removed.text == "sad" and removed.gap_after
    # The gap is shown, never stored: both texts still come back exactly.
    assert "".join(p.text for p in pieces if p.op != "added") == "I felt sad today"


def test_long_sections_offer_before_and_after_side_by_side():
    old, new = "word " * 150, "word " * 149 + "other "
    diff = compare({"story": old}, {"story": new}, [("story", "Story")])[0]
    assert diff.long
    assert "".join(p.text for p in diff.before) == old
    assert "".join(p.text for p in diff.after) == new


def test_the_diff_page_puts_a_space_between_removed_and_added_words():
    from django.template.loader import render_to_string

    diff = compare({"story": "I felt sad"}, {"story": "I felt angry"}, [("story", "Story")])
    html = render_to_string("context/_diff_piece.html", {"piece": diff[0].pieces[1]})
    assert html.endswith("</del> ")
