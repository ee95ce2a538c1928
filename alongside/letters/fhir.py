"""A letter's consent as a FHIR R4 Consent resource (for an export or another system).

scope patient-privacy, category "disclosure" (LOINC 59284-0, consent document), a permit
provision for the recipient as actor (role IRCP, information recipient), the purpose
("at the request of the individual": PurposeOfUse PATRQT) and the period, with the facts
the client chose as the provision's data. Withdrawn or superseded consents are "inactive".
"""

from alongside.letters.models import ConsentStatus

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
PURPOSE = "http://terminology.hl7.org/CodeSystem/v3-ActReason"


def consent_resource(consent) -> dict:
    letter = consent.letter
    period = {"start": consent.given_at.date().isoformat(), "end": consent.until.isoformat()}
    if consent.ended_at:
        period["end"] = min(consent.until, consent.ended_at.date()).isoformat()
    return {
        "resourceType": "Consent",
        "id": f"letter-consent-{consent.pk}",
        "status": "active" if consent.status == ConsentStatus.ACTIVE else "inactive",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": {"reference": f"Patient/{letter.client_id}"},
        "dateTime": consent.given_at.isoformat(),
        "performer": [{"reference": f"Patient/{letter.client_id}"}],
        "policyRule": {"coding": [{"system": ACT_CODE, "code": "OPTIN"}]},
        "provision": {
            "type": "permit",
            "period": period,
            "actor": [
                {
                    "role": {"coding": [{"system": PARTICIPATION, "code": "IRCP"}]},
                    "reference": {"display": consent.recipient},
                }
            ],
            "action": [{"text": "disclose"}],
            "purpose": [{"system": PURPOSE, "code": "PATRQT", "display": consent.purpose}],
            "data": [
                {"meaning": "instance", "reference": {"display": source}}
                for source in consent.facts
            ],
        },
    }
