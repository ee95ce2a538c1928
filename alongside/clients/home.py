"""The client's home: what needs them first, and what is new since they last looked.

"New" is per client and per thing: a note, a letter or their plan stays new until the
client opens it (`mark_opened`, called by the page that shows it). A letter or the plan
that changes after they opened it is new again.

The apps that hold those things sit above clients, so clients imports none of them: each
adds its part of "what needs you" through `provides_needs`, from its AppConfig.ready()
(measures.needs, notes.needs, letters.needs, plans.needs). Each part is one or two
queries, so the home costs the same however many notes, letters or steps there are.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from alongside.clients.models import PortalSeen

SHOWN = 5  # of each kind; the full lists are a link away


def mark_opened(client, kind: str, object_id: int, version: int = 1) -> None:
    """The client opened this thing at this version: it is no longer new to them."""
    PortalSeen.objects.update_or_create(
        client=client, kind=kind, object_id=object_id, defaults={"seen_version": version}
    )


def opened(client, kind: str, *, versioned: bool = False) -> Exists:
    """An annotation: the client has opened this row (at its current `version`)."""
    rows = PortalSeen.objects.filter(client=client, kind=kind, object_id=OuterRef("pk"))
    if versioned:
        rows = rows.filter(seen_version__gte=OuterRef("version"))
    return Exists(rows)


def opened_version(client, kind: str) -> int:
    """The version of the one thing of this kind (their plan) the client last opened."""
    return (
        PortalSeen.objects.filter(client=client, kind=kind)
        .values_list("seen_version", flat=True)
        .first()
        or 0
    )


@dataclass
class WhatNeedsYou:
    check_ins: int = 0
    notes: list = field(default_factory=list)  # new notes to read, newest first
    more_notes: bool = False
    letters: list = field(default_factory=list)  # letters waiting for the client's yes
    steps: list = field(default_factory=list)  # the client's plan steps due soon or late
    plan_is_new: bool = False  # the plan changed since they last opened it

    @property
    def anything(self) -> bool:
        return bool(self.check_ins or self.notes or self.letters or self.steps or self.plan_is_new)


_PARTS: list[Callable] = []


def provides_needs(part: Callable) -> Callable:
    """Register `part(user, client, found)`, which fills its fields of `found`."""
    if part not in _PARTS:
        _PARTS.append(part)
    return part


def what_needs(user, client) -> WhatNeedsYou:
    found = WhatNeedsYou()
    for part in _PARTS:
        part(user, client, found)
    return found
