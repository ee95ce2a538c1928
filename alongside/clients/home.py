"""The client's home: what needs them first, and what is new since they last looked.

"New" is per client and per thing: a note, a letter or their plan stays new until the
client opens it (`mark_opened`, called by the page that shows it). A letter or the plan
that changes after they opened it (its version goes up) is new again. The home costs the
same few queries however many notes, letters or steps there are.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from alongside.clients.models import PortalSeen
from alongside.letters.models import Letter, Stage
from alongside.measures.models import CheckIn, CheckInStatus
from alongside.notes.models import Note
from alongside.plans.models import Plan, PlanVersion, Step, Who

SHOWN = 5  # of each kind; the full lists are a link away
STEP_DAYS = 7  # a plan step is "due" from a week before its date


def mark_opened(client, kind: str, object_id: int, version: int = 1) -> None:
    """The client opened this thing at this version: it is no longer new to them."""
    PortalSeen.objects.update_or_create(
        client=client, kind=kind, object_id=object_id, defaults={"version": version}
    )


def _seen(client, kind, version=False):
    rows = PortalSeen.objects.filter(client=client, kind=kind, object_id=OuterRef("pk"))
    if version:
        rows = rows.filter(version__gte=OuterRef("version"))
    return Exists(rows)


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


def what_needs(user, client) -> WhatNeedsYou:
    """What waits for this client, through the same doors their pages use."""
    today = timezone.localdate()
    found = WhatNeedsYou()
    found.check_ins = (
        CheckIn.objects.visible_to(user)
        .filter(client=client, status=CheckInStatus.OPEN, due_on__lte=today)
        .count()
    )
    notes = list(
        Note.objects.released_to(user)
        .filter(client=client)
        .annotate(opened=_seen(client, PortalSeen.Kind.NOTE))
        .filter(opened=False)
        .select_related("session")
        .only("pk", "session__date", "session__id", "client_id")[: SHOWN + 1]
    )
    found.notes, found.more_notes = notes[:SHOWN], len(notes) > SHOWN
    found.letters = list(
        Letter.objects.visible_to(user)
        .filter(client=client, stage=Stage.WITH_CLIENT)
        .annotate(opened=_seen(client, PortalSeen.Kind.LETTER, version=True))
        .only("pk", "kind", "version", "sent_at", "created_at", "client_id")[:SHOWN]
    )
    found.steps = list(
        Step.objects.visible_to(user)
        .filter(
            plan__client=client,
            done=False,
            by_when__lte=today + timedelta(days=STEP_DAYS),
            who__in=[Who.CLIENT, Who.TOGETHER],
        )
        .order_by("by_when", "pk")
        .only("pk", "what", "by_when", "plan_id")[:SHOWN]
    )
    for step in found.steps:
        step.late = step.by_when < today
    found.plan_is_new = plan_changed_since_opened(user, client)
    return found


def latest_plan_version(plan) -> int:
    return plan.versions.values_list("number", flat=True).first() or 0


def plan_changed_since_opened(user, client) -> bool:
    """Someone else (their therapist) saved the plan after the client last opened it."""
    opened = (
        PortalSeen.objects.filter(client=client, kind=PortalSeen.Kind.PLAN)
        .values_list("version", flat=True)
        .first()
        or 0
    )
    return (
        PlanVersion.objects.filter(
            plan__in=Plan.objects.visible_to(user).filter(client=client), number__gt=opened
        )
        .exclude(author=user)
        .exists()
    )
