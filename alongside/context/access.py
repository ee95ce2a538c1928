"""The doors to social-context data: the client record first (audited by open_client),
then the row through its scoped queryset. "Not yours" and "not there" are the same 404."""

from typing import Any

from django.http import Http404

from alongside.accounts.models import User
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.clients.access import open_client, open_own_record
from alongside.clients.models import Client


def open_for(
    user: User,
    client_id: int,
    *,
    object_type: str,
    write: bool = False,
    action: str = Action.VIEW,
    object_id: object = None,
) -> Client:
    return open_client(
        user,
        client_id,
        write=write,
        action=action,
        object_type=object_type,
        object_id=object_id,
    )


my_client = open_own_record  # the client's own record, for portal views


def scoped_row(
    queryset: Any,
    user: User,
    *,
    client: Client,
    pk: int,
    object_type: str,
    write: bool = False,
    action: str = Action.VIEW,
) -> Any:
    """One row about `client` that `user` may read (or change, with write=True), else 404."""
    scope = queryset.editable_by(user) if write else queryset.visible_to(user)
    row = scope.filter(client=client, pk=pk).first()
    if row is None:
        record(
            actor=user,
            action=action,
            object_type=object_type,
            object_id=pk,
            client_id=client.pk,
            outcome=Outcome.DENIED,
        )
        raise Http404
    return row


def open_row(
    user: User,
    client_id: int,
    queryset: Any,
    pk: int,
    *,
    object_type: str,
    write: bool = False,
    action: str = Action.VIEW,
) -> tuple[Client, Any]:
    """The client record, then one of its rows: (client, row), or the same 404 for either."""
    client = open_for(
        user, client_id, write=write, action=action, object_type=object_type, object_id=pk
    )
    row = scoped_row(
        queryset, user, client=client, pk=pk, object_type=object_type, write=write, action=action
    )
    return client, row
