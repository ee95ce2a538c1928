"""Responses out: FHIR R4 QuestionnaireResponse resources in a Bundle, and CSV.

Every resource is validated with fhir.resources before it leaves. The CSV is "long": one row
per answer plus one per total, so instruments with different items share one file.
"""

import csv
import io

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from alongside.core.spreadsheet import text_cell
from alongside.measures import instruments


def _answer(question, value) -> list[dict]:
    if value in (None, "", []):
        return []
    if question.kind == "integer":
        return [{"valueInteger": int(value)}]
    if question.kind == "choice":
        codes = value if isinstance(value, list) else [value]
        found = []
        for code in codes:
            option = question.option(code)
            if option:
                coding = {"code": option.code, "display": option.display}
                if option.system:
                    coding["system"] = option.system
                found.append({"valueCoding": coding})
        return found
    return [{"valueString": str(value)}]


def questionnaire_response(response) -> dict:
    """One response as a validated FHIR QuestionnaireResponse (JSON-ready dict)."""
    instrument = instruments.get(response.instrument)
    answers = response.answers
    groups: dict[str, dict] = {}
    items = []
    for question in instrument.questions:
        answer = _answer(question, answers.get(question.link_id))
        if not answer:
            continue
        entry = {"linkId": question.link_id, "text": question.text, "answer": answer}
        if question.group:
            if question.group not in groups:
                groups[question.group] = {
                    "linkId": question.group,
                    "text": question.group_text,
                    "item": [],
                }
                items.append(groups[question.group])
            groups[question.group]["item"].append(entry)
        else:
            items.append(entry)
    data = {
        "resourceType": "QuestionnaireResponse",
        "id": f"response-{response.pk}",
        "questionnaire": f"{instrument.url}|{response.questionnaire_version}",
        "status": "completed" if response.submitted_at else "in-progress",
        "subject": {"reference": f"Patient/{response.client_id}"},
        "authored": (response.submitted_at or response.updated_at).isoformat(),
        "item": items,
    }
    if not items:
        del data["item"]
    QuestionnaireResponse.model_validate(data)
    return data


def bundle(responses) -> dict:
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": [
            {
                "fullUrl": f"urn:alongside:QuestionnaireResponse:{r.pk}",
                "resource": questionnaire_response(r),
            }
            for r in responses
        ],
    }
    Bundle.model_validate(data)
    return data


_cell = text_cell


CSV_HEADER = [
    "response_id",
    "instrument",
    "questionnaire_version",
    "submitted_at",
    "item",
    "question",
    "answer",
    "value",
]


def csv_text(responses) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for response in responses:
        instrument = instruments.get(response.instrument)
        answers = response.answers
        common = [
            response.pk,
            instrument.key,
            response.questionnaire_version,
            response.submitted_at.isoformat() if response.submitted_at else "",
        ]
        for question in instrument.questions:
            if question.link_id not in answers:
                continue
            raw = answers[question.link_id]
            value = question.value(raw)
            writer.writerow(
                [
                    *common,
                    question.link_id,
                    _cell(question.text),
                    _cell(question.display(raw)),
                    "" if value is None else value,
                ]
            )
        score = instrument.score(answers)
        writer.writerow(
            [
                *common,
                "total",
                _cell(str(instrument.scale.label)),
                _cell(score.band.label if score.band else ""),
                "" if score.total is None else f"{score.total:g}",
            ]
        )
    return out.getvalue()
