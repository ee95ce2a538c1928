"""Cells for CSV files people open in a spreadsheet (OWASP "CSV injection")."""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Text a spreadsheet would run, or text that already looks neutralised (so that the escape
# can itself be escaped and `from_cell` gives back exactly what was typed).
_START = "[" + re.escape("".join(FORMULA_STARTS)) + "]"
_RUNNABLE = re.compile("'*" + _START)
_NEUTRALISED = re.compile("'+" + _START)


def text_cell(value) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if _RUNNABLE.match(text):
        return "'" + text
    return text


def from_cell(text: str) -> str:
    """What was typed, from a cell `text_cell` wrote (for files we read back, like HSDS)."""
    if _NEUTRALISED.match(text):
        return text[1:]
    return text


def row_of_cells(row):
    """A CSV row with every piece of text made safe; numbers stay numbers."""
    return [text_cell(v) if isinstance(v, str) else v for v in row]
