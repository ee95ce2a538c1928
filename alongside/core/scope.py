"""The client record this request opened, for pieces that render deep inside a page.

`clients.access.open_client` is the one way a view reaches a client record; it remembers
the record here so, e.g., a form field can apply that client's naming preferences
without every view passing the client down. Reset at the start of every request.

It also remembers who the door opened it for, so the scoping layer can tell "the record
the door just let this user open" from any other record (`opened_for`), and keeps answers
the scoping layer asks for again and again within one request (`per_request`).
"""

from contextvars import ContextVar

_opened = ContextVar("alongside_opened_client", default=None)
_opened_for = ContextVar("alongside_opened_for", default=None)
_user = ContextVar("alongside_request_user", default=None)
# None outside a request: then nothing is kept and every answer is asked for afresh.
_memo: ContextVar[dict | None] = ContextVar("alongside_request_memo", default=None)


def remember_client(client, user=None) -> None:
    _opened.set(client)
    _opened_for.set(user)


def opened_client():
    return _opened.get()


def opened_for(user, client) -> bool:
    """Whether the door (`clients.access.open_client`) opened this very `client` object for
    `user` in this request. The same object, not just the same id: an object fetched any
    other way, or left over from other code in this thread, was not let through the door."""
    opener = _opened_for.get()
    return (
        client is not None
        and client is _opened.get()
        and opener is not None
        and getattr(user, "pk", None) is not None
        and user.pk == opener.pk
    )


def remember_user(user) -> None:
    _user.set(user if getattr(user, "is_authenticated", False) else None)


def request_user():
    return _user.get()


def per_request(key, compute):
    """`compute()`'s answer, worked out once per request for `key`. Outside a request (a
    command, a test calling a function) it is worked out every time."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget_per_request() -> None:
    """Drop the answers kept so far in this request (what they depend on has changed)."""
    if _memo.get() is not None:
        _memo.set({})


def begin_request() -> None:
    forget_client()
    _memo.set({})


def forget_client() -> None:
    _opened.set(None)
    _opened_for.set(None)
    _user.set(None)
    _memo.set(None)
