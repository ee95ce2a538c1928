"""Fetching check-ins, answers and rupture prompts for a request: the client's door first
(open_client audits the read), then the object through its own scope. Whatever the reason
one can't be had (missing, another client's, stopped, already answered), the answer is the
same 404 and the attempt is audited, like every other door (clients.access.denied)."""

from alongside.audit.models import Action
from alongside.clients.access import denied
from alongside.measures.models import Assignment, CheckIn, CheckInStatus, Flag, Response


def _scoped(model, user, write):
    return model.objects.editable_by(user) if write else model.objects.visible_to(user)


def open_assignment(user, client, assignment_id, *, action=Action.UPDATE) -> Assignment:
    """A check-in schedule still running, for the client's therapist to change."""
    found = (
        _scoped(Assignment, user, True)
        .filter(client=client, pk=assignment_id, stopped_at__isnull=True)
        .first()
    )
    return found or denied(user, action, "assignment", assignment_id)


def open_check_in(user, client, check_in_id, *, action=Action.INVITE) -> CheckIn:
    """An open check-in, for the client's therapist to send a link to."""
    found = (
        _scoped(CheckIn, user, True)
        .filter(client=client, pk=check_in_id, status=CheckInStatus.OPEN)
        .first()
    )
    return found or denied(user, action, "check_in", check_in_id)


def open_response(user, client, response_id, *, action=Action.VIEW) -> Response:
    """A completed set of answers, for whoever may read the client's record."""
    found = _scoped(Response, user, False).completed().filter(client=client, pk=response_id).first()
    return found or denied(user, action, "measure_response", response_id)


def open_flag(user, client, prompt_id, *, write=False, action=Action.VIEW) -> Flag:
    """A rupture prompt: read by the care team, cleared only by the client's therapist."""
    found = (
        _scoped(Flag, user, write)
        .filter(client=client, pk=prompt_id)
        .select_related("response__check_in__session")
        .first()
    )
    return found or denied(user, action, "measure_flag", prompt_id)
