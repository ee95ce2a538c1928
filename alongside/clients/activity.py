"""'New from client': what a client did in the portal, surfaced to their therapist."""

from django.utils import timezone, translation
from django.utils.functional import Promise

from alongside.clients.models import ClientActivity


def tell_therapist(client, *, kind: str, summary: str | Promise, url: str = "") -> ClientActivity:
    """Record that the client did something the therapist should see.

    `summary` is shown on the caseload, so keep it to plain words such as
    "commented on the formulation" and never quote what the client wrote. Pass it marked but
    not yet translated (`gettext_lazy(...)`): it is stored as written and translated when a
    therapist reads it, in their language, not in the client's (clients/detail.html).
    """
    with translation.override(None):  # the message as written (its msgid), not a translation
        text = str(summary)
    return ClientActivity.objects.create(client=client, kind=kind, summary=text, url=url)


def mark_seen(client) -> int:
    return ClientActivity.objects.filter(client=client).unseen().update(seen_at=timezone.now())
