"""Cells for CSV files people open in a spreadsheet (OWASP "CSV injection")."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def row_of_cells(row):
    """A CSV row with every piece of text made safe; numbers stay numbers."""
    return [text_cell(v) if isinstance(v, str) else v for v in row]
