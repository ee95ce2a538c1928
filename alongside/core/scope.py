"""The client record this request opened, for pieces that render deep inside a page.

`clients.access.open_client` is the one way a view reaches a client record; it remembers
the record here so, e.g., a form field can apply that client's naming preferences
without every view passing the client down. Reset at the start of every request.
"""

from contextvars import ContextVar

_opened = ContextVar("alongside_opened_client", default=None)
_user = ContextVar("alongside_request_user", default=None)


def remember_client(client) -> None:
    _opened.set(client)


def opened_client():
    return _opened.get()


def remember_user(user) -> None:
    _user.set(user if getattr(user, "is_authenticated", False) else None)


def request_user():
    return _user.get()


def forget_client() -> None:
    _opened.set(None)
    _user.set(None)
