"""`alongside export_openapi` prints the API's schema, and it is valid OpenAPI 3.1."""

import io
import json

import jsonschema_rs
from django.core.management import call_command
from schemathesis.specs.openapi.definitions import OPENAPI_31


def test_export_openapi_prints_a_valid_openapi_3_1_schema():
    out = io.StringIO()
    call_command("export_openapi", stdout=out)
    schema = json.loads(out.getvalue())
    assert schema["openapi"].startswith("3.1")
    jsonschema_rs.Draft202012Validator(OPENAPI_31).validate(schema)
    assert "/api/v1/clients/{client_id}/everything" in schema["paths"]
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_the_served_schema_is_public_and_the_same(client):
    out = io.StringIO()
    call_command("export_openapi", stdout=out)
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json()["paths"].keys() == json.loads(out.getvalue())["paths"].keys()
