"""Everything held about one client, in three shapes: a FHIR R4 Bundle, a JSON document for
what FHIR has no home for, and a readable PDF. `package_zip` puts the first two in one file
with a README.

What is never included, and the copy says so: the therapist's private reflections
(psychotherapy notes), which are not part of the record (HIPAA 164.524(a)(1)(i)).
"""

import io
import json
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.core import fhir, languages
from alongside.core.export_registry import Part, parts

FORMAT = "alongside-record/1"
# The package's files; README.txt (a template, in the client's language) says what each is.
FILES = {"bundle": "bundle.json", "record": "record.json", "readme": "README.txt"}


def not_included() -> list[str]:
    return [
        _(
            "Your therapist's private reflections (psychotherapy notes). These are the "
            "therapist's own notes for thinking about their work; the law treats them apart "
            "from your record, and they are never shared, exported or used in reports."
        ),
        _("Drafts your therapist has not signed yet. You will see each note once it is signed."),
        _("The audit trail of who opened your record: see “Who has seen my record”."),
    ]


@dataclass
class Record:
    client: object
    reader: object
    parts: list[Part]
    generated_at: object

    def resources(self) -> list[dict]:
        return [resource for part in self.parts for resource in part.resources]

    def bundle(self) -> dict:
        return fhir.bundle(self.resources(), self.generated_at)

    def document(self) -> dict:
        """The JSON beside the bundle: every part's own data, and what is not included."""
        return {
            "format": FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "client_id": self.client.pk,
            "prepared_for": "client" if self.reader.role == "client" else "practice",
            "not_included": not_included(),
            "sections": {part.key: part.data for part in self.parts if part.data is not None},
            "explanations": {part.key: part.explain for part in self.parts if part.explain},
        }


def build(client, reader) -> Record:
    return Record(client, reader, parts(client, reader), timezone.now())


def _json(data) -> bytes:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str).encode()


def bundle_bytes(record: Record) -> bytes:
    return _json(record.bundle())


def document_bytes(record: Record) -> bytes:
    return _json(record.document())


def package_zip(record: Record) -> bytes:
    """bundle.json (FHIR R4), record.json (the rest), README.txt (what each file is)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(FILES["bundle"], bundle_bytes(record))
        archive.writestr(FILES["record"], document_bytes(record))
        archive.writestr(FILES["readme"], readme(record))
    return out.getvalue()


def readme(record: Record) -> str:
    with languages.for_person(record.client):
        return render_to_string("rights/README.txt", FILES)


def readable_html(record: Record, request=None) -> str:
    with languages.for_person(record.client):  # everything we hold, in the client's language
        return render_to_string(
            "rights/record_pdf.html",
            {
                "client": record.client,
                "parts": record.parts,
                "not_included": not_included(),
                "generated_at": record.generated_at,
            },
            request=request,
        )


def pdf_bytes(record: Record, request=None) -> bytes:
    from weasyprint import HTML

    base = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=readable_html(record, request), base_url=base).write_pdf()
