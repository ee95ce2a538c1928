"""The letters' part of the client's home (clients.home): letters waiting for their yes."""

from alongside.clients.home import SHOWN, opened, provides_needs
from alongside.clients.models import PortalSeen
from alongside.letters.models import Letter, Stage


@provides_needs
def letters_to_approve(user, client, found) -> None:
    found.letters = list(
        Letter.objects.visible_to(user)
        .filter(client=client, stage=Stage.WITH_CLIENT)
        .annotate(opened=opened(client, PortalSeen.Kind.LETTER, versioned=True))
        .only("pk", "kind", "version", "sent_at", "created_at", "client_id")[:SHOWN]
    )
