"""The waiting list: clients waiting for a first or a sooner appointment, offered freed times.

A cancelled time goes to the client of the same therapist who has waited longest and has no
offer open; they take it from the portal (or it stays free).
"""

from django.db import transaction
from django.utils import timezone

from alongside.appointments.models import WaitingEntry
from alongside.audit.chain import record
from alongside.audit.models import Action


def waiting_for(therapist):
    return WaitingEntry.objects.filter(client__therapist=therapist, ended_at__isnull=True)


def add(client, kind) -> WaitingEntry:
    entry, _created = WaitingEntry.objects.get_or_create(
        client=client, ended_at__isnull=True, defaults={"kind": kind, "added_at": timezone.now()}
    )
    return entry


def join(actor, client, kind) -> WaitingEntry:
    """Put the client on the list (once), audited; by their therapist or by the client."""
    with transaction.atomic():
        entry = add(client, kind)
        _audit(actor, Action.CREATE, entry)
    return entry


def end(actor, entry) -> None:
    """Take the client off the list, audited."""
    with transaction.atomic():
        WaitingEntry.objects.filter(pk=entry.pk).update(ended_at=timezone.now())
        _audit(actor, Action.UPDATE, entry)


def _audit(actor, action, entry) -> None:
    record(
        actor=actor,
        action=action,
        object_type="waiting_entry",
        object_id=entry.pk,
        client_id=entry.client_id,
    )


def offer_freed_time(appointment) -> WaitingEntry | None:
    from alongside.appointments import mail

    with transaction.atomic():
        entry = (
            waiting_for(appointment.therapist)
            .exclude(client=appointment.client)
            .filter(offered_start__isnull=True)
            .order_by("added_at", "pk")
            .first()
        )
        if entry is None:
            return None
        entry.offered_start, entry.offered_end = appointment.starts_at, appointment.ends_at
        entry.offered_at = timezone.now()
        entry.save(update_fields=["offered_start", "offered_end", "offered_at"])
        mail.offered(entry)
    return entry


def taken(client, appointment=None) -> None:
    """The client has a time now: their place on the list ends."""
    WaitingEntry.objects.filter(client=client, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
