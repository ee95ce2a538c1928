"""Log lines an operator can search, that never carry what a client told us.

- Every request gets an id: the reverse proxy's `X-Request-ID` when it is a plain token,
  otherwise a new one. It goes back in the response header, into gunicorn's access line
  (`{x-request-id}o`) and onto every log record made while the request runs, so one
  request's lines can be found across the access log and Django's log.
- `ALONGSIDE_LOG_FORMAT=json` turns Django's log into JSON lines (one object a line).

What a log line may hold is decided where it is made: Alongside logs paths (with link
tokens scrubbed, core.logscrub), status codes, exception classes and ids, never field values.
tests/test_logs.py greps a running server's whole log for canary clinical text.
"""

import json
import logging
import re
import secrets
from contextvars import ContextVar
from datetime import UTC, datetime

HEADER = "HTTP_X_REQUEST_ID"
_ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")
_current: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _current.get()


def _choose(offered: str | None) -> str:
    # A proxy's id is kept only if it cannot smuggle anything into a log line.
    if offered and _ACCEPTED.fullmatch(offered):
        return offered
    return secrets.token_hex(8)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _choose(request.META.get(HEADER))
        request.request_id = request_id
        reset = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(reset)
        response["X-Request-ID"] = request_id
        return response


class AddRequestId(logging.Filter):
    """Puts `request_id` on every record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs a refused request ("Not Found: ...") after the middleware has
            # returned, with the request attached.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id()
        return True


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, logger, request id, message, exception class.

    The traceback is kept (an operator needs it) but as one escaped string, so a line is
    always one record.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", current_request_id()),
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextLines(logging.Formatter):
    def __init__(self):
        super().__init__("[{asctime}] {levelname} {name} [{request_id}] {message}", style="{")
