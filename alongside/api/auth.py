"""Bearer-token authentication for the API: the token's owner becomes `request.user`, the
call is counted against the token's rate limit and audited, like a page view."""

from ninja.security import HttpBearer

from alongside.api import tokens
from alongside.audit.chain import record
from alongside.audit.models import Action

READING = {"GET", "HEAD", "OPTIONS"}


class TooManyCalls(Exception):
    pass


class NotAllowed(Exception):
    """The token lacks the scope this call needs (403): nothing about any record is said."""


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = tokens.find(token)
        if found is None:
            return None
        if not tokens.count_call(found):
            raise TooManyCalls
        request.user = found.user
        record(
            actor=found.user,
            action=Action.VIEW if request.method in READING else Action.UPDATE,
            object_type="api_call",
            object_id=found.pk,
        )
        return found


def require_write(request):
    if not request.auth.allows("write"):
        raise NotAllowed
