"""Which stored strings may become the target of a link.

A stored value in `href` runs whatever its scheme says: `javascript:alert(1)` is a script,
`data:text/html,...` a page, and Django's escaping changes none of it. So a link to the
outside is made only from an absolute http(s) address with a host; anything else is shown
as text. Links inside the app are made only from a path on this site ("/..."), never from
"//host" or a backslash form that browsers read as another host.
"""

from urllib.parse import urlsplit

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
