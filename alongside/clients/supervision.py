"""The supervisor's home: for each supervisee, what waits for review.

What waits comes from the apps above clients, each through `provides_review`, registered
from its AppConfig.ready() (notes.needs: recent signed notes not yet commented on;
measures.needs: open check-in prompts; plans.needs: plans whose review date has come), so
clients imports none of them. A part returns (name, rows, shown): up to CAP + 1 ids of
`rows` are read per supervisee, every kind in one query (so the count stops at "more than
CAP"), and the first SHOWN of them in the order `shown(queryset)` gives (it
select_related "client") are listed per supervisee from two more. So the page costs the
same however many supervisees, clients and notes there are (see
tests/test_supervisor_home.py); when more than CAP wait, the SHOWN listed are the first
among the CAP + 1 read, not of all. Each part fetches through the doors the linked pages
use, and only the supervisees' own clients: a record open through emergency access is not
supervision. The supervisor's recent comments are the notes app's
{% supervisor_comments %}.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import CharField, F, OuterRef, Subquery

from alongside.accounts.models import User
from alongside.clients.caseload import UNUSED_HERE
from alongside.clients.models import supervisees

SHOWN = 3  # of each kind per supervisee; the count says how many in all
CAP = 99  # counted up to this many of each kind per supervisee; past it, "more than 99"
KINDS = ("notes", "prompts", "plans")


@dataclass
class Supervisee:
    therapist: User
    notes: list = field(default_factory=list)
    notes_count: int = 0
    notes_more: bool = False
    prompts: list = field(default_factory=list)
    prompts_count: int = 0
    prompts_more: bool = False
    plans: list = field(default_factory=list)
    plans_count: int = 0
    plans_more: bool = False

    @property
    def waiting(self) -> int:
        return sum(getattr(self, f"{kind}_count") for kind in KINDS)

    @property
    def more(self) -> bool:
        """Whether some kind has more than CAP waiting (then `waiting` is "more than")."""
        return any(getattr(self, f"{kind}_more") for kind in KINDS)


_PARTS: list[Callable] = []


def provides_review(part: Callable) -> Callable:
    """Register `part(user, therapists) -> (name, rows, shown)`: name is one of KINDS, rows
    a queryset through the door, shown(queryset) orders a queryset of the same model and
    picks what the page reads of it."""
    if part not in _PARTS:
        _PARTS.append(part)
    return part


def waiting_for_review(user) -> list[Supervisee]:
    therapists = supervisees(user)
    people = {t.pk: Supervisee(t) for t in therapists}
    if not people:
        return []
    unused = [f"client__{name}" for name in UNUSED_HERE]
    parts = [part(user, therapists) for part in _PARTS]
    found_by_kind = _capped_ids({kind: rows for kind, rows, _shown in parts}, people)
    for kind, rows, shown in parts:
        found = found_by_kind[kind]
        # The ids were read through the part's door just now: fetched again by id, so the
        # database looks them up rather than walk the supervisees' records once more.
        shown = shown(rows.model.objects.all())
        for therapist_id, ids in found.items():
            setattr(people[therapist_id], f"{kind}_count", min(len(ids), CAP))
            setattr(people[therapist_id], f"{kind}_more", len(ids) > CAP)
        everyone = [pk for ids in found.values() for pk in ids]
        if not everyone:
            continue
        chosen: dict[int, list[int]] = {}
        for pk, therapist_id in shown.filter(pk__in=everyone).values_list(
            "pk", "client__therapist"
        ):
            first = chosen.setdefault(therapist_id, [])
            if len(first) < SHOWN:
                first.append(pk)
        picked = [pk for first in chosen.values() for pk in first]
        for row in shown.filter(pk__in=picked).defer(*unused):
            getattr(people[row.client.therapist_id], kind).append(row)
    return list(people.values())


class _Ids(Subquery):
    """The ids of a sliced subquery's rows, comma-separated, as one value: the database
    stops reading at the slice however many rows match."""

    output_field = CharField()
    template = "(SELECT GROUP_CONCAT(capped.pk) FROM (%(subquery)s) capped)"

    def as_postgresql(self, compiler, connection, **extra):
        copy = self.copy()
        copy.template = "(SELECT STRING_AGG(capped.pk::text, ',') FROM (%(subquery)s) capped)"
        return copy.as_sql(compiler, connection, **extra)


def _capped_ids(rows_by_kind: dict, people) -> dict[str, dict[int, list[int]]]:
    """Up to CAP + 1 ids of each kind's rows per supervisee, all kinds from one query
    whatever the size of the practice: counting every match (a month of a large team's
    notes) cost more than the rest of the page, and past CAP the page only says "more
    than"."""
    capped = {
        f"waiting_{kind}": _Ids(
            rows.filter(client__therapist=OuterRef("pk")).order_by().values(pk=F("id"))[: CAP + 1]
        )
        for kind, rows in rows_by_kind.items()
    }
    found: dict[str, dict[int, list[int]]] = {kind: {} for kind in rows_by_kind}
    for row in User.objects.filter(pk__in=people).annotate(**capped).values("pk", *capped):
        for kind in rows_by_kind:
            if ids := row[f"waiting_{kind}"]:
                found[kind][row["pk"]] = [int(i) for i in ids.split(",")]
    return found
