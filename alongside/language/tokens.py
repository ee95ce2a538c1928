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
        self.low = low = normalise(text)
        # Match objects are made in C; offsets are read from them only where needed.
        self._matches = list(WORD.finditer(low))
        self.words = WORD.findall(low)
        # Context tests ask about the same gaps again and again; remember the answers.
        self._clause: dict[int, bool] = {}
        self._joined: dict[int, bool] = {}
        self._sentence: dict[int, bool] = {}

    def start(self, i: int) -> int:
        return self._matches[i].start()

    def end(self, i: int) -> int:
        return self._matches[i].end()

    def __len__(self) -> int:
        return len(self.words)

    def gap(self, i: int) -> str:
        """The characters between token i-1 and token i."""
        start = self._matches[i - 1].end() if i > 0 else 0
        return self.text[start : self._matches[i].start()]

    def joined(self, i: int) -> bool:
        """Whether token i continues the phrase of token i-1 (only spaces or hyphens)."""
        found = self._joined.get(i)
        if found is None:
            if i <= 0 or i >= len(self.words):
                return False
            gap = self.text[self._matches[i - 1].end() : self._matches[i].start()]
            found = gap == " " or (not gap.strip(_JOINERS) and gap.count("\n") < 2)
            self._joined[i] = found
        return found

    def clause_break(self, i: int) -> bool:
        """Whether a clause ends between token i-1 and token i (a comma counts)."""
        found = self._clause.get(i)
        if found is None:
            gap = self.gap(i) if i > 0 else ""
            found = self._clause[i] = i <= 0 or "," in gap or bool(_CLAUSE_END.search(gap))
        return found

    def sentence_break(self, i: int) -> bool:
        """Whether a sentence ends between token i-1 and token i."""
        found = self._sentence.get(i)
        if found is None:
            found = self._sentence[i] = i <= 0 or bool(_SENTENCE_END.search(self.gap(i)))
        return found

    def comma_before(self, i: int) -> bool:
        return i > 0 and "," in self.gap(i)

    def is_capitalised(self, i: int) -> bool:
        return self.text[self._matches[i].start()].isupper()
