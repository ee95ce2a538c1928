"""Fetching one client record for a request: scope, then audit, in one place."""

from django.http import Http404

from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.clients.models import Client
from alongside.core.scope import remember_client


def open_client(
    user, client_id, *, write=False, action=Action.VIEW, object_type="client", object_id=None
) -> Client:
    """Return the client record if `user` may read it (or change it, with write=True), else
    raise the same 404 as for a record that does not exist.

    Both outcomes are audited with ids only: refused attempts (labelled with the attempted
    `action`) are what snooping looks like. Allowed access is audited as a view; the write
    itself is audited by the function that makes it, only once it is made.
    """
    scope = Client.objects.editable_by(user) if write else Client.objects.visible_to(user)
    client = scope.select_related("therapist", "user").filter(pk=client_id).first()
    audited_id = object_id if object_id is not None else client_id
    if client is None:
        record(
            actor=user,
            action=action,
            object_type=object_type,
            object_id=audited_id,
            outcome=Outcome.DENIED,
        )
        raise Http404
    record(
        actor=user,
        action=Action.VIEW,
        object_type=object_type,
        object_id=audited_id,
        client_id=client.pk,
    )
    remember_client(client)
    return client
