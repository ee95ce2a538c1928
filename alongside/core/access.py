"""Who may call a view. Every view names its rule; the middleware refuses any that doesn't.

Object-level scoping (which client records a user may see) lives with each domain's
models, e.g. `Client.objects.visible_to(user)`; these decorators only gate by role.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

View = Callable[..., HttpResponseBase]
V = TypeVar("V", bound=View)


def _with_rule(view: V, rule: object) -> V:
    """Mark `view` with the rule the middleware looks for (core.middleware)."""
    # A function takes attributes at run time; mypy has no way to declare one on a callable.
    view.access_rule = rule  # type: ignore[attr-defined]
    return view


def public(view: V) -> V:
    """Reachable without signing in (sign-in page, invitation links)."""
    return _with_rule(view, "public")


def role_required(*roles: str) -> Callable[[View], View]:
    """Signed-in users with one of `roles`; anyone else gets the same 404 as a missing page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return _with_rule(wrapped, ("roles", tuple(roles)))

    return decorator


def signed_in(view: View) -> View:
    """Any signed-in user; the view itself decides what to show for each role."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return view(request, *args, **kwargs)

    return _with_rule(wrapped, "signed_in")


class MethodNotAllowed(Exception):
    def __init__(self, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        super().__init__(", ".join(allowed))
        self.allowed = list(allowed)


def allow_methods(request: HttpRequest, *methods: str) -> None:
    """Check the HTTP method inside a view that loads a record first.

    Someone who may not see the record gets its 404 whatever the method; only those who
    may see it learn which methods exist (405).
    """
    if request.method not in methods:
        raise MethodNotAllowed(methods)
