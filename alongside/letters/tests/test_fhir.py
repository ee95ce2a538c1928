"""The consent reads as a FHIR R4 Consent: what, to whom, why, until when, and withdrawn."""

from alongside.letters import records
from alongside.letters.fhir import consent_resource
from alongside.letters.tests.objects import approved


def test_an_approved_letters_consent_is_an_active_permit_for_the_recipient(cast):
    letter = approved(cast)
    resource = consent_resource(letter.consent)
    assert resource["resourceType"] == "Consent" and resource["status"] == "active"
    provision = resource["provision"]
    assert provision["type"] == "permit"
    assert provision["actor"][0]["reference"]["display"] == "Riverside Council Repairs"
    assert provision["period"]["end"] == letter.consent_until.isoformat()
    assert provision["purpose"][0]["code"] == "PATRQT"
    assert resource["patient"] == {"reference": f"Patient/{cast.client.pk}"}


def test_a_withdrawn_consent_is_inactive_and_ends_on_the_day_it_was_withdrawn(cast):
    letter = approved(cast)
    consent = letter.consent
    records.withdraw(cast.client_user, letter)
    consent.refresh_from_db()
    resource = consent_resource(consent)
    assert resource["status"] == "inactive"
    assert resource["provision"]["period"]["end"] == consent.ended_at.date().isoformat()
