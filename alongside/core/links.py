"""Which stored strings may become the target of a link.

A stored value in `href` runs whatever its scheme says: `javascript:alert(1)` is a script,
`data:text/html,...` a page, and Django's escaping changes none of it. So a link to the
outside is made only from an absolute http(s) address with a host; anything else is shown
as text. Links inside the app are made only from a path on this site ("/..."), never from
"//host" or a backslash form that browsers read as another host.
"""

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

WEB_SCHEMES = {"http", "https"}


def _clean(value) -> str:
    # Browsers drop tabs and newlines inside a URL and leading spaces or controls before it,
    # so "java\tscript:" is "javascript:" to them: such a value is refused, not repaired.
    text = str(value or "").strip()
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return ""
    return text


def web_url(value) -> str:
    """`value` if it is an absolute http(s) address with a host, else ""."""
    text = _clean(value)
    if "\\" in text:
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return ""
    return text


def local_path(value) -> str:
    """`value` if it is a path on this site ("/clients/3/"), else ""."""
    text = _clean(value)
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme or parts.netloc:
        return ""
    return text


# A number no path of the site holds but the one it is reversed into.
_MARK = 987654321987654321


def path_by_id(viewname: str, *args) -> Callable[[int], str]:
    """`reverse(viewname, args=[*args, id])` for one id after another, reversed once per
    process (per script prefix and URLconf): a list would otherwise reverse a URL or two
    for each of its rows, each costing as much as the rest of the row. The id is the last
    argument, an <int:> converter, which writes the number as it is."""
    before, after = _around_id(
        viewname, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    return lambda pk: f"{before}{int(pk)}{after}"


@lru_cache(maxsize=512)
def _around_id(viewname: str, args: tuple, _prefix: str, urlconf) -> tuple[str, str]:
    before, _mark, after = reverse(viewname, urlconf=urlconf, args=[*args, _MARK]).rpartition(
        str(_MARK)
    )
    return before, after
