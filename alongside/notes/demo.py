"""Demo notes for the demo practice: invented sessions, written as this app asks notes to be
written. Called once from alongside.demo.seed.seed()."""

from datetime import timedelta

from django.utils import timezone

from alongside.clients.models import Client
from alongside.notes import records
from alongside.notes.models import Attendance, Modality, Note, NotePolicy, Session, Who

ASH_NOTES = [
    {
        "agenda": 'Ash wanted to talk about "the letter from the housing office and why I froze".',
        "systems": (
            "Housing: the repair request ignored for five months. Being misgendered on the "
            "phone by the council, twice. Classism in how the caseworker spoke to him."
        ),
        "meanings": (
            "Ash linked freezing at the letter to years of official letters that meant losing "
            "something. He said: \"it's not me being lazy, it's me bracing\"."
        ),
        "strategies": (
            "He kept a log of every call, and asked his cousin to come to the next meeting. "
            "We practised the opening line for the call together."
        ),
        "power": (
            "I named that I have never had to fight a council for repairs, and asked Ash to "
            "tell me if I was getting it wrong."
        ),
        "ruptures": "",
        "actions": [
            ("Phone the housing office with the log in front of me", Who.CLIENT, True),
            ("Find the tenants' union contact and send it", Who.THERAPIST, True),
            ("Draft the complaint email", Who.TOGETHER, False),
        ],
        "perspective": (
            "It helped to hear that freezing makes sense. I want to add that my cousin "
            "can't always come, so I need a plan B."
        ),
        "reflection": (
            "I noticed I rushed to problem-solve when Ash went quiet. My own anxiety about "
            "authority letters? Take to supervision."
        ),
    },
    {
        "agenda": 'Ash: "I want to talk about work, and about whether therapy is helping."',
        "systems": "Work: a manager who keeps using his old name in rota emails.",
        "meanings": "He sees the pattern across housing and work as being made to prove who he is.",
        "strategies": "Wrote to HR with a friend's help. Rest days protected this week.",
        "power": "",
        "ruptures": (
            "Ash said last week I spoke over him. I agreed, said sorry, and we agreed he will "
            "raise a hand if it happens again."
        ),
        "actions": [("Ask HR for a written reply by Friday", Who.CLIENT, False)],
        "flag": ("meanings", "It's not only about proving who I am, it's about being tired."),
    },
]


def seed(practice) -> None:
    NotePolicy.objects.update_or_create(practice=practice, defaults={"allow_holding_back": True})
    for client in Client.objects.filter(practice=practice).select_related("therapist"):
        attended = list(
            Session.objects.filter(client=client, attendance=Attendance.ATTENDED).order_by("date")
        )
        if client.chosen_name.startswith("Ash "):
            while len(attended) < len(ASH_NOTES):
                attended.insert(0, _earlier_session(client, attended))
            for session, content in zip(attended, ASH_NOTES, strict=False):
                _note(client, session, content)
        elif attended:
            # Everyone else gets one draft, to show the editor with something in it.
            note = records.start_note(client.therapist, attended[-1])
            note.agenda = "To check with the client: what they want from the next sessions."
            note.save(update_fields=["agenda"])


def _earlier_session(client, attended) -> Session:
    first = attended[0].date if attended else timezone.localdate()
    return Session.objects.create(
        client=client,
        date=first - timedelta(days=7),
        modality=Modality.IN_PERSON,
        attendance=Attendance.ATTENDED,
    )


def _note(client, session, content) -> Note:
    therapist = client.therapist
    note = records.start_note(therapist, session)
    for name in ("agenda", "systems", "meanings", "strategies", "power", "ruptures"):
        setattr(note, name, content[name])
    note.save()
    for text, who, done in content["actions"]:
        note.actions.create(text=text, who=who, done=done, done_at=timezone.now() if done else None)
    if content.get("reflection"):
        records.save_reflection(therapist, note, content["reflection"], share=False)
    note = records.sign_note(therapist, note, note.version)
    if content.get("perspective"):
        records.add_perspective(client.user, note, content["perspective"])
    if content.get("flag"):
        section, reason = content["flag"]
        note.flags.create(section=section, reason=reason)
    return note
