"""The check-ins' part of the client's home (clients.home) and of the supervisor's home
(clients.supervision): check-ins waiting for the client, prompts waiting for review."""

from django.utils import timezone

from alongside.clients.home import provides_needs
from alongside.clients.supervision import provides_review
from alongside.measures.models import CheckIn, CheckInStatus, Flag


@provides_needs
def check_ins_waiting(user, client, found) -> None:
    found.check_ins = (
        CheckIn.objects.visible_to(user)
        .filter(client=client, status=CheckInStatus.OPEN, due_on__lte=timezone.localdate())
        .count()
    )


@provides_review
def open_prompts(user, therapists):
    """Open check-in prompts (a rupture, or a safety check-in) of the supervisees' clients."""
    rows = Flag.objects.visible_to(user).open().filter(client__therapist__in=therapists)
    return "prompts", rows, _shown


def _shown(flags):
    return (
        flags.select_related("client")
        .defer("details_json", "comment", "repair_note")
        .order_by("created_at", "pk")
    )
