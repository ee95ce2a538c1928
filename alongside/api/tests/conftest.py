import pytest

from alongside.api import tokens
from alongside.api.models import Scope


@pytest.fixture
def token_for():
    """A usable token's plaintext for a user: token_for(user, write=True)."""

    def make(user, *, write=True):
        _token, plaintext = tokens.create(
            user, name="test", scopes=Scope.WRITE if write else Scope.READ, days=30
        )
        return plaintext

    return make


@pytest.fixture
def call(client):
    """call(token, method, path, json=None): an API call with a bearer token."""

    def do(token, method, path, json=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        kwargs = {"content_type": "application/json"} if json is not None else {}
        sender = getattr(client, method.lower())
        if json is not None:
            return sender(path, json, **kwargs, **headers)
        return sender(path, **headers)

    return do
