"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis):
no 5xx, every status code and body as the schema says, bad input refused with 4xx, and no
operation that answers without its token.

Two passes: ids as generated (mostly records that are not there, so 404s and 422s), and
ids replaced with the cast's real records, so the generated bodies reach the forms and the
writes behind them.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from alongside.api import tokens
from alongside.api.models import Scope
from alongside.notes.tests import helpers as notes_objects

APP = WSGIHandler()
# Loaded through the app itself, as a client would: the served schema is what is tested.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
BASE = "http://localhost"
EXAMPLES = 25
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """What django.test.Client does: a request through the bare WSGIHandler would close
    the database connection when it finishes, and the test database is a file (not an
    in-memory one, whose close is a no-op), so the test's own transaction would go with it."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(cast, settings):
    settings.API_CALLS_PER_MINUTE = 100_000  # fuzzing is not what the limit is for
    _token, plaintext = tokens.create(cast.river, name="fuzz", scopes=Scope.WRITE, days=1)
    return {"Authorization": f"Bearer {plaintext}"}


@schema.parametrize()
@FUZZ
def test_the_api_as_its_schema_describes_it(case, bearer):
    case.call_and_validate(
        base_url=BASE,
        headers=bearer,
        checks=[*CONFORMANCE, ignored_auth, negative_data_rejection],
    )


@schema.parametrize()
@FUZZ
def test_the_api_on_real_records(case, cast, bearer):
    real = {
        "client_id": cast.client.pk,
        "session_id": notes_objects.cast_session(cast).pk,
        "note_id": notes_objects.cast_note(cast).pk,
    }
    if case.path_parameters:
        case.path_parameters = {k: real.get(k, v) for k, v in case.path_parameters.items()}
    case.call_and_validate(base_url=BASE, headers=bearer, checks=CONFORMANCE)
