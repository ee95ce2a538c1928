"""The IDOR walk for the REST API: every operation in the OpenAPI schema that takes an
object id, called by every staff member of the cast with a read-and-write token. Everyone
without a relationship to the object gets 404 with nothing of the record in it; the people
with one reach it. A new operation fails here until it is registered below.

(Clients can't hold API tokens, so they are walked as "no credential": 401 everywhere.)
"""

import pytest

from alongside.api import tokens
from alongside.api.api import api
from alongside.api.models import Scope
from tests.test_object_access import CANARIES, OBJECT_IDS

PREFIX = "/api/v1"

# operationId: who may reach it (everyone else on the cast's staff: 404).
ALLOWED = {
    "read_client": {"river", "sam"},
    "update_profile": {"river"},
    "list_sessions": {"river", "sam"},
    "list_notes": {"river", "sam"},
    "read_note": {"river", "sam"},
    "write_draft": {"river"},
    "list_check_ins": {"river", "sam"},
    "assign": {"river"},
    "list_responses": {"river", "sam"},
    "responses_fhir": {"river", "sam"},
    "list_experiences": {"river", "sam"},
    "everything": {"river", "sam"},
    "read_plan": {"river", "sam"},
    "list_goals": {"river", "sam"},
    "list_referrals": {"river", "sam"},
    # The directory is the practice's: all its staff read it; other practices get 404.
    "read_resource": {"river", "colleague", "sam", "other_supervisor", "admin", "superuser"},
}
# A valid body for each write, so a refusal can only come from the scope.
BODIES = {
    "update_profile": {"version": 1, "pronouns": "they/them"},
    "write_draft": {"agenda": "From the walk"},
    "assign": {"instrument": "phq-9", "schedule": "once"},
}
STAFF = ["river", "colleague", "sam", "other_supervisor", "admin", "superuser",
         "outsider_therapist"]  # fmt: skip


def operations():
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            name = operation["operationId"].rsplit("_api_", 1)[-1]
            yield name, method, path, operation


def with_ids():
    return {
        name: (method, path)
        for name, method, path, operation in operations()
        if any(p["in"] == "path" for p in operation.get("parameters", []))
    }


def test_every_operation_with_an_object_id_is_registered_here():
    assert set(with_ids()) == set(ALLOWED), "register API operations in ALLOWED (and BODIES)"


def test_every_operation_requires_a_token():
    for name, _method, _path, operation in operations():
        assert operation.get("security"), f"{name} has no security requirement"


def _url(cast, path):
    for key, fill in OBJECT_IDS.items():
        token = "{" + key + "}"
        if token in path:
            path = path.replace(token, str(fill(cast)))
    assert "{" not in path, path
    return path


def _call(client, method, url, token=None, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    sender = getattr(client, method)
    if body is not None:
        return sender(url, body, content_type="application/json", **headers)
    return sender(url, **headers)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_only_related_people_reach_the_object_through_the_api(client, cast, name):
    method, path = with_ids()[name]
    url = _url(cast, path)
    for who in STAFF:
        if who in ALLOWED[name]:
            continue
        user = getattr(cast, who)
        _token, plaintext = tokens.create(user, name="walk", scopes=Scope.WRITE, days=1)
        response = _call(client, method, url, plaintext, BODIES.get(name))
        assert response.status_code == 404, f"{who} {method.upper()} {url}"
        body = response.content.decode()
        for canary in CANARIES:
            assert canary not in body, f"{who} {method.upper()} {url} leaked {canary!r}"
    for who in ("client_user", "other_client_user"):
        response = _call(client, method, url, None, BODIES.get(name))
        assert response.status_code == 401, f"{who} {method.upper()} {url}"


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_the_related_people_do_reach_it_through_the_api(client, cast, name):
    """Guards the walk: an operation everyone gets 404 on would pass the test above."""
    method, path = with_ids()[name]
    url = _url(cast, path)
    for who in ALLOWED[name]:
        _token, plaintext = tokens.create(
            getattr(cast, who), name="walk", scopes=Scope.WRITE, days=1
        )
        response = _call(client, method, url, plaintext, BODIES.get(name))
        assert response.status_code == 200, f"{who} {method.upper()} {url}: {response.content}"
