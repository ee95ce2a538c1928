"""The doors to plans: the client record first (audited by open_client), then the plan's
row through its scoped queryset. "Not yours" and "not there" are the same 404."""

from typing import Any

from django.http import Http404

from alongside.accounts.models import Role, User
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.clients.access import open_client
from alongside.clients.models import Client
from alongside.context.access import my_client
from alongside.plans.models import Plan
from alongside.plans.records import plan_for


def open_plan(
    user: User,
    client_id: int,
    *,
    write: bool = False,
    action: str = Action.VIEW,
    object_type: str = "plan",
    object_id: object = None,
    make: bool = True,
) -> tuple[Client, Plan | None]:
    """(client, plan) for staff. The client's own therapist makes the plan on first visit;
    anyone else only reads (a supervisor, or a therapist with emergency access), so for
    them it is None until the therapist has started one. Read-only pages pass
    make=(request.method == "GET"): a refused POST to them must leave nothing behind."""
    client = open_client(
        user, client_id, write=write, action=action, object_type=object_type, object_id=object_id
    )
    if make and user.role == Role.THERAPIST and client.therapist_id == user.pk:
        return client, plan_for(client)
    return client, Plan.objects.visible_to(user).filter(client=client).first()


def my_plan(
    user: User,
    *,
    action: str = Action.VIEW,
    object_type: str = "plan",
    object_id: object = None,
    make: bool = True,
) -> tuple[Client, Plan | None]:
    """(client, plan) for the signed-in client's own portal pages. Pages about one row of
    the plan pass make=False (a plan that isn't there yet has no such row), read-only pages
    make=(request.method == "GET"): a refused request must not leave an empty plan behind."""
    client = my_client(user, object_type=object_type, action=action, object_id=object_id)
    if not make:
        return client, Plan.objects.filter(client=client).first()
    return client, plan_for(client)


def plan_row(
    user: User,
    plan: Plan | None,
    queryset: Any,
    pk: int,
    *,
    object_type: str,
    write: bool = False,
    action: str = Action.VIEW,
) -> Any:
    """One row of `plan` that `user` may read (or change, with write=True), else 404."""
    if plan is None:
        raise Http404
    scope = queryset.editable_by(user) if write else queryset.visible_to(user)
    row = scope.filter(plan=plan, pk=pk).first()
    if row is None:
        record(
            actor=user,
            action=action,
            object_type=object_type,
            object_id=pk,
            client_id=plan.client_id,
            outcome=Outcome.DENIED,
        )
        raise Http404
    return row
