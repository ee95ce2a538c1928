"""The request a view behind `role_required` or `signed_in` receives, for the type checker.

Those decorators (core.access) let only signed-in people through, so in such a view
`request.user` is a User, never AnonymousUser. Annotating the view's request with
SignedInRequest says so; the decorator is what makes it true.
"""

from django.http import HttpRequest

from alongside.accounts.models import User


class SignedInRequest(HttpRequest):
    user: User
