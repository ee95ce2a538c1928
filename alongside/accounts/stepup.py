"""Step-up: ask again for the password (and code) before the most sensitive actions.

Two ways to ask, for two kinds of view:

- `step_up_required` decorates a view that takes no object id (emergency access, sign-in
  security): nothing is revealed by asking before the view runs.
- `ask_to_confirm_identity(request)` is called inside a view *after* its scoped fetch
  (`open_client` and friends), for views that take an object id, such as exports. Asking
  first would answer "confirm it is you" for a record the person may not see, where
  everyone else gets a 404, and so tell them that the record exists.
"""

from functools import wraps

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from alongside.accounts.middleware import recently_authenticated


def ask_to_confirm_identity(request):
    """A redirect to the confirm-identity page if the person last proved who they are more
    than STEP_UP_MINUTES ago, else None. Use as:

        if (ask := ask_to_confirm_identity(request)) is not None:
            return ask
    """
    if recently_authenticated(request):
        return None
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('accounts:confirm_identity')}?{query}")


def step_up_required(view):
    """The person must have proved who they are within the last few minutes."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        ask = ask_to_confirm_identity(request)
        return ask if ask is not None else view(request, *args, **kwargs)

    return wrapped
