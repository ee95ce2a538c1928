"""The supervisor's home: for each supervisee, what waits for review, and the comments the
supervisor left lately.

What waits: signed notes of the last four weeks the supervisor has not commented on yet,
open check-in prompts (a rupture, or a safety check-in), and plans whose review date has
come. Each kind is one query across every supervisee (a few shown per person, the count
for all), so the page costs the same however many supervisees and clients there are (see
tests/test_supervisor_home.py). Everything comes through the same doors the pages behind
the links use; a record open only through emergency access is not supervision and is left
out.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from alongside.accounts.models import User
from alongside.clients.caseload import UNUSED_HERE
from alongside.measures.models import Flag
from alongside.notes.models import Note, NoteStatus, SupervisionComment
from alongside.plans.models import Plan

RECENT_DAYS = 28  # notes signed longer ago than this no longer wait for review
SHOWN = 3  # of each kind per supervisee; the count says how many in all
ROWS = 200  # at most this many of each kind loaded, whatever the size of the practice
COMMENTS = 10
# A note's sections: not shown here, so not decrypted per row.
NOTE_TEXT = ("agenda", "systems", "meanings", "strategies", "power", "ruptures", "hold_reason")


@dataclass
class Supervisee:
    therapist: User
    notes: list = field(default_factory=list)
    notes_count: int = 0
    prompts: list = field(default_factory=list)
    prompts_count: int = 0
    plans: list = field(default_factory=list)
    plans_count: int = 0

    @property
    def waiting(self) -> int:
        return self.notes_count + self.prompts_count + self.plans_count


def supervisees_of(user):
    return list(
        User.objects.filter(supervisor=user, practice=user.practice, is_active=True).order_by(
            "first_name", "pk"
        )
    )


def _spread(rows, people, attr):
    """Give each supervisee the first SHOWN of their rows."""
    for row in rows:
        shown = getattr(people[row.client.therapist_id], attr)
        if len(shown) < SHOWN:
            shown.append(row)


def waiting_for_review(user) -> list[Supervisee]:
    therapists = supervisees_of(user)
    people = {t.pk: Supervisee(t) for t in therapists}
    if not people:
        return []
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    notes = (
        Note.objects.visible_to(user)
        .filter(
            client__therapist__in=therapists,
            status=NoteStatus.SIGNED,
            signed_at__gte=since,
        )
        .exclude(supervision_comments__author=user)
    )
    prompts = Flag.objects.visible_to(user).open().filter(client__therapist__in=therapists)
    plans = Plan.objects.visible_to(user).filter(
        client__therapist__in=therapists, review_on__lte=timezone.localdate()
    )
    for rows, attr in ((notes, "notes"), (prompts, "prompts"), (plans, "plans")):
        for therapist_id, n in (
            rows.order_by().values_list("client__therapist").annotate(n=Count("pk"))
        ):
            setattr(people[therapist_id], f"{attr}_count", n)
    client_only = [f"client__{name}" for name in UNUSED_HERE]
    _spread(
        notes.select_related("session", "client")
        .defer(*NOTE_TEXT, *client_only)
        .order_by("signed_at", "pk")[:ROWS],
        people,
        "notes",
    )
    _spread(
        prompts.select_related("client")
        .defer("details_json", "comment", "repair_note", *client_only)
        .order_by("created_at", "pk")[:ROWS],
        people,
        "prompts",
    )
    _spread(
        plans.select_related("client").defer(*client_only).order_by("review_on", "pk")[:ROWS],
        people,
        "plans",
    )
    return list(people.values())


def recent_comments(user, limit=COMMENTS):
    """The supervisor's own latest comments, on notes they can still read."""
    return list(
        SupervisionComment.objects.filter(author=user, note__in=Note.objects.visible_to(user))
        .select_related("note__session", "note__client__therapist")
        .defer(*(f"note__client__{name}" for name in UNUSED_HERE))
        .order_by("-created_at", "-pk")[:limit]
    )
