"""The doors to the directory and to referrals. "Not yours" and "not there" are one 404."""

from django.db.models import Q, QuerySet
from django.http import Http404

from alongside.accounts.models import Role, User
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.clients.access import open_client, open_own_record
from alongside.clients.models import Client
from alongside.resources.models import Referral, Review, Service


def services_for(user: User) -> QuerySet[Service]:
    """Services a staff member may open: the practice's listed ones; suggestions only for the
    admin and for whoever suggested them."""
    scope = Service.objects.for_staff(user)
    if getattr(user, "role", None) == Role.ADMIN:
        return scope
    return scope.filter(Q(review=Review.APPROVED) | Q(suggested_by=user))


def open_service(user: User, service_id: int, *, write: bool = False) -> Service:
    scope = Service.objects.editable_by(user) if write else services_for(user)
    service = scope.select_related("organization").filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


def open_referral(
    user: User,
    client_id: int,
    referral_id: int,
    *,
    write: bool = False,
    action: str = Action.VIEW,
) -> tuple[Client, Referral]:
    """The client record (audited by open_client), then one referral of theirs."""
    client = open_client(
        user, client_id, write=write, action=action, object_type="referral", object_id=referral_id
    )
    return client, _referral_of(user, client, referral_id, write=write, action=action)


my_client = open_own_record  # the client's own record, for portal views


def my_referral(
    user: User, referral_id: int, *, write: bool = False, action: str = Action.VIEW
) -> tuple[Client, Referral]:
    client = my_client(user, object_type="referral", object_id=referral_id, action=action)
    return client, _referral_of(user, client, referral_id, write=write, action=action)


def _referral_of(
    user: User, client: Client, referral_id: int, *, write: bool, action: str
) -> Referral:
    scope = Referral.objects.editable_by(user) if write else Referral.objects.visible_to(user)
    referral = (
        scope.select_related("service__organization").filter(client=client, pk=referral_id).first()
    )
    if referral is None:
        record(
            actor=user,
            action=action,
            object_type="referral",
            object_id=referral_id,
            client_id=client.pk,
            outcome=Outcome.DENIED,
        )
        raise Http404
    return referral
