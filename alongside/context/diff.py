"""Readable comparisons between two formulation versions.

The diff is structured data (pieces marked same / added / removed) that templates render
with ordinary escaping; nothing here produces HTML.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

TOKEN = re.compile(r"\s+|[^\s]+")
LONG = 600  # characters


@dataclass(frozen=True)
class Piece:
    op: str  # "same", "added" or "removed"
    text: str
    # A removed run directly followed by an added one is shown with a space between them,
    # which is in neither text, so "sad" replaced by "angry" never reads "sadangry".
    gap_after: bool = field(default=False, compare=False)


@dataclass
class SectionDiff:
    key: str
    label: str
    old: str
    new: str
    pieces: list[Piece] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def long(self) -> bool:
        """Long sections read better as before and after side by side."""
        return max(len(self.old), len(self.new)) > LONG

    @property
    def before(self) -> list[Piece]:
        return [Piece(p.op, p.text) for p in self.pieces if p.op in ("same", "removed")]

    @property
    def after(self) -> list[Piece]:
        return [p for p in self.pieces if p.op in ("same", "added")]


def word_diff(old: str, new: str) -> list[Piece]:
    """Word-level difference from `old` to `new`; whitespace travels with the words."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    pieces: list[Piece] = []

    def add(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("same", a[i1:i2])
        else:
            add("removed", a[i1:i2])
            if tag == "replace" and not _spaced(a[i2 - 1], b[j1]):
                pieces[-1] = Piece("removed", pieces[-1].text, gap_after=True)
            add("added", b[j1:j2])
    return pieces


def _spaced(last_removed: str, first_added: str) -> bool:
    return last_removed[-1:].isspace() or first_added[:1].isspace()


def compare(old_texts: dict, new_texts: dict, sections) -> list[SectionDiff]:
    """One SectionDiff per section in `sections` (pairs of key and label), in that order."""
    return [
        SectionDiff(
            key,
            label,
            old_texts.get(key, ""),
            new_texts.get(key, ""),
            word_diff(old_texts.get(key, ""), new_texts.get(key, "")),
        )
        for key, label in sections
    ]
