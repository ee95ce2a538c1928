"""Fetching one client record for a request: scope, then audit, in one place."""

from typing import NoReturn

from django.http import Http404

from alongside.accounts.models import Role, User
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.clients.models import Client
from alongside.core.scope import opened_for, remember_client


def denied(
    user: User, action: str, object_type: str, object_id: object, *, client_id: int | None = None
) -> NoReturn:
    """Refuse with the same 404 as for a missing record, and audit the attempt (ids only):
    refused attempts are what snooping looks like. Every door uses this one."""
    record(
        actor=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        outcome=Outcome.DENIED,
    )
    raise Http404


def open_client(
    user: User,
    client_id: int,
    *,
    write: bool = False,
    action: str = Action.VIEW,
    object_type: str = "client",
    object_id: object = None,
) -> Client:
    """Return the client record if `user` may read it (or change it, with write=True), else
    raise the same 404 as for a record that does not exist.

    Both outcomes are audited with ids only: refused attempts (labelled with the attempted
    `action`) are what snooping looks like. Allowed access is audited as a view; the write
    itself is audited by the function that makes it, only once it is made.
    """
    scope = Client.objects.editable_by(user) if write else Client.objects.visible_to(user)
    # One row by its key, so no ORDER BY: `first()` would add Client's default ordering,
    # and working that out over the joined users' columns cost a fifth of this query.
    found = list(scope.select_related("therapist", "user").filter(pk=client_id).order_by()[:1])
    client = found[0] if found else None
    audited_id = object_id if object_id is not None else client_id
    if client is None:
        denied(user, action, object_type, audited_id)
    record(
        actor=user,
        action=Action.VIEW,
        object_type=object_type,
        object_id=audited_id,
        client_id=client.pk,
    )
    remember_client(client, user)
    return client


def open_own_record(
    user: User, *, action: str = Action.VIEW, object_type: str = "client", object_id: object = None
) -> Client:
    """The signed-in client's own record, for portal views: the one door every app's portal
    uses. Anyone else (staff included) has no own record here: the usual 404."""
    if getattr(user, "role", None) != Role.CLIENT:
        raise Http404
    mine = Client.objects.visible_to(user).values_list("pk", flat=True).first()
    if mine is None:
        raise Http404
    return open_client(user, mine, action=action, object_type=object_type, object_id=object_id)


def may_read(user: User, client: Client) -> bool:
    """Whether `user` may read this record: the door's answer. No query when this request's
    door opened this very client for them (clients.models.of_client says why that is safe);
    for any other client, the door's own query."""
    return opened_for(user, client) or Client.objects.visible_to(user).filter(pk=client.pk).exists()


def may_write(user: User, client: Client) -> bool:
    """Whether `user` may change this record: the same rule as `Client.objects.editable_by`
    (its own therapist), without a query. Views pass it to templates as `can_write`, so
    supervisors and emergency access see no control that would answer 404."""
    return (
        getattr(user, "role", None) == Role.THERAPIST
        and user.is_active
        and client.therapist_id == user.pk
    )


def in_care_team(user: User, client: Client) -> bool:
    """The client's therapist or that therapist's supervisor. Anyone else on staff who can
    open the record does so by emergency access, and reads only what is signed and shared."""
    return user.pk == client.therapist_id or (
        getattr(user, "role", None) == Role.SUPERVISOR and client.therapist.supervisor_id == user.pk
    )
