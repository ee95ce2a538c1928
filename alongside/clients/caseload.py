"""The caseload and the supervisor's view of caseloads, one page at a time.

Names are encrypted, so the database can't sort or search them. The caseload lists names
A to Z through the blind index (clients.name_index): it counts clients per first-letter
bucket, then decrypts only the names in the buckets the page touches, and loads the full
rows, with their annotations, for the one page it shows. "Most recent first" and the
supervisor's view order by what is not secret (the last session). Search matches typed
words against the index. The number of queries stays the same however large the caseload
(see tests/test_caseload_pages.py).
"""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, When

from alongside.accounts.models import User
from alongside.clients import name_index
from alongside.clients.models import Client, ClientActivity, NameToken
from alongside.core.paging import paginate
from alongside.measures.caseload import flag_annotations
from alongside.measures.models import Flag
from alongside.notes.models import Session
from alongside.plans.models import Plan

PER_PAGE = 50
# Encrypted fields the lists don't show: left in the database, so not decrypted per row.
UNUSED_HERE = ("language", "email", "phone", "self_description", "legal_name", "own_terms")


def _new_or_waiting():
    """Per client: something new from them that nobody has seen, or an open check-in prompt
    (a rupture prompt or a safety check-in). These clients come first, so nothing urgent
    is left on a later page."""
    unseen = ClientActivity.objects.unseen().filter(client=OuterRef("pk"))
    open_flags = Flag.objects.filter(client=OuterRef("pk"), resolved_at__isnull=True)
    return {"is_new": Exists(unseen), "is_waiting": Exists(open_flags)}


def _with_caseload_details(clients):
    # Subqueries, not joins: two joined aggregates would multiply each other's rows.
    sessions = Session.objects.filter(client=OuterRef("pk")).order_by("-date")
    unseen = ClientActivity.objects.unseen().filter(client=OuterRef("pk"))
    return (
        clients.annotate(
            last_session=Subquery(sessions.values("date")[:1]),
            new_from_client=Subquery(
                unseen.values("client").annotate(n=Count("id")).values("n")[:1]
            ),
            plan_review_on=Subquery(
                Plan.objects.filter(client=OuterRef("pk")).values("review_on")[:1]
            ),
            **flag_annotations(),
        )
        .select_related("user")
        .defer(*UNUSED_HERE)
    )


def _in_order(rows, ids):
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


@dataclass
class CaseloadPage:
    page: Page
    clients: list
    waiting: int  # clients with something new or waiting, on any page


class _ByName:
    """The caseload's ids in order (urgent first, then A to Z) as a sequence the paginator
    can slice, decrypting only the names of the buckets a page touches (see name_index)."""

    def __init__(self, visible):
        flagged = visible.annotate(**_new_or_waiting())
        urgent = Q(is_new=True) | Q(is_waiting=True)
        # Few clients wait at once: those names are sorted whole.
        self.urgent = _sorted_ids(flagged.filter(urgent).values_list("pk", "chosen_name"))
        self.rest = flagged.exclude(urgent)
        letters = name_index.bucket_digests()
        counts: dict[str, int] = {}
        for digest, n in (
            NameToken.objects.filter(kind=name_index.BUCKET, client__in=self.rest)
            .values_list("digest")
            .annotate(n=Count("client_id"))
        ):
            letter = letters.get(digest, name_index.OTHER)
            counts[letter] = counts.get(letter, 0) + n
        # Clients not indexed yet (made in bulk, or before the index existed) still show:
        # their names are read here, and `alongside index_names` indexes them.
        self.unindexed: dict[str, list[tuple[int, str]]] = {}
        for pk, name in self.rest.exclude(name_tokens__kind=name_index.BUCKET).values_list(
            "pk", "chosen_name"
        ):
            letter = name_index.bucket_of(name)
            self.unindexed.setdefault(letter, []).append((pk, name))
            counts[letter] = counts.get(letter, 0) + 1
        self.buckets = [
            (b, counts[b]) for b in (*name_index.BUCKETS, name_index.OTHER) if counts.get(b)
        ]
        self.digests: dict[str, list[str]] = {letter: [] for letter, _n in self.buckets}
        for digest, letter in letters.items():
            if letter in self.digests:
                self.digests[letter].append(digest)

    def __len__(self):
        return len(self.urgent) + sum(n for _b, n in self.buckets)

    def count(self):
        return len(self)

    def __getitem__(self, window: slice):
        start, stop = window.start or 0, window.stop if window.stop is not None else len(self)
        ids = self.urgent[start:stop]
        offset = len(self.urgent)
        wanted: list[str] = []
        first: int | None = None
        for letter, n in self.buckets:
            if offset + n > start and offset < stop:
                first = offset if first is None else first
                wanted.append(letter)
            offset += n
        if first is not None:  # some bucket falls in the window
            digests = [d for letter in wanted for d in self.digests[letter]]
            in_buckets = self.rest.filter(
                name_tokens__kind=name_index.BUCKET, name_tokens__digest__in=digests
            ).values_list("pk", "chosen_name")
            extra = [row for letter in wanted for row in self.unindexed.get(letter, [])]
            ordered = _sorted_ids([*in_buckets, *extra])
            ids += ordered[max(start, first) - first : stop - first]
        return ids


def _sorted_ids(rows) -> list[int]:
    return [pk for pk, _name in sorted(rows, key=lambda row: (row[1].casefold(), row[0]))]


def _by_recent(visible):
    """Urgent first, then by the last session, newest first: nothing secret to sort by."""
    sessions = Session.objects.filter(client=OuterRef("pk")).order_by("-date")
    return (
        visible.annotate(
            **_new_or_waiting(),
            latest=Subquery(sessions.values("date")[:1]),
        )
        .annotate(urgent=Case(When(Q(is_new=True) | Q(is_waiting=True), then=1), default=0))
        .order_by("-urgent", F("latest").desc(nulls_last=True), "-pk")
        .values_list("pk", flat=True)
    )


def matching(visible, query: str):
    """Clients whose name has a word starting with each word typed, through the index."""
    for digests in name_index.search_digests(query):
        visible = visible.filter(
            pk__in=NameToken.objects.filter(kind=name_index.PREFIX, digest__in=digests).values(
                "client_id"
            )
        )
    return visible


ORDERS = ("name", "recent")
SEARCH_LIMIT = 50


def caseload_page(user, number=1, per_page=PER_PAGE, *, order="name") -> CaseloadPage:
    """One page of the caseload: clients with something new or waiting first, then by name
    (or by their last session, with order="recent"). `number` is whatever came in ?page=."""
    visible = Client.objects.visible_to(user)
    ordered = _by_recent(visible) if order == "recent" else _ByName(visible)
    page = paginate(ordered, number, per_page)
    ids = list(page.object_list)
    clients = _in_order(_with_caseload_details(visible.filter(pk__in=ids)), ids) if ids else []
    page.object_list = clients
    waiting = (
        len(ordered.urgent)
        if isinstance(ordered, _ByName)
        else visible.annotate(**_new_or_waiting())
        .filter(Q(is_new=True) | Q(is_waiting=True))
        .count()
    )
    return CaseloadPage(page, clients, waiting)


def search(user, query: str) -> tuple[list, bool]:
    """Up to SEARCH_LIMIT visible clients matching `query`, by name; and whether there were
    more. Only the matches are decrypted."""
    visible = Client.objects.visible_to(user)
    if not name_index.search_digests(query):
        return [], False
    found = matching(visible, query)
    ids = _sorted_ids(found.values_list("pk", "chosen_name")[: SEARCH_LIMIT * 4])
    shown = ids[:SEARCH_LIMIT]
    rows = _with_caseload_details(visible.filter(pk__in=shown)).select_related("therapist")
    return _in_order(rows, shown), len(ids) > SEARCH_LIMIT


@dataclass
class TherapistGroup:
    therapist: User
    clients: list = field(default_factory=list)
    continued: bool = False  # the list began on an earlier page
    more: bool = False  # the list goes on on the next page


def supervision_page(user, number=1, per_page=PER_PAGE):
    """One page of the supervisor's view: each supervisee with their clients, most recently
    seen first (a supervisee with none still gets their line), then anyone else this user may read
    (emergency access). The page's object_list is a TherapistGroup per therapist on it."""
    supervisees = list(
        User.objects.filter(supervisor=user, practice=user.practice, is_active=True).order_by(
            "first_name"
        )
    )
    position = {t.pk: n for n, t in enumerate(supervisees)}
    visible = Client.objects.visible_to(user)
    # Within each therapist, the most recently seen first: an order the database can give
    # without decrypting a single name (search finds anyone by name).
    sessions = Session.objects.filter(client=OuterRef("pk")).order_by("-date")
    clients = sorted(
        visible.annotate(latest=Subquery(sessions.values("date")[:1]))
        .order_by("therapist_id", F("latest").desc(nulls_last=True), "-pk")
        .values_list("pk", "therapist_id"),
        key=lambda row: (position.get(row[1], len(position)), row[1]),
    )
    rows = [(therapist_id, pk) for pk, therapist_id in clients]
    have = {therapist_id for therapist_id, _pk in rows}
    for therapist in supervisees:
        if therapist.pk not in have:
            rows.append((therapist.pk, None))
    rows.sort(key=lambda row: position.get(row[0], len(position)))  # stable: names stay sorted
    page = paginate(rows, number, per_page)
    shown = list(page.object_list)
    ids = [pk for _t, pk in shown if pk is not None]
    loaded = (
        {
            c.pk: c
            for c in visible.filter(pk__in=ids).select_related("therapist").defer(*UNUSED_HERE)
        }
        if ids
        else {}
    )
    therapists = {t.pk: t for t in supervisees}
    therapists.update({c.therapist_id: c.therapist for c in loaded.values()})
    first_row: dict[int, int] = {}
    last_row: dict[int, int] = {}
    for n, (therapist_id, _pk) in enumerate(rows):
        first_row.setdefault(therapist_id, n)
        last_row[therapist_id] = n
    groups: dict[int, TherapistGroup] = {}
    for offset, (therapist_id, pk) in enumerate(shown, start=page.start_index() - 1):
        if therapist_id not in therapists:  # a client that went between the two queries
            continue
        group = groups.get(therapist_id)
        if group is None:
            group = groups[therapist_id] = TherapistGroup(
                therapists[therapist_id], continued=first_row[therapist_id] < offset
            )
        if pk in loaded:
            group.clients.append(loaded[pk])
        group.more = last_row[therapist_id] > offset
    page.object_list = list(groups.values())
    return page
