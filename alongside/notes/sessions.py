"""Recording sessions (attended or not) and opening a session's note."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.access import open_client
from alongside.core.access import allow_methods, role_required
from alongside.core.versioning import keep_what_they_typed
from alongside.notes import records
from alongside.notes.access import open_session
from alongside.notes.forms import SessionForm
from alongside.notes.models import Note
from alongside.notes.views import locked, writing_request


@role_required(Role.THERAPIST)
def session_new(request, client_id):
    writing = writing_request(request)
    client = open_client(
        request.user,
        client_id,
        write=True,
        action=Action.CREATE if writing else Action.VIEW,
        object_type="session",
    )
    allow_methods(request, "GET", "POST")
    initial = {"version": 1, "date": timezone.localdate(), "minutes": 50, "attendance": "attended"}
    form = SessionForm(request.POST if writing else None, initial=initial)
    if writing and form.is_valid():
        session = records.save_session(request.user, form, client)
        if "write_note" in request.POST:
            note = records.start_note(request.user, session)
            return redirect("notes:edit", note_id=note.pk)
        messages.success(request, _("Session saved."))
        return redirect(client)
    return render(request, "notes/session_form.html", {"form": form, "client": client})


@role_required(Role.THERAPIST)
def session_edit(request, client_id, session_id):
    writing = writing_request(request)
    session = open_session(
        request.user,
        client_id,
        session_id,
        write=True,
        action=Action.UPDATE if writing else Action.VIEW,
    )
    allow_methods(request, "GET", "POST")
    note = Note.objects.filter(session=session).first()
    if note and note.is_signed:
        return locked(request, note)
    form = SessionForm(
        request.POST if writing else None, instance=session, initial={"version": session.version}
    )
    if writing and form.is_valid():
        try:
            records.save_session(request.user, form, session.client)
        except records.Locked:
            return locked(request, note)
        except records.StaleEdit as stale:
            keep_what_they_typed(form, str(stale))
        else:
            messages.success(request, _("Session saved."))
            return redirect(session.client)
    return render(
        request,
        "notes/session_form.html",
        {"form": form, "client": session.client, "session": session},
    )


@role_required(Role.THERAPIST)
def session_note(request, client_id, session_id):
    """Open the session's note, starting an empty draft the first time (POST)."""
    session = open_session(request.user, client_id, session_id, write=True, action=Action.CREATE)
    allow_methods(request, "POST")
    note = records.start_note(request.user, session)
    return redirect("notes:detail" if note.is_signed else "notes:edit", note_id=note.pk)
