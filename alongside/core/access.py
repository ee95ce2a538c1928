"""Who may call a view. Every view names its rule; the middleware refuses any that doesn't.

Object-level scoping (which client records a user may see) lives with each domain's
models, e.g. `Client.objects.visible_to(user)`; these decorators only gate by role.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def public(view):
    """Reachable without signing in (sign-in page, invitation links)."""
    view.access_rule = "public"
    return view


def role_required(*roles):
    """Signed-in users with one of `roles`; anyone else gets the same 404 as a missing page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.access_rule = ("roles", tuple(roles))
        return wrapped

    return decorator


def signed_in(view):
    """Any signed-in user; the view itself decides what to show for each role."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return view(request, *args, **kwargs)

    wrapped.access_rule = "signed_in"
    return wrapped


class MethodNotAllowed(Exception):
    def __init__(self, allowed):
        super().__init__(", ".join(allowed))
        self.allowed = list(allowed)


def allow_methods(request, *methods: str) -> None:
    """Check the HTTP method inside a view that loads a record first.

    Someone who may not see the record gets its 404 whatever the method; only those who
    may see it learn which methods exist (405).
    """
    if request.method not in methods:
        raise MethodNotAllowed(methods)
