"""Making one copy of everything held, audited as an export naming who made it."""

from django.db import transaction

from alongside.audit.chain import record as audit
from alongside.audit.models import Action
from alongside.rights import package

FORMATS = ("fhir", "json", "pdf", "zip")
# What each format is called on disk and on the wire.
FILES = {
    "fhir": ("bundle.json", "application/fhir+json"),
    "json": ("record.json", "application/json"),
    "pdf": ("my-record.pdf", "application/pdf"),
    "zip": ("my-record.zip", "application/zip"),
}


def export(client, reader, fmt: str, request=None) -> bytes:
    """The file's bytes, written to the audit trail in the same transaction: who (the
    client, or the practice's operator), which client, that it was an export."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    record = package.build(client, reader)
    if fmt == "fhir":
        body = package.bundle_bytes(record)
    elif fmt == "json":
        body = package.document_bytes(record)
    elif fmt == "pdf":
        body = package.pdf_bytes(record, request)
    else:
        body = package.package_zip(record)
    with transaction.atomic():
        audit(
            actor=reader,
            action=Action.EXPORT,
            object_type=f"record:{fmt}",
            object_id=client.pk,
            client_id=client.pk,
        )
    return body
