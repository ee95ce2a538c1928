"""Word tokens with their offsets, and what lies between them.

Matching works on lower-cased word tokens rather than raw regexes so that one pass over
the text serves every rule, and so that "non-compliant", "non compliant" and
"noncompliant" can be treated alike: hyphens and spaces both just separate tokens.
"""

import re

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

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
        low = normalise(text)
        self.spans = [m.span() for m in WORD.finditer(low)]
        self.words = WORD.findall(low)

    def __len__(self) -> int:
        return len(self.words)

    def gap(self, i: int) -> str:
        """The characters between token i-1 and token i."""
        start = self.spans[i - 1][1] if i > 0 else 0
        return self.text[start : self.spans[i][0]]

    def joined(self, i: int) -> bool:
        """Whether token i continues the phrase of token i-1 (only spaces or hyphens)."""
        if i <= 0 or i >= len(self.words):
            return False
        gap = self.gap(i)
        return not gap.strip(_JOINERS) and gap.count("\n") < 2

    def clause_break(self, i: int) -> bool:
        """Whether a clause ends between token i-1 and token i."""
        return i <= 0 or bool(_CLAUSE_END.search(self.gap(i))) or "," in self.gap(i)

    def sentence_break(self, i: int) -> bool:
        return i <= 0 or bool(_SENTENCE_END.search(self.gap(i)))

    def comma_before(self, i: int) -> bool:
        return i > 0 and "," in self.gap(i)

    def is_capitalised(self, i: int) -> bool:
        start = self.spans[i][0]
        return self.text[start].isupper()
