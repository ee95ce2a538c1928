"""Writes to client records: each one versioned, atomic and audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts import addresses
from alongside.accounts.models import Role, User
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.models import Client
from alongside.core.versioning import StaleEdit, claim_next_version

__all__ = ["StaleEdit", "create_client", "portal_account_for", "save_profile"]


def create_client(therapist, form) -> Client:
    with transaction.atomic():
        client = form.save(commit=False)
        client.therapist = therapist
        client.practice = therapist.practice
        client.save()
        record(
            actor=therapist,
            action=Action.CREATE,
            object_type="client",
            object_id=client.pk,
            client_id=client.pk,
        )
    return client


def save_profile(actor, form) -> Client:
    """Save a profile form unless someone saved a newer version meanwhile (then StaleEdit)."""
    with transaction.atomic():
        client = form.save(commit=False)
        claim_next_version(
            client,
            form.cleaned_data["version"],
            message=_("Someone else saved this record after you opened it."),
        )
        client.save()
        record(
            actor=actor,
            action=Action.UPDATE,
            object_type="client",
            object_id=client.pk,
            client_id=client.pk,
        )
        if "email" in form.changed_data:
            # Where their password links go: the therapist's page, the API and the
            # portal all save here (accounts/addresses.py).
            addresses.address_changed(client, by=actor)
    return client


def portal_account_for(client) -> User:
    """The client's sign-in account, made on first invitation, unusable until they set it up."""
    if client.user_id:
        return client.user
    with transaction.atomic():
        user = User(
            username=f"invited-{client.pk}-{timezone.now():%Y%m%d%H%M%S}",
            role=Role.CLIENT,
            practice=client.practice,
        )
        user.set_unusable_password()
        user.save()
        client.user = user
        client.invited_at = timezone.now()
        client.save(update_fields=["user", "invited_at"])
    return user
