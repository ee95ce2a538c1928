"""The record a piece of clinical text is checked against (its naming preferences and
set-aside findings), through the client's own door: a therapist checks text in their own
clients' records, a supervisor in their supervisees' (supervision comments). The check reads
the client's preferences, so it is audited like any read; a refusal is the usual 404."""

from django.http import Http404

from alongside.accounts.models import Role, User
from alongside.audit.models import Action
from alongside.clients.access import open_client
from alongside.clients.models import Client
from alongside.core.forms import ID_RANGE

OBJECT_TYPE = "language_check"


def _client_id(value: object) -> int:
    value = str(value)
    # isdigit() alone lets "²" and 5,000-digit numbers through, which int() then refuses.
    if not (value.isascii() and value.isdigit() and len(value) < 20 and int(value) in ID_RANGE):
        raise Http404
    return int(value)


def client_for_checking(user: User, value: object, *, write: bool = False) -> Client | None:
    """None when the text is about no record; with write=True, only the client's therapist
    (setting a finding aside changes the record)."""
    if not value:
        return None
    client_id = _client_id(value)
    if write or user.role != Role.SUPERVISOR:
        action = Action.UPDATE if write else Action.VIEW
        return open_client(user, client_id, write=True, action=action, object_type=OBJECT_TYPE)
    return open_client(user, client_id, object_type=OBJECT_TYPE)
