"""Word tokens with their offsets, and what lies between them.

Matching works on lower-cased word tokens rather than raw regexes so that one pass over
the text serves every rule, and so that "non-compliant", "non compliant" and
"noncompliant" can be treated alike: hyphens and spaces both just separate tokens.
"""

import re
from itertools import accumulate, compress, repeat
from operator import add

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# The same pattern as a capturing split: one C pass gives the gaps and the words in turn.
_SPLIT = re.compile(f"({WORD.pattern})")
# ASCII text is split without the regex engine (see _ascii_words): every ASCII character
# that cannot be in a word becomes a space, and so does an apostrophe that is not between
# two word characters (a quote mark, not a "don't").
_NOT_IN_WORD = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "'")}
)
_LONE_APOSTROPHE = re.compile(r"'(?:(?<![^\W_]')|(?![^\W_]))")

# Characters that may sit between two words of one phrase. Anything else (a full stop,
# a comma, a quote mark, a dash) ends the phrase.
_JOINERS = " \t\r\n-\u2010\u2011\u00a0"
# Characters that end a clause for context look-back (negation, subject). A hyphen with a
# space either side is a dash in a note ("not admitted - likely manipulative").
_CLAUSE_END = re.compile(r"[.;:!?()\[\]\"\u201c\u201d\u2013\u2014]|\n\s*\n|\s-+\s")
_SENTENCE_END = re.compile(r"[.;!?]|\n\s*\n")


def normalise(text: str) -> str:
    """Lower-case and straighten apostrophes without changing any offset."""
    low = text.lower()
    if len(low) != len(text):
        # A few characters (like the Turkish dotted I) grow when lower-cased; fall back
        # to lowering each character so offsets still line up with the original text.
        low = "".join(c.lower()[0] if c.lower() else c for c in text)
    return low.replace("\u2019", "'")


def _ascii_words(low: str) -> tuple[list[str], list[int]]:
    """WORD's matches in ASCII text, and where each starts, without the regex engine.

    With every character that is no part of a word made a space, splitting at each space
    gives the words, with an empty string for each further space; each piece starts one
    character after the previous one ends. All of it runs in C (translate, split and
    itertools), where the regex split took three times as long on a long note.
    """
    clean = low.translate(_NOT_IN_WORD)
    if "'" in clean:
        clean = _LONE_APOSTROPHE.sub(" ", clean)
    pieces = clean.split(" ")
    starts = accumulate(map(add, map(len, pieces), repeat(1)), initial=0)
    return list(filter(None, pieces)), list(compress(starts, pieces))


def _regex_words(low: str) -> tuple[list[str], list[int]]:
    """WORD's matches in any text, and where each starts."""
    parts = _SPLIT.split(low)  # [gap, word, gap, word, ..., gap]
    offsets = accumulate(map(len, parts), initial=0)
    return parts[1::2], list(offsets)[1:-1:2]


class Tokens:
    """The word tokens of one text, with lazy questions about the gaps between them."""

    def __init__(self, text: str):
        self.text = text
        self.low = low = normalise(text)
        # Token i is words[i], found at starts[i] (in the text and the lowered text alike).
        self.words, self.starts = _ascii_words(low) if low.isascii() else _regex_words(low)
        # Context tests ask about the same gaps again and again; remember the answers.
        self._clause: dict[int, bool] = {}
        self._sentence: dict[int, bool] = {}

    def start(self, i: int) -> int:
        return self.starts[i]

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.words[i])

    def __len__(self) -> int:
        return len(self.words)

    def gap(self, i: int) -> str:
        """The characters between token i-1 and token i (before the first, after the last)."""
        # Lower-casing and straightening apostrophes change no character a gap test reads.
        n = len(self.words)
        if not 0 <= i <= n:
            raise IndexError("gap index out of range")
        start = self.starts[i - 1] + len(self.words[i - 1]) if i else 0
        return self.low[start : self.starts[i] if i < n else len(self.low)]

    def _space_before(self, i: int) -> bool:
        """Whether exactly one space separates token i-1 and token i (0 < i < len).

        The hot callers (joined, the break tests, matcher._simple) spell this out inline.
        """
        s = self.starts[i]
        return self.low[s - 1] == " " and self.starts[i - 1] + len(self.words[i - 1]) == s - 1

    def joined(self, i: int) -> bool:
        """Whether token i continues the phrase of token i-1 (only spaces or hyphens)."""
        words = self.words
        if i <= 0 or i >= len(words):
            return False
        s = self.starts[i]
        if self.low[s - 1] == " " and self.starts[i - 1] + len(words[i - 1]) == s - 1:
            return True  # one space (by far the most common gap), as _space_before asks
        gap = self.gap(i)
        return not gap.strip(_JOINERS) and gap.count("\n") < 2

    def clause_break(self, i: int) -> bool:
        """Whether a clause ends between token i-1 and token i (a comma counts)."""
        if i <= 0:
            return True
        found = self._clause.get(i)
        if found is None:
            words = self.words
            if i < len(words):
                s = self.starts[i]
                if self.low[s - 1] == " " and self.starts[i - 1] + len(words[i - 1]) == s - 1:
                    return False  # one space: no need to search it
            gap = self.gap(i)
            found = self._clause[i] = "," in gap or bool(_CLAUSE_END.search(gap))
        return found

    def sentence_break(self, i: int) -> bool:
        """Whether a sentence ends between token i-1 and token i."""
        if i <= 0:
            return True
        found = self._sentence.get(i)
        if found is None:
            words = self.words
            if i < len(words):
                s = self.starts[i]
                if self.low[s - 1] == " " and self.starts[i - 1] + len(words[i - 1]) == s - 1:
                    return False  # one space
            found = self._sentence[i] = bool(_SENTENCE_END.search(self.gap(i)))
        return found

    def comma_before(self, i: int) -> bool:
        return i > 0 and "," in self.gap(i)

    def is_capitalised(self, i: int) -> bool:
        return self.text[self.starts[i]].isupper()
