"""'New from client': what a client did in the portal, surfaced to their therapist."""

from dataclasses import dataclass, replace
from datetime import datetime

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


@dataclass(frozen=True)
class Run:
    """Activities in a row with the same summary, shown as one line."""

    summary: str
    url: str
    created_at: datetime  # the newest
    count: int


def in_runs(items) -> list[Run]:
    """Collapse consecutive activities with the same summary (a client who writes nine parts
    of their plan in one sitting) into one line with a count, newest first as given. When the
    run's links differ only after "#", the line links to the page itself."""
    runs: list[Run] = []
    for item in items:
        last = runs[-1] if runs else None
        if last is not None and last.summary == item.summary:
            url = last.url
            if url != item.url:
                page = url.split("#", 1)[0]
                url = page if page == item.url.split("#", 1)[0] else url
            runs[-1] = replace(last, url=url, count=last.count + 1)
        else:
            runs.append(Run(item.summary, item.url, item.created_at, 1))
    return runs
