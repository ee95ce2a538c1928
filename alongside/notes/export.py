"""Sessions and signed notes in "everything we hold" (see core.export_registry).

Sessions become FHIR Encounters; each signed note a Composition (LOINC 11506-3, progress
note) with one section per shared part. A client's copy holds the notes released to them
and says how many are held back; the practice's copy holds every signed note its operator
may read. Drafts and private reflections (psychotherapy notes) are never included: this
module does not touch `PrivateReflection` at all.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Role
from alongside.core import fhir
from alongside.core.export_registry import Item, Part
from alongside.notes.models import SECTIONS, FlagSection, Modality, Note, NoteStatus, Session

LOINC = "http://loinc.org"
ATTENDED = {"attended": "finished"}
VIRTUAL = {Modality.VIDEO, Modality.PHONE}


def _encounter(session) -> dict:
    virtual = session.modality in VIRTUAL
    return fhir.validated(
        {
            "resourceType": "Encounter",
            "id": str(session.pk),
            "status": ATTENDED.get(session.attendance, "cancelled"),
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "VR" if virtual else "AMB",
                "display": "virtual" if virtual else "ambulatory",
            },
            "type": [{"text": session.get_modality_display()}],
            "subject": {"reference": f"Patient/{session.client_id}"},
            "period": {"start": session.date.isoformat()},
            "length": {
                "value": session.minutes,
                "unit": "min",
                "system": "http://unitsofmeasure.org",
                "code": "min",
            },
        }
    )


def _label(section: str) -> str:
    return str(FlagSection(section).label)


def _composition(note) -> dict:
    sections = [
        {"title": _label(name), "text": fhir.narrative(getattr(note, name))}
        for name in SECTIONS
        if getattr(note, name)
    ]
    actions = list(note.actions.all())
    if actions:
        sections.append(
            {
                "title": _label("actions"),
                "text": fhir.narrative(*[f"{a.text} ({a.get_who_display()})" for a in actions]),
            }
        )
    for addendum in note.addenda.all():
        sections.append(
            {
                "title": _("Added on %(date)s") % {"date": f"{addendum.created_at:%Y-%m-%d}"},
                "text": fhir.narrative(addendum.text),
            }
        )
    author = note.signed_by or note.author
    composition = {
        "resourceType": "Composition",
        "id": f"note-{note.pk}",
        "status": "amended" if note.addenda.all() else "final",
        "type": {"coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}]},
        "subject": {"reference": f"Patient/{note.client_id}"},
        "encounter": {"reference": f"Encounter/{note.session_id}"},
        "date": (note.signed_at or note.updated_at).isoformat(),
        "author": [{"display": author.get_full_name() or author.username}],
        "title": _("Session on %(date)s") % {"date": f"{note.session.date:%Y-%m-%d}"},
    }
    if sections:
        composition["section"] = sections
    return fhir.validated(composition)


def _replies(rows, text_field):
    return [
        {
            "written_at": row.created_at.isoformat(),
            **({"section": row.section} if hasattr(row, "section") else {}),
            "text": getattr(row, text_field),
            "therapist_reply": row.reply,
            "replied_at": row.replied_at.isoformat() if row.replied_at else None,
        }
        for row in rows
    ]


def _note_data(note) -> dict:
    return {
        "id": note.pk,
        "session_id": note.session_id,
        "date": note.session.date.isoformat(),
        "signed_at": note.signed_at.isoformat() if note.signed_at else None,
        "sections": {name: getattr(note, name) for name in SECTIONS if getattr(note, name)},
        "agreed_actions": [
            {"text": a.text, "who": a.who, "done": a.done} for a in note.actions.all()
        ],
        "addenda": [
            {"added_at": a.created_at.isoformat(), "text": a.text} for a in note.addenda.all()
        ],
        "my_perspectives": _replies(note.perspectives.all(), "text"),
        "doesnt_fit_me": _replies(note.flags.all(), "reason"),
    }


def _note_item(note) -> Item:
    lines = [(_label(name), getattr(note, name)) for name in SECTIONS if getattr(note, name)]
    lines += [(_label("actions"), a.text) for a in note.actions.all()]
    lines += [(_("Added later"), a.text) for a in note.addenda.all()]
    lines += [(_("Your perspective"), p.text) for p in note.perspectives.all()]
    lines += [(_("“This doesn't fit me”"), f.reason) for f in note.flags.all()]
    return Item(heading=_("Session note"), when=f"{note.session.date:%Y-%m-%d}", lines=lines)


def _notes_for(client, reader):
    if reader.role == Role.CLIENT:
        notes = Note.objects.released_to(reader)
    else:
        notes = Note.objects.visible_to(reader).filter(status=NoteStatus.SIGNED)
    return (
        notes.filter(client=client)
        .select_related("session", "author", "signed_by")
        .prefetch_related("actions", "addenda", "perspectives", "flags")
        .order_by("session__date", "id")
    )


def contribute(client, reader) -> list[Part]:
    sessions = list(Session.objects.visible_to(reader).filter(client=client).order_by("date", "id"))
    notes = list(_notes_for(client, reader))
    explain = ""
    if reader.role == Role.CLIENT:
        held = Note.objects.for_client(reader).filter(client=client, held_back=True).count()
        if held:
            explain = ngettext(
                "%(n)d signed note is held back from you for now, for a reason your "
                "therapist recorded. You can ask them about it.",
                "%(n)d signed notes are held back from you for now, for reasons your "
                "therapist recorded. You can ask them about them.",
                held,
            ) % {"n": held}
    return [
        Part(
            key="sessions",
            title=_("Sessions"),
            resources=[_encounter(s) for s in sessions],
            data=[
                {
                    "id": s.pk,
                    "date": s.date.isoformat(),
                    "minutes": s.minutes,
                    "how": s.modality,
                    "attendance": s.attendance,
                    "what_got_in_the_way": s.barrier,
                }
                for s in sessions
            ],
            items=[
                Item(
                    heading=f"{s.get_modality_display()}, {s.minutes} min",
                    when=f"{s.date:%Y-%m-%d}",
                    lines=[(_("Attendance"), s.get_attendance_display())]
                    + ([(_("What got in the way"), s.get_barrier_display())] if s.barrier else []),
                )
                for s in sessions
            ],
        ),
        Part(
            key="notes",
            title=_("Session notes"),
            resources=[_composition(n) for n in notes],
            data=[_note_data(n) for n in notes],
            items=[_note_item(n) for n in notes],
            explain=explain,
        ),
    ]


def erase(client) -> None:
    """Notes are protected against deletion one by one (PROTECT keys): an erasure removes
    them in order, private reflections and addenda first. Called only by rights.erasure,
    once the retention rule allows the whole record to go."""
    from alongside.notes.models import Addendum, PrivateReflection

    notes = Note.objects.filter(client=client)
    PrivateReflection.objects.filter(note__in=notes).delete()
    Addendum.objects.filter(note__in=notes).delete()
    notes.delete()
