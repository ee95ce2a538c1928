"""Fetching sessions and notes for a request: scope first, then audit, like open_client.

Whatever the reason a record can't be had (missing, someone else's, a draft a supervisor
may not read), the answer is the same 404, and the attempt is audited.
"""

from alongside.accounts.models import User
from alongside.audit.models import Action
from alongside.clients.access import denied, open_client
from alongside.notes.models import Note, Session


def open_note(user: User, note_id: int, *, write: bool = False, action: str = Action.VIEW) -> Note:
    """A note for staff: its therapist (read and write) or their supervisor (read, signed)."""
    scope = Note.objects.editable_by(user) if write else Note.objects.visible_to(user)
    note = scope.select_related("session", "author", "signed_by").filter(pk=note_id).first()
    if note is None:
        denied(user, action, "note", note_id)
    note.client = open_client(
        user, note.client_id, write=write, action=action, object_type="note", object_id=note.pk
    )
    return note


def open_session(
    user: User,
    client_id: int,
    session_id: int,
    *,
    write: bool = False,
    action: str = Action.VIEW,
) -> Session:
    client = open_client(
        user, client_id, write=write, action=action, object_type="session", object_id=session_id
    )
    scope = Session.objects.editable_by(user) if write else Session.objects.visible_to(user)
    session = scope.filter(pk=session_id, client=client).first()
    if session is None:
        denied(user, action, "session", session_id)
    session.client = client
    return session


def open_my_note(user: User, note_id: int, *, action: str = Action.VIEW) -> Note:
    """A note for the client it is about: signed and not held back, nothing else."""
    note = Note.objects.released_to(user).select_related("session").filter(pk=note_id).first()
    if note is None:
        denied(user, action, "note", note_id)
    note.client = open_client(
        user, note.client_id, action=action, object_type="note", object_id=note.pk
    )
    return note
