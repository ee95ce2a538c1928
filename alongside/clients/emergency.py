"""Emergency ("break-glass") access: one record, a stated reason, 60 minutes, told to all."""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import STAFF_ROLES, User
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.clients.models import Client, EmergencyAccess
from alongside.core import languages

logger = logging.getLogger(__name__)

EMERGENCY_NEWS = gettext_lazy(
    "someone opened this record by emergency access: who, when and why are shown below"
)


def grant(user, client_id: int, reason: str, *, review_url: str = "") -> EmergencyAccess | None:
    """Open `client_id` to `user` for an hour, if it is a record of their practice that they
    can't already see. Returns None otherwise (the caller says "no such record").

    `review_url` is the full address of the privacy officers' review page, for their email."""
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
        # Stored as its message id and translated when read, in the reader's language: with
        # the name written into it, it could only be read in the language of whoever opened
        # the record. Who, when and why are in the record's emergency access card.
        tell_therapist(client, kind="emergency_access", summary=EMERGENCY_NEWS)
    tell_privacy_officers(access, review_url)
    return access


def privacy_officers(practice):
    return User.objects.filter(
        practice=practice, is_privacy_officer=True, is_active=True, role__in=STAFF_ROLES
    ).exclude(email="")


def tell_privacy_officers(access: EmergencyAccess, review_url: str) -> int:
    """Email each privacy officer of the practice that a record was opened in an emergency.

    The email names who opened which record number, when and until when, and links to the
    review page. It holds no client name and not the reason: the reason is written by the
    clinician and may be clinical, and email leaves the system unencrypted and gets
    forwarded. The officer reads the reason on the review page, signed in and audited.

    Sent after the access is saved, and a failure to send does not take the access back:
    in an emergency the record must open. The access is still in the audit trail and on
    the review page, and the failure is logged (ids only) for the practice to fix.
    """
    officers = list(privacy_officers(access.client.practice))
    context = {"access": access, "opener": access.user, "link": review_url}
    sent = 0
    for officer in officers:
        try:
            with languages.for_person(officer):  # each officer in their own language
                body = render_to_string("clients/emergency_email.txt", context)
                subject = _("Emergency access to record %(number)s") % {"number": access.client_id}
                sent += send_mail(subject, body, None, [officer.email])
        except Exception:  # any mail failure: log it and keep the access open
            logger.exception(
                "Could not email privacy officer %s about emergency access %s",
                officer.pk,
                access.pk,
            )
    return sent


def active_grant(user, client) -> EmergencyAccess | None:
    return (
        EmergencyAccess.objects.filter(user=user, client=client, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def mark_reviewed(officer, access: EmergencyAccess, note: str) -> bool:
    """Record that a privacy officer reviewed an emergency opening: who, when, and their
    note. False if someone reviewed it first (a review is not overwritten)."""
    with transaction.atomic():
        updated = EmergencyAccess.objects.filter(pk=access.pk, reviewed_at__isnull=True).update(
            reviewed_at=timezone.now(), reviewed_by=officer, review_note=note
        )
        if not updated:
            return False
        record(
            actor=officer,
            action=Action.UPDATE,
            object_type="emergency_access",
            object_id=access.pk,
            client_id=access.client_id,
        )
    access.refresh_from_db()
    return True
