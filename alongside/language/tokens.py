"""Word tokens with their offsets, and what lies between them.

Matching works on lower-cased word tokens rather than raw regexes so that one pass over
the text serves every rule, and so that "non-compliant", "non compliant" and
"noncompliant" can be treated alike: hyphens and spaces both just separate tokens.
"""

import re
from itertools import accumulate

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# The same pattern as a capturing split: one C pass gives the gaps and the words in turn.
_SPLIT = re.compile(f"({WORD.pattern})")

# Characters that may sit between two words of one phrase. Anything else (a full stop,
# a comma, a quote mark, a dash) ends the phrase.
_JOINERS = " \t\r\n-\u2010\u2011\u00a0"
# Characters that end a clause for context look-back (negation, subject).
_CLAUSE_END = re.compile(r"[.;:!?()\[\]\"\u201c\u201d\u2013\u2014]|\n\s*\n")
_SENTENCE_END = re.compile(r"[.;!?]|\n\s*\n")


def normalise(text: str) -> str:
    """Lower-case and straighten apostrophes without changing any offset."""
    low = text.lower()
    if len(low) != len(text):
        # A few characters (like the Turkish dotted I) grow when lower-cased; fall back
        # to lowering each character so offsets still line up with the original text.
        low = "".join(c.lower()[0] if c.lower() else c for c in text)
    return low.replace("\u2019", "'")


class Tokens:
    """The word tokens of one text, with lazy questions about the gaps between them."""

    def __init__(self, text: str):
        self.text = text
        self.low = low = normalise(text)
        # [gap, word, gap, word, ..., gap]: every character once, in order.
        self._parts = parts = _SPLIT.split(low)
        self.words = parts[1::2]
        self._gaps = parts[0::2]  # _gaps[i] lies before token i (in the lowered text)
        # Offsets are the running sum of the part lengths (one C pass): start of token i
        # is offsets[2i + 1], its end offsets[2i + 2].
        self.offsets = list(accumulate(map(len, parts), initial=0))
        # Context tests ask about the same gaps again and again; remember the answers.
        self._clause: dict[int, bool] = {}
        self._sentence: dict[int, bool] = {}

    def start(self, i: int) -> int:
        return self.offsets[2 * i + 1]

    def end(self, i: int) -> int:
        return self.offsets[2 * i + 2]

    def __len__(self) -> int:
        return len(self.words)

    def gap(self, i: int) -> str:
        """The characters between token i-1 and token i."""
        # Lower-casing and straightening apostrophes change no character a gap test reads.
        return self._gaps[i]

    def joined(self, i: int) -> bool:
        """Whether token i continues the phrase of token i-1 (only spaces or hyphens)."""
        if i <= 0 or i >= len(self.words):
            return False
        gap = self._gaps[i]
        return gap == " " or (not gap.strip(_JOINERS) and gap.count("\n") < 2)

    def clause_break(self, i: int) -> bool:
        """Whether a clause ends between token i-1 and token i (a comma counts)."""
        if i <= 0:
            return True
        gap = self._gaps[i]
        if gap == " ":
            return False  # by far the most common gap: no need to search it
        found = self._clause.get(i)
        if found is None:
            found = self._clause[i] = "," in gap or bool(_CLAUSE_END.search(gap))
        return found

    def sentence_break(self, i: int) -> bool:
        """Whether a sentence ends between token i-1 and token i."""
        if i <= 0:
            return True
        gap = self._gaps[i]
        if gap == " ":
            return False
        found = self._sentence.get(i)
        if found is None:
            found = self._sentence[i] = bool(_SENTENCE_END.search(gap))
        return found

    def comma_before(self, i: int) -> bool:
        return i > 0 and "," in self.gap(i)

    def is_capitalised(self, i: int) -> bool:
        return self.text[self.start(i)].isupper()
