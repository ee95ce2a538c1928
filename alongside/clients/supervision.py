"""The supervisor's home: for each supervisee, what waits for review.

What waits comes from the apps above clients, each through `provides_review`, registered
from its AppConfig.ready() (notes.needs: recent signed notes not yet commented on;
measures.needs: open check-in prompts; plans.needs: plans whose review date has come), so
clients imports none of them. A part returns (name, rows, shown): `rows` is counted per
supervisee in one query, and the first SHOWN of `shown` (which select_related "client")
are listed per supervisee from one more. So the page costs the same however many
supervisees and clients there are (see tests/test_supervisor_home.py). Each part fetches
through the doors the linked pages use, and only the supervisees' own clients: a record
open through emergency access is not supervision. The supervisor's recent comments are
the notes app's {% supervisor_comments %}.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count

from alongside.accounts.models import User
from alongside.clients.caseload import UNUSED_HERE

SHOWN = 3  # of each kind per supervisee; the count says how many in all
ROWS = 200  # at most this many of each kind loaded, whatever the size of the practice
KINDS = ("notes", "prompts", "plans")


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
        return sum(getattr(self, f"{kind}_count") for kind in KINDS)


_PARTS: list[Callable] = []


def provides_review(part: Callable) -> Callable:
    """Register `part(user, therapists) -> (name, rows, shown)`; name is one of KINDS."""
    if part not in _PARTS:
        _PARTS.append(part)
    return part


def supervisees_of(user):
    return list(
        User.objects.filter(supervisor=user, practice=user.practice, is_active=True).order_by(
            "first_name", "pk"
        )
    )


def waiting_for_review(user) -> list[Supervisee]:
    therapists = supervisees_of(user)
    people = {t.pk: Supervisee(t) for t in therapists}
    if not people:
        return []
    unused = [f"client__{name}" for name in UNUSED_HERE]
    for part in _PARTS:
        kind, rows, shown = part(user, therapists)
        counts = rows.order_by().values_list("client__therapist").annotate(n=Count("pk"))
        for therapist_id, n in counts:
            setattr(people[therapist_id], f"{kind}_count", n)
        for row in shown.defer(*unused)[:ROWS]:
            listed = getattr(people[row.client.therapist_id], kind)
            if len(listed) < SHOWN:
                listed.append(row)
    return list(people.values())
