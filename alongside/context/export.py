"""Social context in "everything we hold" (see core.export_registry).

The formulation goes in the bundle as a Composition, one section per question answered.
The experiences timeline and the social-context map have no FHIR resource that fits them
without losing the client's own words and choices, so they travel as JSON beside the bundle
(record.json, sections "experiences" and "context_map"), documented in rights/README.txt.
A therapist's reflections on power and their positionality are theirs, not the client's
record (like private reflections), and are not included.
"""

from django.utils.translation import gettext as _

from alongside.context.models import Experience, Feedback, Formulation, MapEntry, Section
from alongside.core import fhir
from alongside.core.export_registry import Item, Part


def _composition(client, formulation, sections) -> dict:
    latest = max(s.updated_at for s in sections)
    therapist = client.therapist
    return fhir.validated(
        {
            "resourceType": "Composition",
            "id": f"formulation-{client.pk}",
            "status": "preliminary",  # a shared story, always open to change
            "type": {"text": "Formulation (Power Threat Meaning Framework)"},
            "subject": fhir.patient_ref(client),
            "date": latest.isoformat(),
            "author": [{"display": therapist.get_full_name() or therapist.username}],
            "title": _("Your story"),
            "section": [
                {
                    "title": str(Section(s.key).label),
                    "code": {"coding": [{"system": f"{fhir.BASE}/formulation", "code": s.key}]},
                    "text": fhir.narrative(s.text),
                }
                for s in sections
            ],
        }
    )


def _formulation(client, reader):
    formulation = Formulation.objects.visible_to(reader).filter(client=client).first()
    if formulation is None:
        return [], None, []
    order = {key: n for n, key in enumerate(Section.values)}
    sections = sorted(
        (s for s in formulation.sections.all() if s.text), key=lambda s: order.get(s.key, 99)
    )
    feedback = Feedback.objects.visible_to(reader).filter(formulation=formulation)
    data = {
        "sections": {s.key: s.text for s in sections},
        "what_you_said": [
            {
                "section": f.section,
                "kind": f.kind,
                "text": f.text,
                "proposed_text": f.proposed_text,
                "status": f.status,
                "therapist_reply": f.reply,
                "written_at": f.created_at.isoformat(),
            }
            for f in feedback
        ],
    }
    resources = [_composition(client, formulation, sections)] if sections else []
    items = [Item(heading=str(Section(s.key).label), lines=[("", s.text)]) for s in sections]
    return resources, data, items


def _experience(e) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "when": e.period,
        "when_in_your_words": e.when_words,
        "start_year": e.start_year,
        "start_month": e.start_month,
        "end_year": e.end_year,
        "end_month": e.end_month,
        "ongoing": e.ongoing,
        "part_of_life": str(e.domain.display),
        "systems": [str(s.display) for s in e.systems.all()],
        "other_system": e.systems_other,
        "what_happened": e.what_happened,
        "how_it_affected_you": e.impact,
        "how_you_responded": e.response,
        "who_may_read": e.visibility,
    }


def _entry(m) -> dict:
    return {
        "id": m.pk,
        "part_of_you": str(m.label),
        "in_your_words": m.words,
        "how_much_it_matters": m.get_salience_display() if m.salience is not None else None,
        "how_you_live_it": m.lived_as,
        "prefer_not_to_say": m.prefer_not_to_say,
        "who_may_read": m.visibility,
    }


def contribute(client, reader) -> list[Part]:
    resources, formulation, formulation_items = _formulation(client, reader)
    experiences = list(
        Experience.objects.visible_to(reader)
        .filter(client=client)
        .timeline()
        .select_related("domain")
        .prefetch_related("systems")
    )
    entries = list(
        MapEntry.objects.visible_to(reader).filter(client=client).select_related("dimension")
    )
    return [
        Part(
            key="formulation",
            title=_("Your story (formulation)"),
            resources=resources,
            data=formulation,
            items=formulation_items,
        ),
        Part(
            key="experiences",
            title=_("Experiences"),
            data=[_experience(e) for e in experiences],
            items=[
                Item(
                    heading=e.title,
                    when=e.period,
                    lines=[
                        (_("What happened"), e.what_happened),
                        (_("How it affected you"), e.impact),
                        (_("How you responded or resisted"), e.response),
                    ],
                )
                for e in experiences
            ],
        ),
        Part(
            key="context_map",
            title=_("Your social-context map"),
            data=[_entry(m) for m in entries],
            items=[
                Item(heading=str(m.label), lines=[(_("In your words"), m.shown_words)])
                for m in entries
            ],
        ),
    ]
