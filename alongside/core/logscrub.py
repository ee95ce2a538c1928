"""Link tokens never reach a log.

A check-in link or an invitation link works for whoever has it, so its token in a server's
access log (or in Django's "Not Found: /check-in/..." warning, or a Referer) hands it to
anyone who can read the logs. The token-bearing URLs are found in the URLconf itself: every
route with a parameter named in SECRET_PARAMETERS. A new one is covered without a change
here; tests/test_running_server.py checks the logs of a running server.
"""

import logging
import re
from functools import cache

SECRET_PARAMETERS = {"token", "uidb64"}
REDACTED = "[redacted]"
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_SEGMENT = r"[^/?#\s\"']+"


def _routes(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver
    from django.urls.resolvers import RoutePattern

    for entry in patterns:
        pattern = entry.pattern
        if not isinstance(pattern, RoutePattern):
            continue  # regex routes: none carries a token today (test_token_routes_are_known)
        route = prefix + str(pattern)  # a RoutePattern prints its route
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _regex(route: str) -> re.Pattern | None:
    """A pattern for the route up to its last secret parameter (so "/check-in/TOKEN" without
    the final slash is caught too), or None if it has none."""
    parts, position, last_secret = [], 0, None
    for match in _PARAMETER.finditer(route):
        parts.append(re.escape(route[position : match.start()]))
        if match["name"] in SECRET_PARAMETERS:
            parts.append(f"(?P<secret{len(parts)}>{_SEGMENT})")
            last_secret = len(parts)
        else:
            parts.append(_SEGMENT)
        position = match.end()
    if last_secret is None:
        return None
    return re.compile("/" + "".join(parts[:last_secret]))


def token_routes() -> tuple[re.Pattern, ...]:
    """The token-bearing routes; none before Django is set up (gunicorn's master process
    logs before it loads the app, and serves no requests)."""
    from django.apps import apps

    return _token_routes() if apps.ready else ()


@cache
def _token_routes() -> tuple[re.Pattern, ...]:
    from django.urls import get_resolver

    found = (_regex(route) for route in _routes(get_resolver().url_patterns))
    return tuple(pattern for pattern in found if pattern is not None)


def _redact(match: re.Match) -> str:
    text, start = match.group(0), match.start()
    for name, value in reversed(list(match.groupdict().items())):
        if value is not None:
            begin, end = match.span(name)
            text = text[: begin - start] + REDACTED + text[end - start :]
    return text


def scrub(text: str) -> str:
    """`text` with the token of every token-bearing path in it replaced by [redacted]."""
    if not isinstance(text, str) or "/" not in text:
        return text
    for pattern in token_routes():
        text = pattern.sub(_redact, text)
    return text


class ScrubTokens(logging.Filter):
    """A logging filter: formats the message and scrubs it (its arguments may hold paths)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 (a broken record is logging's problem, not ours)
            return True
        cleaned = scrub(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        # Django's request log passes the request; its path is formatted elsewhere.
        return True
