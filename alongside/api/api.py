"""The REST API, /api/v1/: the same doors as the pages.

Every operation that names a client goes through `open_client` (audited, 404 for "not
yours" and "not there" alike) and then the row's own `visible_to`/`editable_by` scope.
Writes need a token with the write scope, use the same Django forms as the pages (so the
same validation, 422 with field-level errors) and the same `records` functions (one
transaction each: nothing is half-written).

Plan and goals, resources and the equity report have their routers in api/more.py
(registered at the end of this module).
"""

import json

from django.db import transaction
from django.http import Http404
from ninja import NinjaAPI, Path, Query, Router
from ninja.errors import ValidationError as NinjaValidationError

from alongside.api.auth import NotAllowed, TokenAuth, TooManyCalls, require_write
from alongside.api.records import save_shared_sections
from alongside.api.schemas import (
    AssignIn,
    AssignmentOut,
    CheckInOut,
    ClientOut,
    Error,
    ExperienceOut,
    FhirBundle,
    NoteDraftIn,
    NoteOut,
    ProfileIn,
    ResponseOut,
    SessionOut,
)
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.access import open_client
from alongside.clients.forms import PROFILE_FIELDS, ClientProfileForm
from alongside.clients.models import Client
from alongside.clients.records import StaleEdit, save_profile
from alongside.context.models import Experience
from alongside.measures import checkins, exports, instruments
from alongside.measures.forms import AssignForm
from alongside.measures.models import CheckIn, Response
from alongside.notes import records as note_records
from alongside.notes.forms import NoteForm
from alongside.notes.models import SECTIONS, Note, NoteStatus, Session

MAX_ID = 2_147_483_647
ERRORS = frozenset({400, 401, 403, 404, 405, 409, 422, 429})


def _answers(ok):
    return {200: ok, ERRORS: Error}


api = NinjaAPI(
    title="Alongside API",
    version="1",
    description=(
        "Personal access tokens (Sign-in security) act as their owner, with the same scopes "
        "as the pages: a record that is not yours is 404, exactly like one that is not there."
    ),
    auth=TokenAuth(),
    urls_namespace="v1",
    docs_url=None,  # the schema is at openapi.json; no third-party docs page scripts
)


@api.exception_handler(TooManyCalls)
def too_many(request, exc):
    response = api.create_response(
        request, {"detail": "Too many calls with this token: wait a minute."}, status=429
    )
    response["Retry-After"] = "60"
    return response


@api.exception_handler(NotAllowed)
def not_allowed(request, exc):
    return api.create_response(
        request, {"detail": "This token may only read. Make one that may write."}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


class FormInvalid(Exception):
    def __init__(self, form):
        self.form = form


@api.exception_handler(FormInvalid)
def form_invalid(request, exc):
    detail = [
        {"loc": ["body", field], "msg": str(message), "type": "value_error"}
        for field, messages in exc.form.errors.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


class Conflict(Exception):
    pass


@api.exception_handler(Conflict)
def conflict(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(NinjaValidationError)
def invalid(request, exc):
    detail = [
        {
            "loc": [str(part) for part in error.get("loc", [])],
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "value_error")),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


ClientId = Path(..., ge=1, le=MAX_ID)
RowId = Path(..., ge=1, le=MAX_ID)

clients = Router(tags=["clients"])


def _client_out(client) -> dict:
    return {
        "id": client.pk,
        "therapist_id": client.therapist_id,
        "version": client.version,
        **{name: getattr(client, name) for name in PROFILE_FIELDS},
    }


@clients.get("/", response=_answers(list[ClientOut]))
def list_clients(
    request,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_ID),
):
    """Clients you may read: your caseload (therapists) or your supervisees' (supervisors)."""
    rows = Client.objects.visible_to(request.user).select_related("therapist")
    return [_client_out(c) for c in rows[offset : offset + limit]]


@clients.get("/{client_id}", response=_answers(ClientOut))
def read_client(request, client_id: int = ClientId):
    return _client_out(open_client(request.user, client_id))


@clients.patch("/{client_id}", response=_answers(ClientOut))
def update_profile(request, payload: ProfileIn, client_id: int = ClientId):
    """Change the profile fields you send; the same checks as the profile page."""
    client = open_client(request.user, client_id, write=True, action=Action.UPDATE)
    require_write(request)
    sent = payload.dict(exclude_unset=True, exclude_none=True)
    data = {name: getattr(client, name) for name in [*PROFILE_FIELDS, "legal_name"]}
    data.update(sent)
    form = ClientProfileForm(data=data, instance=client)
    if not form.is_valid():
        raise FormInvalid(form)
    try:
        client = save_profile(request.user, form)
    except StaleEdit as stale:
        raise Conflict(str(stale)) from None
    return _client_out(client)


@clients.get("/{client_id}/sessions", response=_answers(list[SessionOut]))
def list_sessions(request, client_id: int = ClientId):
    client = open_client(request.user, client_id, object_type="sessions")
    rows = Session.objects.visible_to(request.user).filter(client=client)
    return [
        {
            "id": s.pk,
            "date": s.date,
            "minutes": s.minutes,
            "modality": s.modality,
            "attendance": s.attendance,
            "barrier": s.barrier,
        }
        for s in rows
    ]


def _note_out(note) -> dict:
    return {
        "id": note.pk,
        "session_id": note.session_id,
        "status": note.status,
        "signed_at": note.signed_at,
        "version": note.version,
        "actions": [{"text": a.text, "who": a.who, "done": a.done} for a in note.actions.all()],
        **{name: getattr(note, name) for name in SECTIONS},
    }


def _signed_notes(request, client):
    return (
        Note.objects.visible_to(request.user)
        .filter(client=client, status=NoteStatus.SIGNED)
        .prefetch_related("actions")
    )


@clients.get("/{client_id}/notes", response=_answers(list[NoteOut]))
def list_notes(request, client_id: int = ClientId):
    """Signed notes (the shared record). Private reflections are never in the API."""
    client = open_client(request.user, client_id, object_type="notes")
    return [_note_out(n) for n in _signed_notes(request, client)]


@clients.get("/{client_id}/notes/{note_id}", response=_answers(NoteOut))
def read_note(request, client_id: int = ClientId, note_id: int = RowId):
    client = open_client(request.user, client_id, object_type="note", object_id=note_id)
    note = _signed_notes(request, client).filter(pk=note_id).first()
    if note is None:
        raise Http404
    return _note_out(note)


@clients.post("/{client_id}/sessions/{session_id}/note", response=_answers(NoteOut))
def write_draft(request, payload: NoteDraftIn, client_id: int = ClientId, session_id: int = RowId):
    """Start or change the session's draft note. A signed note can't change (409)."""
    client = open_client(
        request.user, client_id, write=True, action=Action.UPDATE, object_type="note"
    )
    require_write(request)
    session = Session.objects.editable_by(request.user).filter(client=client, pk=session_id)
    session = session.first()
    if session is None:
        raise Http404
    existing = Note.objects.filter(session=session).first()
    if existing is not None and existing.status == NoteStatus.SIGNED:
        raise Conflict("This note is signed: add an addendum on its page instead.")
    with transaction.atomic():
        note = note_records.start_note(request.user, session)
        form = NoteForm(
            data={**payload.dict(), "version": note.version},
            instance=note,
            experiences=Experience.objects.none(),
        )
        # A refused draft leaves nothing behind, not even the empty note: the exception
        # rolls this transaction back.
        if not form.is_valid():
            raise FormInvalid(form)
        try:
            note = save_shared_sections(request.user, note, form)
        except (note_records.StaleEdit, note_records.Locked):
            raise Conflict("This note changed meanwhile: read it again.") from None
    return _note_out(note)


checkin_router = Router(tags=["check-ins"])


@checkin_router.get("/{client_id}/check-ins", response=_answers(list[CheckInOut]))
def list_check_ins(request, client_id: int = ClientId):
    client = open_client(request.user, client_id, object_type="measures")
    rows = CheckIn.objects.visible_to(request.user).filter(client=client)[:200]
    return [
        {"id": c.pk, "instrument": c.instrument, "due_on": c.due_on, "status": c.status}
        for c in rows
    ]


@checkin_router.post("/{client_id}/assignments", response=_answers(AssignmentOut))
def assign(request, payload: AssignIn, client_id: int = ClientId):
    """Ask the client to answer a questionnaire, once or on a schedule."""
    client = open_client(
        request.user, client_id, write=True, action=Action.CREATE, object_type="measures"
    )
    require_write(request)
    data = payload.dict()
    data = {k: v for k, v in data.items() if v is not None}
    if not data.get("email_links"):
        data.pop("email_links", None)
    form = AssignForm(data=data)
    if not form.is_valid():
        raise FormInvalid(form)
    assignment = checkins.assign(
        request.user,
        client,
        instrument=form.cleaned_data["instrument"],
        schedule=form.cleaned_data["schedule"],
        every_weeks=form.cleaned_data.get("every_weeks"),
        email_links=form.cleaned_data.get("email_links", False),
    )
    return {
        "id": assignment.pk,
        "instrument": assignment.instrument,
        "schedule": assignment.schedule,
        "every_weeks": assignment.every_weeks,
        "starts_on": assignment.starts_on,
        "active": assignment.active,
    }


def _responses(request, client):
    return Response.objects.visible_to(request.user).completed().filter(client=client)


@checkin_router.get("/{client_id}/responses", response=_answers(list[ResponseOut]))
def list_responses(request, client_id: int = ClientId):
    client = open_client(request.user, client_id, object_type="measures")
    out = []
    for response in _responses(request, client):
        score = instruments.get(response.instrument).score(response.answers)
        out.append(
            {
                "id": response.pk,
                "instrument": response.instrument,
                "questionnaire_version": response.questionnaire_version,
                "submitted_at": response.submitted_at,
                "answers": response.answers,
                "total": score.total,
                "band": str(score.band.label) if score.band else None,
            }
        )
    return out


@checkin_router.get("/{client_id}/responses/fhir", response=_answers(FhirBundle))
def responses_fhir(request, client_id: int = ClientId):
    """The client's answers as a FHIR R4 Bundle of QuestionnaireResponses."""
    client = open_client(request.user, client_id, action=Action.EXPORT, object_type="measures")
    data = exports.bundle(_responses(request, client))
    record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="measures",
        object_id=client.pk,
        client_id=client.pk,
    )
    return data


context_router = Router(tags=["experiences"])


@context_router.get("/{client_id}/experiences", response=_answers(list[ExperienceOut]))
def list_experiences(request, client_id: int = ClientId):
    client = open_client(request.user, client_id, object_type="experience")
    rows = Experience.objects.visible_to(request.user).filter(client=client).timeline()
    return [
        {
            "id": e.pk,
            "title": e.title,
            "when": e.period,
            "start_year": e.start_year,
            "end_year": e.end_year,
            "ongoing": e.ongoing,
            "what_happened": e.what_happened,
            "impact": e.impact,
            "response": e.response,
            "visibility": e.visibility,
        }
        for e in rows
    ]


rights_router = Router(tags=["data rights"])


@rights_router.get("/{client_id}/everything", response=_answers(FhirBundle))
def everything(request, client_id: int = ClientId):
    """Everything held about the client that you may read, as one FHIR R4 Bundle (the
    export command's --format fhir). Private reflections are never included."""
    from alongside.rights.exporting import export

    client = open_client(request.user, client_id, action=Action.EXPORT, object_type="record")
    return json.loads(export(client, request.user, "fhir"))


api.add_router("/clients", clients)
api.add_router("/clients", checkin_router)
api.add_router("/clients", context_router)
api.add_router("/clients", rights_router)

# The plan, resources and the equity report (their routers are in api/more.py, which uses
# the helpers above).
from alongside.api import more  # noqa: E402

api.add_router("/clients", more.plan_router)
api.add_router("", more.resources_router)
api.add_router("/equity", more.equity_router)
