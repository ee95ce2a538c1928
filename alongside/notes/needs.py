"""The notes' part of the client's home (clients.home: new notes to read) and of the
supervisor's home (clients.supervision: recent signed notes not yet commented on)."""

from datetime import timedelta

from django.utils import timezone

from alongside.clients.home import SHOWN, opened, provides_needs
from alongside.clients.models import PortalSeen
from alongside.clients.supervision import provides_review
from alongside.notes.models import SECTIONS, Note, NoteStatus

RECENT_DAYS = 28  # notes signed longer ago than this no longer wait for review


@provides_needs
def new_notes(user, client, found) -> None:
    notes = list(
        Note.objects.released_to(user)
        .filter(client=client)
        .annotate(opened=opened(client, PortalSeen.Kind.NOTE))
        .filter(opened=False)
        .select_related("session")
        .only("pk", "client_id", "session__id", "session__date")[: SHOWN + 1]
    )
    found.notes, found.more_notes = notes[:SHOWN], len(notes) > SHOWN


@provides_review
def notes_to_review(user, therapists):
    rows = (
        Note.objects.visible_to(user)
        .filter(
            client__therapist__in=therapists,
            status=NoteStatus.SIGNED,
            signed_at__gte=timezone.now() - timedelta(days=RECENT_DAYS),
        )
        .exclude(supervision_comments__author=user)
    )
    return "notes", rows, _shown


def _shown(notes):
    return (
        notes.select_related("session", "client")
        .defer(*SECTIONS, "hold_reason")
        .order_by("signed_at", "pk")
    )
