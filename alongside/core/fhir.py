"""Small helpers for building FHIR R4 resources the way this project does (see
measures.exports): plain JSON-ready dicts, each validated with its fhir.resources R4B model
before it goes anywhere."""

from html import escape

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

PRONOUNS = "http://hl7.org/fhir/StructureDefinition/individual-pronouns"
# Where this project's own codes and extensions live; documented in rights/README.txt.
BASE = "https://alongside.example.invalid/fhir"


def validated(resource: dict) -> dict:
    """The resource, after its R4B model accepted it (raises ValidationError otherwise)."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return resource


def narrative(*paragraphs: str) -> dict:
    """A FHIR Narrative holding typed text as escaped XHTML paragraphs, never markup."""
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs if text) or "<p>-</p>"
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def patient_ref(client) -> dict:
    return {"reference": f"Patient/{client.pk}"}


def full_url(resource: dict) -> str:
    return f"urn:alongside:{resource['resourceType']}:{resource['id']}"


def bundle(resources: list[dict], timestamp) -> dict:
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timestamp.isoformat(),
        "entry": [{"fullUrl": full_url(r), "resource": validated(r)} for r in resources],
    }
    Bundle.model_validate(data)
    return data
