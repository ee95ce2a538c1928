"""The caseload and the supervisor's view of caseloads, one page at a time.

Names are encrypted, so the database can't sort by them. Each page therefore reads, for
every visible client, only the id, the name and two yes/no flags (one query), sorts that in
Python, and then loads the full rows, with their annotations, for the one page it shows
(a second query). The number of queries stays the same however large the caseload (see
tests/test_caseload_pages.py); only the names are decrypted for every client, and the
rendering, which cost the most, is for one page.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Subquery

from alongside.accounts.models import User
from alongside.clients.models import Client, ClientActivity
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


def caseload_page(user, number=1, per_page=PER_PAGE) -> CaseloadPage:
    """One page of the caseload: clients with something new or waiting first, then by name.
    `number` is whatever came in ?page= (see core.paging)."""
    visible = Client.objects.visible_to(user)
    order = sorted(
        visible.annotate(**_new_or_waiting()).values_list(
            "pk", "chosen_name", "is_new", "is_waiting"
        ),
        key=lambda row: (not (row[2] or row[3]), row[1].casefold(), row[0]),
    )
    page = paginate([row[0] for row in order], number, per_page)
    ids = list(page.object_list)
    clients = _in_order(_with_caseload_details(visible.filter(pk__in=ids)), ids) if ids else []
    page.object_list = clients
    return CaseloadPage(page, clients, sum(1 for row in order if row[2] or row[3]))


@dataclass
class TherapistGroup:
    therapist: User
    clients: list = field(default_factory=list)
    continued: bool = False  # the list began on an earlier page
    more: bool = False  # the list goes on on the next page


def supervision_page(user, number=1, per_page=PER_PAGE):
    """One page of the supervisor's view: each supervisee with their clients by name (a
    supervisee with none still gets their line), then anyone else this user may read
    (emergency access). The page's object_list is a TherapistGroup per therapist on it."""
    supervisees = list(
        User.objects.filter(supervisor=user, practice=user.practice, is_active=True).order_by(
            "first_name"
        )
    )
    position = {t.pk: n for n, t in enumerate(supervisees)}
    visible = Client.objects.visible_to(user)
    clients = sorted(
        visible.values_list("pk", "chosen_name", "therapist_id"),
        key=lambda row: (position.get(row[2], len(position)), row[2], row[1].casefold(), row[0]),
    )
    rows = [(therapist_id, pk) for pk, _name, therapist_id in clients]
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
    first_row = {}
    last_row = {}
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
