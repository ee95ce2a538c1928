"""Step-up: ask again for the password (and code) before the most sensitive actions."""

from functools import wraps

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from alongside.accounts.middleware import recently_authenticated


def step_up_required(view):
    """The person must have proved who they are within the last few minutes."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not recently_authenticated(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:confirm_identity')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped
