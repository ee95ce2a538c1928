"""Building sessions and notes for tests, through the same functions the views use."""

from datetime import date, timedelta

from alongside.notes import records
from alongside.notes.models import (
    Attendance,
    Modality,
    Note,
    NotePolicy,
    NoteStatus,
    Session,
    Who,
)

CANARY_REFLECTION = "CANARY-PRIVATE-REFLECTION-7f3a"
CANARY_SHARED_REFLECTION = "CANARY-SHARED-REFLECTION-19bd"

SECTIONS = {
    "agenda": 'Ash: "the letter from the housing office"',
    "systems": "Housing and the council; being misgendered on the phone.",
    "meanings": "Freezing at letters is bracing, not laziness.",
    "strategies": "Kept a call log; asked a cousin to come along.",
    "power": "I named that I have never had to fight a council for repairs.",
    "ruptures": "",
}


def make_session(client, days_ago=7, **extra) -> Session:
    values = {
        "date": date.today() - timedelta(days=days_ago),
        "modality": Modality.VIDEO,
        "attendance": Attendance.ATTENDED,
        **extra,
    }
    return Session.objects.create(client=client, **values)


def draft_note(cast, days_ago=7, client=None, author=None, **sections) -> Note:
    client = client or cast.client
    author = author or client.therapist
    note = records.start_note(author, make_session(client, days_ago))
    for name, text in {**SECTIONS, **sections}.items():
        setattr(note, name, text)
    note.save()
    note.actions.create(text="Phone the housing office", who=Who.CLIENT)
    note.actions.create(text="Send the tenants' union contact", who=Who.THERAPIST)
    return note


def sign(note) -> Note:
    return records.sign_note(note.author, note, Note.objects.get(pk=note.pk).version)


def signed_note(cast, days_ago=7, **sections) -> Note:
    return sign(draft_note(cast, days_ago, **sections))


def allow_holding_back(practice) -> None:
    NotePolicy.objects.update_or_create(practice=practice, defaults={"allow_holding_back": True})


def cast_note(cast) -> Note:
    """One signed note for the cast, with something of every kind attached (made once)."""
    note = Note.objects.filter(client=cast.client, status=NoteStatus.SIGNED).first()
    if note is None:
        note = signed_note(cast, days_ago=14)
        records.save_reflection(cast.river, note, CANARY_REFLECTION)
        records.add_perspective(cast.client_user, note, "It helped.")
        note.flags.create(section="meanings", reason="Not quite.")
        allow_holding_back(cast.practice)
    return note


def cast_draft(cast) -> Note:
    note = Note.objects.filter(client=cast.client, status=NoteStatus.DRAFT).first()
    return note or draft_note(cast, days_ago=3)


def cast_session(cast) -> Session:
    """A session of the cast's client with no note yet."""
    session = Session.objects.filter(client=cast.client, note__isnull=True).first()
    return session or make_session(cast.client, days_ago=1)
