"""Letters in "everything we hold" (see core.export_registry).

A finalised letter goes in the bundle as a DocumentReference (status current, its text as a
plain-text attachment, the recipient and the day it was finalised), and each consent the
client gave for a letter as the FHIR Consent that `letters.fhir` builds (withdrawn and
superseded ones as "inactive"). Beside the bundle (record.json, section "letters"): every
letter the reader may see, with its stage and the changes the client asked for. A draft the
therapist hasn't sent the client yet is still theirs to work on, and is left out of the
client's copy by the letters' own `visible_to`.

No `erase`: letters, their facts, consents and change requests cascade from the client row.
"""

import base64

from django.utils.translation import gettext as _

from alongside.core import fhir
from alongside.core.export_registry import Item, Part
from alongside.letters.fhir import consent_resource
from alongside.letters.models import Letter, LetterConsent, Stage

LETTER_TYPE = {"coding": [{"system": "http://loinc.org", "code": "34109-9"}], "text": "Letter"}


def _document(letter) -> dict:
    text = letter.final_text or ""
    return fhir.validated(
        {
            "resourceType": "DocumentReference",
            "id": f"letter-{letter.pk}",
            "status": "current",
            "docStatus": "final",
            "type": LETTER_TYPE,
            "category": [{"coding": [{"system": f"{fhir.BASE}/letter-kind", "code": letter.kind}]}],
            "subject": fhir.patient_ref(letter.client),
            "date": letter.finalised_at.isoformat(),
            "description": _("Letter to %(recipient)s") % {"recipient": letter.recipient},
            "content": [
                {
                    "attachment": {
                        "contentType": "text/plain; charset=utf-8",
                        "data": base64.b64encode(text.encode()).decode(),
                        "title": letter.get_kind_display(),
                    }
                }
            ],
        }
    )


def _letter(letter) -> dict:
    return {
        "id": letter.pk,
        "kind": letter.kind,
        "to": letter.recipient,
        "for": letter.purpose,
        "stage": letter.stage,
        "version": letter.number,
        "consent_lasts_until": letter.consent_until.isoformat(),
        "finalised_at": letter.finalised_at.isoformat() if letter.finalised_at else None,
        "text": letter.final_text if letter.stage == Stage.FINALISED else letter.body,
        "changes_you_asked_for": [
            {"what": c.text, "at": c.created_at.isoformat()} for c in letter.change_requests.all()
        ],
    }


def contribute(client, reader) -> list[Part]:
    letters = list(
        Letter.objects.visible_to(reader)
        .filter(client=client)
        .select_related("client")
        .prefetch_related("change_requests")
    )
    if not letters:
        return []
    final = [letter for letter in letters if letter.stage == Stage.FINALISED]
    consents = LetterConsent.objects.filter(letter__in=letters).select_related("letter")
    resources = [_document(letter) for letter in final]
    resources += [fhir.validated(consent_resource(c)) for c in consents]
    return [
        Part(
            key="letters",
            title=_("Letters"),
            resources=resources,
            data=[_letter(letter) for letter in letters],
            items=[
                Item(
                    heading=_("Letter to %(recipient)s") % {"recipient": letter.recipient},
                    when=letter.finalised_at.date().isoformat(),
                    lines=[("", letter.final_text)],
                )
                for letter in final
            ],
        )
    ]
