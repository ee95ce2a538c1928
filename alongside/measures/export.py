"""Check-ins in "everything we hold" (see core.export_registry): each completed answer set as a
FHIR QuestionnaireResponse (measures.exports), and its score as an Observation derived
from it. Drafts the client has not sent are not included."""

from django.utils.translation import gettext as _

from alongside.core import fhir
from alongside.core.export_registry import Item, Part
from alongside.measures import exports, instruments
from alongside.measures.models import Response


def _observation(response, instrument, score) -> dict:
    observation = {
        "resourceType": "Observation",
        "id": f"score-{response.pk}",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                    }
                ]
            }
        ],
        "code": {"text": f"{instrument.title}: {instrument.scale.key} total"},
        "subject": {"reference": f"Patient/{response.client_id}"},
        "effectiveDateTime": response.submitted_at.isoformat(),
        "derivedFrom": [{"reference": f"QuestionnaireResponse/response-{response.pk}"}],
        "valueQuantity": {"value": score.total},
    }
    if score.band:
        observation["interpretation"] = [{"text": str(score.band.label)}]
    return fhir.validated(observation)


def contribute(client, reader) -> list[Part]:
    responses = list(
        Response.objects.visible_to(reader)
        .completed()
        .filter(client=client)
        .order_by("submitted_at", "id")
    )
    resources, data, items = [], [], []
    for response in responses:
        instrument = instruments.get(response.instrument)
        score = instrument.score(response.answers)
        resources.append(exports.questionnaire_response(response))
        if score.total is not None:
            resources.append(_observation(response, instrument, score))
        data.append(
            {
                "id": response.pk,
                "questionnaire": instrument.title,
                "submitted_at": response.submitted_at.isoformat(),
                "total": score.total,
                "band": str(score.band.label) if score.band else None,
            }
        )
        lines = [
            (instrument.label(q.link_id), q.display(response.answers[q.link_id]))
            for q in instrument.questions
            if q.link_id in response.answers
        ]
        if score.total is not None:
            band = f" ({score.band.label})" if score.band else ""
            lines.append((_("Total"), f"{score.total:g}{band}"))
        items.append(
            Item(heading=instrument.title, when=f"{response.submitted_at:%Y-%m-%d}", lines=lines)
        )
    return [
        Part(
            key="check_ins",
            title=_("Check-ins you answered"),
            resources=resources,
            data=data,
            items=items,
        )
    ]
