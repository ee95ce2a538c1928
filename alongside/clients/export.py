"""The client's profile in "everything we hold" (see core.export_registry): a FHIR Patient, a
Consent for the portal account, and the profile in their own words."""

from django.utils.translation import gettext as _

from alongside.core import fhir
from alongside.core.export_registry import Item, Part


def _patient(client) -> dict:
    names = [{"use": "usual", "text": client.chosen_name}]
    if client.legal_name:  # only if the practice stored one (billing); never invented
        names.append({"use": "official", "text": client.legal_name})
    patient = {"resourceType": "Patient", "id": str(client.pk), "name": names}
    if client.pronouns:
        patient["extension"] = [
            {
                "url": fhir.PRONOUNS,
                "extension": [{"url": "value", "valueCodeableConcept": {"text": client.pronouns}}],
            }
        ]
    if client.language:
        patient["communication"] = [{"language": {"text": client.language}, "preferred": True}]
    telecom = []
    if client.email:
        telecom.append({"system": "email", "value": client.email})
    if client.phone:
        telecom.append({"system": "phone", "value": client.phone})
    if telecom:
        patient["telecom"] = telecom
    return fhir.validated(patient)


def _portal_consent(client) -> dict | None:
    """The portal account as a Consent: the client agreed to read and add to their record
    online. No account, no consent resource."""
    if client.user_id is None:
        return None
    open_ = client.user.is_active and client.user.has_usable_password()
    started = client.invited_at or client.user.date_joined
    return fhir.validated(
        {
            "resourceType": "Consent",
            "id": f"portal-{client.pk}",
            "status": "active" if open_ else "inactive",
            "scope": {"text": "Portal access"},
            "category": [{"text": "Online access to my own record"}],
            "patient": fhir.patient_ref(client),
            "dateTime": started.isoformat(),
            "policyRule": {"text": f"{fhir.BASE}/policy/portal"},
            "provision": {"type": "permit", "period": {"start": started.isoformat()}},
        }
    )


def profile_data(client) -> dict:
    data = {
        "chosen_name": client.chosen_name,
        "pronouns": client.pronouns,
        "language": client.language,
        "email": client.email,
        "phone": client.phone,
        "self_description": client.self_description,
        "naming_style": client.naming_style,
        "own_terms": client.own_terms_list(),
        "therapist": client.therapist.get_full_name() or client.therapist.username,
        "record_started": client.created_at.isoformat(),
        "portal_account": client.user_id is not None,
    }
    if client.legal_name:
        data["legal_name"] = client.legal_name
    return data


def contribute(client, reader) -> list[Part]:
    resources = [_patient(client)]
    if (consent := _portal_consent(client)) is not None:
        resources.append(consent)
    data = profile_data(client)
    lines = [
        (_("Name you use"), client.chosen_name),
        (_("Pronouns"), client.pronouns),
        (_("Language"), client.language),
        (_("Email"), client.email),
        (_("Phone"), client.phone),
        (_("How you describe yourself"), client.self_description),
        (_("Words you use for yourself"), ", ".join(data["own_terms"])),
        (_("Legal name (billing only)"), client.legal_name),
        (_("Your therapist"), data["therapist"]),
    ]
    return [
        Part(
            key="profile",
            title=_("About you"),
            resources=resources,
            data=data,
            items=[Item(heading=client.chosen_name, lines=[(k, v) for k, v in lines if v])],
        )
    ]
