"""What a note page shows to each reader, built in one place so the rules stay together."""

from dataclasses import dataclass

from django.utils import timezone

from alongside.accounts.models import Role
from alongside.clients.access import in_care_team, may_write
from alongside.notes.forms import PerspectiveForm, SupervisionCommentForm
from alongside.notes.models import SECTIONS, FlagSection, Note, NotePolicy, PrivateReflection


@dataclass
class Section:
    name: str
    label: str  # the therapist's heading, or the plain one for the client
    text: str


def staff_sections(note: Note) -> list[Section]:
    return [
        Section(name, note._meta.get_field(name).verbose_name, getattr(note, name))
        for name in SECTIONS
    ]


def client_sections(note: Note) -> list[Section]:
    """The sections the client reads, with plain headings, leaving out empty ones."""
    labels = dict(FlagSection.choices)
    return [
        Section(name, labels[name], getattr(note, name))
        for name in SECTIONS
        if getattr(note, name).strip()
    ]


def note_context(request, note: Note, **extra) -> dict:
    user = request.user
    # Write controls only for the note's own therapist: a supervisor or someone with
    # emergency access would get 404 from each of them.
    can_write = may_write(user, note.client)
    care_team = in_care_team(user, note.client)
    context = {
        "note": note,
        "client": note.client,
        "sections": staff_sections(note),
        "actions": list(note.actions.all()),
        "addenda": list(note.addenda.select_related("author")),
        "perspectives": list(note.perspectives.select_related("replied_by")),
        "flags": list(note.flags.select_related("replied_by")),
        # Between the therapist and their supervisor: not for emergency access.
        "supervision_comments": list(note.supervision_comments.select_related("author"))
        if care_team
        else [],
        # The one door to psychotherapy notes: the author's own, or one shared with this
        # supervisor. Never from `note`, which has no path to them.
        "reflections": list(
            PrivateReflection.objects.readable_by(user).filter(note=note).select_related("author")
        ),
        "experiences": _experiences(user, note),
        "can_write": can_write,
        "care_team": care_team,
        "is_supervisor": care_team and user.role == Role.SUPERVISOR,
        "can_hold": can_write and NotePolicy.holding_back_allowed(note.client.practice),
    }
    if can_write:
        # Read now: off the caseload's waiting list (the page itself shows them all).
        note.supervision_comments.filter(seen_at__isnull=True).update(seen_at=timezone.now())
    if context["is_supervisor"] and "comment_form" not in extra:
        context["comment_form"] = SupervisionCommentForm(prefix="supervision")
    context.update(extra)
    return context


def _experiences(user, note):
    # Through the context app's scope: a supervisor sees only entries the client allowed.
    from alongside.context.models import Experience

    return list(Experience.objects.visible_to(user).filter(session_notes=note))


def portal_context(user, note: Note, **extra) -> dict:
    """Only the shared part: no private reflection, no supervision, no hold reason."""
    sections = client_sections(note)
    actions = list(note.actions.all())
    flaggable = [s.name for s in sections] + (["actions"] if actions else [])
    context = {
        "note": note,
        "sections": sections,
        "actions": actions,
        "addenda": list(note.addenda.all()),
        "perspectives": list(note.perspectives.all()),
        "flags": list(note.flags.all()),
        "flaggable": flaggable,
        "experiences": _experiences(user, note),
        "perspective_form": PerspectiveForm(prefix="perspective"),
        "flag_labels": dict(FlagSection.choices),
    }
    context.update(extra)
    return context
