"""Numbers as the reader writes them: "19,5" and "20 %" in Spanish, "19.5" and "20%" in
English. Format strings (f"{x:g}", f"{x:.0%}") always write the English way."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def plain(value: float | int) -> str:
    """As few digits as `:g` shows (no trailing zeros), with the reader's decimal mark."""
    if isinstance(value, int):
        return number_format(value)
    text = f"{value:.6g}"
    if "e" in text:  # :g switches to exponents for very large or small values; readers don't
        text = f"{value:.6f}".rstrip("0").rstrip(".")
    return number_format(Decimal(text))


def percent(share: float) -> str:
    """A share (0.195) as a whole percentage ("20%"; "20 %" in Spanish)."""
    # Translators: a percentage; write it as your language does (Spanish: "%(n)s %%" with a
    # non-breaking space).
    return _("%(n)s%%") % {"n": number_format(round(share * 100))}
