"""API objects for the cast, for the object-access walk."""

from alongside.api import tokens
from alongside.api.models import ApiToken, Scope


def api_token(user) -> ApiToken:
    found = ApiToken.objects.filter(user=user).first()
    return found or tokens.create(user, name="walk", scopes=Scope.READ, days=1)[0]
