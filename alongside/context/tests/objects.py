"""Objects about the cast's client (Ash) for tests, incl. the access walk in
tests/test_object_access.py. Each is shared with a supervisor, so sam can reach it."""

from alongside.context.models import (
    Experience,
    Feedback,
    LifeDomain,
    MapEntry,
    Position,
    Visibility,
)
from alongside.context.records import formulation_for, sections_of


def map_entry(cast, **extra) -> MapEntry:
    fields = {
        "client": cast.client,
        "custom_label": "Being a carer",
        "words": "CANARY-MAP-WORDS",
        "visibility": Visibility.SUPERVISOR,
    }
    fields.update(extra)
    entry = MapEntry.objects.create(**fields)
    entry.versions.create(
        number=1, words=entry.words, visibility=entry.visibility, author=cast.client_user
    )
    return entry


def experience(cast, **extra) -> Experience:
    fields = {
        "client": cast.client,
        "title": "Eviction notice",
        "start_year": 2021,
        "domain": LifeDomain.objects.get(code="housing"),
        "what_happened": "CANARY-EXPERIENCE",
        "visibility": Visibility.SUPERVISOR,
    }
    fields.update(extra)
    return Experience.objects.create(**fields)


def feedback(cast, **extra) -> Feedback:
    formulation = formulation_for(cast.client)
    sections_of(formulation)
    fields = {
        "formulation": formulation,
        "section": "happened",
        "kind": Feedback.Kind.PROPOSAL,
        "proposed_text": "CANARY-PROPOSAL",
        "author": cast.client_user,
    }
    fields.update(extra)
    return Feedback.objects.create(**fields)


def position(cast, **extra) -> Position:
    fields = {"therapist": cast.river, "custom_label": "Being a parent", "lived_as": "privilege"}
    fields.update(extra)
    return Position.objects.create(**fields)
