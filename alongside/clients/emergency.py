"""Emergency ("break-glass") access: one record, a stated reason, 60 minutes, told to all."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.clients.models import Client, EmergencyAccess


def grant(user, client_id: int, reason: str) -> EmergencyAccess | None:
    """Open `client_id` to `user` for an hour, if it is a record of their practice that they
    can't already see. Returns None otherwise (the caller says "no such record")."""
    # The one place that looks outside the caller's scope, by design; it is audited below.
    client = Client.objects.filter(pk=client_id, practice=user.practice).first()
    if client is None or Client.objects.visible_to(user).filter(pk=client.pk).exists():
        return None
    with transaction.atomic():
        access = EmergencyAccess.objects.create(
            user=user,
            client=client,
            reason=reason,
            expires_at=timezone.now() + timedelta(minutes=EmergencyAccess.MINUTES),
        )
        record(
            actor=user,
            action=Action.EMERGENCY,
            object_type="client",
            object_id=client.pk,
            client_id=client.pk,
        )
        tell_therapist(
            client,
            kind="emergency_access",
            summary=_("Emergency access by %(name)s, with a reason") % {"name": user},
        )
    return access


def active_grant(user, client) -> EmergencyAccess | None:
    return (
        EmergencyAccess.objects.filter(user=user, client=client, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )
