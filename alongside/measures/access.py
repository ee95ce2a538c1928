"""Fetching check-ins, answers and rupture prompts for a request: the client's door first
(open_client audits the read), then the object through its own scope. Whatever the reason
one can't be had (missing, another client's, stopped, already answered), the answer is the
same 404 and the attempt is audited, like every other door (clients.access.denied)."""

from typing import Any

from alongside.accounts.models import User
from alongside.audit.models import Action
from alongside.clients.access import denied
from alongside.clients.models import Client
from alongside.measures.models import Assignment, CheckIn, CheckInStatus, Flag, Response


def _scoped(model: Any, user: User, write: bool) -> Any:
    """`model`'s own scope (each has visible_to and editable_by, and their own methods)."""
    return model.objects.editable_by(user) if write else model.objects.visible_to(user)


def open_assignment(
    user: User, client: Client, assignment_id: int, *, action: str = Action.UPDATE
) -> Assignment:
    """A check-in schedule still running, for the client's therapist to change."""
    found = (
        _scoped(Assignment, user, True)
        .filter(client=client, pk=assignment_id, stopped_at__isnull=True)
        .first()
    )
    return found or denied(user, action, "assignment", assignment_id)


def open_check_in(
    user: User, client: Client, check_in_id: int, *, action: str = Action.INVITE
) -> CheckIn:
    """An open check-in, for the client's therapist to send a link to."""
    found = (
        _scoped(CheckIn, user, True)
        .filter(client=client, pk=check_in_id, status=CheckInStatus.OPEN)
        .first()
    )
    return found or denied(user, action, "check_in", check_in_id)


def open_response(
    user: User, client: Client, response_id: int, *, action: str = Action.VIEW
) -> Response:
    """A completed set of answers, for whoever may read the client's record."""
    found = _scoped(Response, user, False).completed().filter(client=client, pk=response_id).first()
    return found or denied(user, action, "measure_response", response_id)


def open_flag(
    user: User, client: Client, prompt_id: int, *, write: bool = False, action: str = Action.VIEW
) -> Flag:
    """A rupture prompt: read by the care team, cleared only by the client's therapist."""
    found = (
        _scoped(Flag, user, write)
        .filter(client=client, pk=prompt_id)
        .select_related("response__check_in__session")
        .first()
    )
    return found or denied(user, action, "measure_flag", prompt_id)
