"""The caseload and the supervisor's view of caseloads, one page at a time.

Names are encrypted, so the database can't sort or search them. The caseload lists names
A to Z through the blind index (clients.name_index): it counts clients per first-letter
bucket, then decrypts only the names in the buckets the page touches, and only the first
time those names are put in order (`_NameOrders`); it loads the full rows, with their
annotations, for the one page it shows. "Most recent first" and the supervisor's view
order by what is not secret: each client's last session date, kept on the client
(notes.last_session) and indexed per therapist. Search matches typed words against the
index. The number of queries stays the same however large the caseload
(see tests/test_caseload_pages.py).
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
)

from alongside.accounts.models import User
from alongside.clients import name_index
from alongside.clients.models import Client, ClientActivity, NameToken, supervisees
from alongside.core.paging import paginate
from alongside.measures.caseload import NO_FLAGS, flag_annotations
from alongside.measures.models import Flag
from alongside.plans.models import Plan

PER_PAGE = 50
# Encrypted fields the lists don't show: left in the database, so not decrypted per row.
UNUSED_HERE = (
    "language",
    "email",
    "phone",
    "self_description",
    "legal_name",
    "naming_style",
    "own_terms",
)


def _urgent_ids(visible):
    """The visible clients with something new from them that nobody has seen, or an open
    check-in prompt (a rupture prompt or a safety check-in): they come first, so nothing
    urgent is left on a later page. Found from what is new or waiting (a handful of rows)
    rather than by asking it of every client on the caseload."""
    unseen = ClientActivity.objects.unseen().values("client_id").order_by()
    flagged = Flag.objects.filter(resolved_at__isnull=True).values("client_id").order_by()
    # One IN over the union, not two ORed: then the database starts from what waits and
    # looks up each client, instead of testing every client on the caseload.
    return visible.filter(pk__in=unseen.union(flagged))


def _not_urgent(visible, urgent: list):
    # As a subquery, not the list of ids: however many wait, the query stays one size.
    return visible.exclude(pk__in=_urgent_ids(visible).values("pk")) if urgent else visible


# The ends of work (the discharges): rights.EndOfWork, a model of an app above clients,
# handed over by RightsConfig.ready() (`ends_of_work_are`) so clients need not import it.
_ends_of_work = None


def ends_of_work_are(manager) -> None:
    global _ends_of_work  # noqa: PLW0603 (set once, at start-up)
    _ends_of_work = manager


def _all_ends():
    if _ends_of_work is None:  # pragma: no cover (the rights app is always installed)
        raise RuntimeError("The rights app has not handed over its ends of work.")
    return _ends_of_work.all()


def _end_of(client_ref):
    return _all_ends().filter(client=client_ref)


def _ended():
    """The work with the client has ended (the discharge)."""
    return Exists(_end_of(OuterRef("pk")))


# Most recently seen first, those never seen last: the order of the index on the client
# (therapist, last session date, id), so a therapist's clients come in it without a sort.
RECENT_FIRST = (F("last_session_on").desc(nulls_last=True), F("pk").desc())


def _recent_first(row) -> tuple:
    """RECENT_FIRST for rows loaded as (therapist id, last session date, id)."""
    _therapist, on, pk = row
    return (on is None, -on.toordinal() if on else 0, -pk)


def _with_caseload_details(clients, *, waiting: bool, ended: bool) -> list:
    """The page's rows with what the list shows of each. What waits (new from the client,
    open prompts) is asked only when the page lists someone waiting: they come first
    (_urgent_ids), so most pages list nobody waiting, and their query goes without six
    subqueries, half its cost. The end date only on the list of ended work."""
    details = {
        "plan_review_on": Subquery(
            Plan.objects.filter(client=OuterRef("pk")).values("review_on")[:1]
        ),
    }
    if ended:
        details["ended_on"] = Subquery(_end_of(OuterRef("pk")).values("ended_on")[:1])
    if waiting:
        # Subqueries, not joins: two joined aggregates would multiply each other's rows.
        unseen = ClientActivity.objects.unseen().filter(client=OuterRef("pk"))
        details["new_from_client"] = Subquery(
            unseen.values("client").annotate(n=Count("id")).values("n")[:1]
        )
        details.update(flag_annotations())
    rows = list(clients.annotate(**details).select_related("user").defer(*UNUSED_HERE))
    not_asked = {name: nothing for name, nothing in NOTHING_ASKED.items() if name not in details}
    for client in rows:
        for name, nothing in not_asked.items():
            setattr(client, name, nothing)
    return rows


# What a row shows when it wasn't asked (see _with_caseload_details): nothing waiting.
NOTHING_ASKED = {"ended_on": None, "new_from_client": None, **NO_FLAGS}


def _in_order(rows, ids):
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


@dataclass
class CaseloadPage:
    page: Page
    clients: list
    waiting: int  # clients with something new or waiting, on any page
    current: int = 0  # clients the work goes on with
    ended: int = 0  # clients the work has ended with (listed apart)


def _tally(user, *, by_bucket: bool) -> dict[str, tuple[int, int]]:
    """The visible clients counted per name bucket ("" for a client not indexed yet) as
    (all of them, those the work has ended with): the numbers of current and ended clients
    and the A-to-Z buckets from one pass over the caseload, not one per figure. Without
    `by_bucket` (the page isn't in name order) only the totals, under "": grouping costs
    more."""
    clients = Client.objects.visible_to(user)
    # "Among the ended" as IN, not EXISTS: the database lists the few ended clients once
    # rather than looking each client up, and can count from the index alone.
    ended = Q(pk__in=_all_ends().values("client_id"))
    counts = {"n": Count("pk"), "ended": Count("pk", filter=ended)}
    if not by_bucket:
        totals = clients.aggregate(**counts)
        return {"": (totals["n"], totals["ended"])}
    rows = clients.values_list("name_bucket").annotate(**counts).order_by()
    return {bucket: (n, ended) for bucket, n, ended in rows}


class _ByName:
    """The caseload's ids in order (urgent first, then A to Z) as a sequence the paginator
    can slice, decrypting only the names of the buckets a page touches (see name_index).
    `per_bucket` counts the listed clients per bucket, "" for those not indexed (_tally)."""

    def __init__(self, visible, per_bucket: dict[str, int]):
        # Few clients wait at once: found from what waits, and their names sorted whole.
        urgent = list(_urgent_ids(visible).values_list("pk", "chosen_name", "name_bucket"))
        self.urgent = _sorted_ids((pk, name) for pk, name, _bucket in urgent)
        per_bucket = dict(per_bucket)
        for _pk, _name, bucket in urgent:
            per_bucket[bucket] = per_bucket.get(bucket, 0) - 1
        self.rest = _not_urgent(visible, self.urgent)
        letters = name_index.bucket_digests()
        counts: dict[str, int] = {}
        for bucket, n in per_bucket.items():
            if bucket and n > 0:
                letter = letters.get(bucket, name_index.OTHER)
                counts[letter] = counts.get(letter, 0) + n
        # Clients not indexed yet (made in bulk, or before the index existed) still show:
        # their names are read here, and `alongside index_names` indexes them. Looked for
        # only when the tally found some.
        self.unindexed: dict[str, list[tuple[int, str]]] = {}
        if per_bucket.get("", 0) > 0:
            for pk, name in self.rest.filter(name_bucket="").values_list("pk", "chosen_name"):
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
            extra = [row for letter in wanted for row in self.unindexed.get(letter, [])]
            ordered = self._in_name_order(digests, extra)
            ids += ordered[max(start, first) - first : stop - first]
        return ids

    def _in_name_order(self, digests, extra) -> list[int]:
        """The ids of the clients in these buckets, A to Z. The names come sealed and are
        decrypted only if this very set of sealed names hasn't been put in order before."""
        sealed = list(
            self.rest.filter(name_bucket__in=digests)
            .annotate(sealed=ExpressionWrapper(F("chosen_name"), output_field=TextField()))
            .values_list("pk", "sealed")
        )
        if extra:  # names not indexed yet: rare, and not worth keeping
            return _sorted_ids([*_unsealed(sealed), *extra])
        return _NAME_ORDERS.get_or_make(sealed, lambda: _sorted_ids(_unsealed(sealed)))


def _unsealed(rows) -> list[tuple[int, str]]:
    unseal = Client._meta.get_field("chosen_name").from_db_value
    return [(pk, unseal(value, None, None)) for pk, value in rows]


class _NameOrders:
    """Per server process, the A-to-Z order of a set of names, keyed by a digest of their
    ciphertexts. A name changed or re-encrypted (a key rotation) is a new ciphertext, so a
    stale order can't be found; the order of a bucket seen before costs no decryption. Holds
    ids only, never a name; a page still loads its rows through the door."""

    def __init__(self, size: int = 256):
        self.size, self.lock = size, threading.Lock()
        self.orders: OrderedDict[bytes, list[int]] = OrderedDict()

    def get_or_make(self, sealed, make) -> list[int]:
        digest = hashlib.sha256()
        for pk, value in sorted(sealed):
            digest.update(f"{pk}:{value}\n".encode())
        key = digest.digest()
        with self.lock:
            order = self.orders.get(key)
            if order is not None:
                self.orders.move_to_end(key)
                return order
        order = make()
        with self.lock:
            self.orders[key] = order
            while len(self.orders) > self.size:
                self.orders.popitem(last=False)
        return order


_NAME_ORDERS = _NameOrders()


def _sorted_ids(rows) -> list[int]:
    return [pk for pk, _name in sorted(rows, key=lambda row: (row[1].casefold(), row[0]))]


class _ByRecent:
    """The caseload's ids with those waiting first, then by the last session, newest first:
    nothing secret to sort by, so the database orders and pages it."""

    def __init__(self, visible, total: int):
        self.urgent = list(
            _urgent_ids(visible).order_by(*RECENT_FIRST).values_list("pk", flat=True)
        )
        self.rest = _not_urgent(visible, self.urgent)
        # Not named `ordered`: the paginator reads that attribute, and the truth of a
        # queryset is its whole result.
        self.by_latest = self.rest.order_by(*RECENT_FIRST)
        self.total = total  # the urgent and the rest: every client listed (see _tally)

    def __len__(self):
        return self.total

    def count(self):
        return len(self)

    def __getitem__(self, window: slice):
        start, stop = window.start or 0, window.stop if window.stop is not None else len(self)
        ids = self.urgent[start:stop]
        first, last = max(start - len(self.urgent), 0), stop - len(self.urgent)
        if last > first:
            ids += list(self.by_latest.values_list("pk", flat=True)[first:last])
        return ids


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
SEARCH_READ = SEARCH_LIMIT * 4  # names put in order at most, per search


def caseload_page(user, number=1, per_page=PER_PAGE, *, order="name", ended=False) -> CaseloadPage:
    """One page of the caseload: clients with something new or waiting first, then by name
    (or by their last session, with order="recent"). `number` is whatever came in ?page=.
    Current clients only, or with ended=True only those the work has ended with: ended
    work is kept apart, so the current caseload is what needs attention."""
    tally = _tally(user, by_bucket=order != "recent")
    ended_n = sum(e for _n, e in tally.values())
    counts = {"current": sum(n for n, _e in tally.values()) - ended_n, "ended": ended_n}
    listed = {bucket: (e if ended else n - e) for bucket, (n, e) in tally.items()}
    visible = Client.objects.visible_to(user).filter(_ended() if ended else ~_ended())
    ordered: _ByRecent | _ByName
    if order == "recent":
        ordered = _ByRecent(visible, sum(listed.values()))
    else:
        ordered = _ByName(visible, listed)
    page = paginate(ordered, number, per_page)
    ids = list(page.object_list)
    clients = []
    if ids:
        rows = visible.filter(pk__in=ids)
        waiting_here = not set(ordered.urgent).isdisjoint(ids)
        clients = _in_order(_with_caseload_details(rows, waiting=waiting_here, ended=ended), ids)
    page.object_list = clients
    waiting = len(ordered.urgent)
    return CaseloadPage(page, clients, waiting, counts["current"], counts["ended"])


def search(user, query: str) -> tuple[list, bool]:
    """The first SEARCH_LIMIT visible clients matching `query`, A to Z by name; and whether
    there were more. The matches' name buckets put them in order by first letter without a
    name read; only the first buckets, enough to fill the list, are put in order by name,
    and a bucket's order is kept (_NAME_ORDERS) so the same search again decrypts nothing
    but the rows it shows. A first letter shared by very many matches (every "Noor" when
    typing "noo") is read only up to SEARCH_READ of them, the first by record number."""
    visible = Client.objects.visible_to(user)
    if not name_index.search_digests(query):
        return [], False
    found = matching(visible, query)
    letters = name_index.bucket_digests()
    by_letter: dict[str, list[int]] = {}
    for pk, bucket in found.order_by("pk").values_list("pk", "name_bucket"):
        # A match has search tokens, so its bucket was indexed with them: under a key in
        # the ring. Any other would only come last, not go missing.
        by_letter.setdefault(letters.get(bucket, name_index.OTHER), []).append(pk)
    wanted, read = [], 0
    for letter in (*name_index.BUCKETS, name_index.OTHER):
        if read > SEARCH_LIMIT or read >= SEARCH_READ:
            break
        if pks := by_letter.get(letter, [])[: SEARCH_READ - read]:
            wanted.append(pks)
            read += len(pks)
    # The ids came through the door just now: read again by id, sealed.
    sealed_rows = (
        visible.filter(pk__in=[pk for pks in wanted for pk in pks])
        .annotate(sealed=ExpressionWrapper(F("chosen_name"), output_field=TextField()))
        .values_list("pk", "sealed")
    )
    sealed: dict[int, str] = dict(sealed_rows)
    ids: list[int] = []
    for pks in wanted:
        theirs = [(pk, sealed[pk]) for pk in pks if pk in sealed]
        ids += _NAME_ORDERS.get_or_make(theirs, lambda t=theirs: _sorted_ids(_unsealed(t)))
    shown = ids[:SEARCH_LIMIT]
    # A result shows the name, pronouns, therapist and last session: nothing more is read.
    rows = visible.filter(pk__in=shown).select_related("therapist").defer(*UNUSED_HERE)
    matches = sum(len(pks) for pks in by_letter.values())
    return _in_order(rows, shown), matches > SEARCH_LIMIT


@dataclass
class TherapistGroup:
    therapist: User
    clients: list = field(default_factory=list)
    continued: bool = False  # the list began on an earlier page
    more: bool = False  # the list goes on on the next page


class _SupervisionRows:
    """The supervision view's rows, (therapist id, client id), as a sequence the paginator
    can slice: each therapist's block of clients, most recently seen first, or one line
    (client None) for a therapist with none. Per-therapist counts place the blocks; the
    database gives only the page's clients, each block's part a walk down its therapist's
    run of the (therapist, last session) index rather than a sort of every client."""

    def __init__(self, visible, blocks):
        self.visible = visible
        self.blocks = blocks  # [(therapist id, number of clients)], in the page's order
        self.first_row, self.last_row, row = {}, {}, 0
        for therapist_id, n in blocks:
            self.first_row[therapist_id] = row
            row += max(n, 1)
            self.last_row[therapist_id] = row - 1

    def __len__(self):
        return sum(max(n, 1) for _t, n in self.blocks)

    def count(self):
        return len(self)

    def _clients(self, parts) -> dict[int, list[int]]:
        """{therapist id: their client ids, most recently seen first} for each part
        (therapist id, clients of theirs to skip, clients to take), in one query."""
        wanted = Q()
        for therapist_id, skip, take in parts:
            theirs = self.visible.filter(therapist_id=therapist_id).order_by(*RECENT_FIRST)
            wanted |= Q(pk__in=theirs.values("pk")[skip : skip + take])
        rows = (
            self.visible.filter(wanted)
            .order_by()
            .values_list("therapist_id", "last_session_on", "pk")
        )
        found: dict[int, list[int]] = {}
        for therapist_id, _on, pk in sorted(rows, key=_recent_first):  # an OR keeps no order
            found.setdefault(therapist_id, []).append(pk)
        return found

    def __getitem__(self, window: slice):
        start, stop = window.start or 0, window.stop if window.stop is not None else len(self)
        # Which rows of which blocks the window covers: lines of therapists with no clients
        # take a row but no client.
        shape, parts, row = [], [], 0
        for therapist_id, n in self.blocks:
            rows = max(n, 1)
            lo, hi = max(start, row), min(stop, row + rows)
            if hi > lo:
                shape.append((therapist_id, n, hi - lo))
                if n:  # the block may have begun on a page before
                    parts.append((therapist_id, lo - row, hi - lo))
            row += rows
        found = self._clients(parts) if parts else {}
        out: list[tuple[int, int | None]] = []
        for therapist_id, n, rows in shape:
            if not n:
                out.append((therapist_id, None))
                continue
            # Fewer found than counted: clients that went between the two queries.
            theirs = iter(found.get(therapist_id, []))
            out.extend((therapist_id, next(theirs, None)) for _ in range(rows))
        return out


def supervision_page(user, number=1, per_page=PER_PAGE):
    """One page of the supervisor's view: each supervisee with their clients, most recently
    seen first (a supervisee with none still gets their line), then anyone else this user may
    read (emergency access). The page's object_list is a TherapistGroup per therapist on it.
    No name is decrypted but the page's, and the database orders and pages the clients."""
    therapists_here = supervisees(user)
    position = {t.pk: n for n, t in enumerate(therapists_here)}
    visible = Client.objects.visible_to(user)
    counts = dict(visible.order_by().values_list("therapist_id").annotate(n=Count("pk")))
    blocks = [(t.pk, counts.get(t.pk, 0)) for t in therapists_here]
    blocks += [(pk, n) for pk, n in sorted(counts.items()) if pk not in position]
    rows = _SupervisionRows(visible, blocks)
    page = paginate(rows, number, per_page)
    shown = list(page.object_list)
    ids = [pk for _t, pk in shown if pk is not None]
    loaded = {c.pk: c for c in visible.filter(pk__in=ids).defer(*UNUSED_HERE)} if ids else {}
    # The supervisees are at hand; only a record opened by emergency access has another
    # therapist, read then (joining each row's therapist cost a quarter of the page's rows).
    therapists = {t.pk: t for t in therapists_here}
    if others := {c.therapist_id for c in loaded.values()} - therapists.keys():
        therapists.update(User.objects.in_bulk(others))
    for client in loaded.values():
        client.therapist = therapists[client.therapist_id]
    groups: dict[int, TherapistGroup] = {}
    for offset, (therapist_id, pk) in enumerate(shown, start=page.start_index() - 1):
        if therapist_id not in therapists:  # a client that went between the two queries
            continue
        group = groups.get(therapist_id)
        if group is None:
            group = groups[therapist_id] = TherapistGroup(
                therapists[therapist_id],
                continued=rows.first_row.get(therapist_id, offset) < offset,
            )
        if pk in loaded:
            group.clients.append(loaded[pk])
        group.more = rows.last_row.get(therapist_id, offset) > offset
    page.object_list = list(groups.values())
    return page
