"""Long caseloads come a page at a time, urgent clients first, at a constant query cost."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.clients.activity import tell_therapist
from alongside.clients.caseload import PER_PAGE
from alongside.clients.models import Client, EmergencyAccess
from alongside.measures.models import Flag, FlagKind
from alongside.measures.tests.objects import response
from alongside.notes import records
from alongside.notes.tests.helpers import cast_note, draft_note, make_session, sign, signed_note
from conftest import make_user


def add_clients(cast, count, therapist=None, prefix="Person"):
    """`count` more clients for River (or `therapist`), named so they sort after the cast's."""
    therapist = therapist or cast.river
    have = Client.objects.filter(therapist=therapist).count()
    Client.objects.bulk_create(
        Client(
            practice=cast.practice,
            therapist=therapist,
            chosen_name=f"{prefix} {n:04d}",
            pronouns="they/them",
        )
        for n in range(have, have + count)
    )


def names_on(body):
    return re.findall(r'<a href="/clients/\d+/">([^<]+)</a>', body)


def test_a_long_caseload_is_shown_fifty_at_a_time_with_a_labelled_page_nav(client, cast):
    add_clients(cast, 119)  # with Ash: 120 clients, 3 pages
    client.force_login(cast.river)
    body = client.get(reverse("clients:caseload")).content.decode()
    assert len(names_on(body)) == PER_PAGE == 50
    assert '<nav class="pagination" aria-label="Pages of my caseload">' in body
    assert "Page 1 of 3" in body and "Clients 1 to 50 of 120." in body
    assert '<a href="?page=2" rel="next">Next page</a>' in body
    assert '<a href="?page=1" aria-current="page">' in body
    last = client.get(reverse("clients:caseload"), {"page": 3}).content.decode()
    assert len(names_on(last)) == 20 and "Page 3 of 3" in last
    assert '<a href="?page=2" rel="prev">Previous page</a>' in last and 'rel="next"' not in last


def test_every_client_is_on_exactly_one_page_in_name_order(client, cast):
    add_clients(cast, 119)
    client.force_login(cast.river)
    seen = []
    for number in (1, 2, 3):
        seen += names_on(client.get(reverse("clients:caseload"), {"page": number}).content.decode())
    expected = sorted(Client.objects.filter(therapist=cast.river), key=lambda c: c.chosen_name)
    assert seen == [c.chosen_name for c in expected]


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("0", 3), ("999", 3), ("9" * 5000, 1)])
def test_a_page_number_that_does_not_exist_shows_a_real_page(client, cast, asked, shown):
    add_clients(cast, 119)
    client.force_login(cast.river)
    response_ = client.get(reverse("clients:caseload"), {"page": asked})
    assert response_.status_code == 200
    assert f"Page {shown} of 3" in response_.content.decode()


def test_a_short_caseload_has_no_page_nav(client, cast):
    client.force_login(cast.river)
    body = client.get(reverse("clients:caseload")).content.decode()
    assert "Ash Canary" in body and "pagination" not in body and "Page 1 of" not in body


def test_clients_with_something_new_or_a_prompt_come_first_with_their_flags(client, cast):
    add_clients(cast, 119)
    by_name = {c.chosen_name: c for c in Client.objects.filter(therapist=cast.river)}
    last_by_name, prompted = by_name["Person 0119"], by_name["Person 0118"]
    tell_therapist(last_by_name, kind="comment", summary="commented on the formulation")
    tell_therapist(last_by_name, kind="comment", summary="added their perspective")
    answered = response(cast)  # a response for Ash, to hang the prompt on
    Flag.objects.create(client=prompted, response=answered, kind=FlagKind.RUPTURE, item="safe")
    client.force_login(cast.river)
    body = client.get(reverse("clients:caseload")).content.decode()
    assert names_on(body)[:2] == ["Person 0118", "Person 0119"]
    assert "The 2 clients with something new or waiting come first." in body
    assert body.count("2 new from client") == 1 and body.count("Rupture prompt") == 1
    assert reverse("measures:flag", args=[prompted.pk, Flag.objects.get().pk]) in body
    # Once seen and repaired, they go back to their place by name.
    client.post(reverse("clients:seen", args=[last_by_name.pk]))
    Flag.objects.update(resolved_by=cast.river, resolved_at=answered.submitted_at)
    page_one = client.get(reverse("clients:caseload")).content.decode()
    assert names_on(page_one)[0] == "Ash Canary"
    assert "new from client" not in page_one and "Rupture prompt" not in page_one


def test_only_a_page_listing_someone_waiting_asks_the_database_what_waits(client, cast):
    add_clients(cast, 119)
    by_name = {c.chosen_name: c for c in Client.objects.filter(therapist=cast.river)}
    prompted = by_name["Person 0118"]  # names are encrypted: found by reading them
    Flag.objects.create(client=prompted, response=response(cast), kind=FlagKind.RUPTURE)
    client.force_login(cast.river)

    def rows_query(page):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(reverse("clients:caseload"), {"page": page}).content.decode()
        # The one query that loads the page's rows: by id, with the plan review date.
        (rows,) = [q["sql"] for q in queries if "plans_plan" in q["sql"]]
        return body, rows

    first, asked = rows_query(1)
    assert names_on(first)[0] == "Person 0118" and "Rupture prompt" in first
    assert "measures_flag" in asked and "clients_clientactivity" in asked
    second, not_asked = rows_query(2)
    assert "Person 0118" not in names_on(second) and "Rupture prompt" not in second
    assert "measures_flag" not in not_asked and "clients_clientactivity" not in not_asked


def test_page_links_hold_no_names(client, cast):
    add_clients(cast, 119)
    client.force_login(cast.river)
    body = client.get(reverse("clients:caseload"), {"page": 2}).content.decode()
    for link in re.findall(r'href="([^"]*)"', body):
        assert "Person" not in link and "Ash" not in link


def _queries(client, url, **params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(url, params)
    assert answer.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "url_name"), [("river", "clients:caseload"), ("sam", "clients:supervision")]
)
def test_queries_per_caseload_page_are_the_same_for_10_and_200_clients(client, cast, who, url_name):
    client.force_login(getattr(cast, who))
    url = reverse(url_name)
    add_clients(cast, 9)
    small = _queries(client, url)
    add_clients(cast, 190)
    for n in range(0, 200, 7):  # things waiting on several clients, on every page
        tell_therapist(Client.objects.filter(therapist=cast.river)[n], kind="comment", summary="x")
    assert Client.objects.filter(therapist=cast.river).count() == 200
    large = _queries(client, url)
    large_page_three = _queries(client, url, page=3)
    assert small == large
    if url_name == "clients:supervision":
        # What waits for review is shown above the first page only: later pages compare
        # with each other.
        assert large_page_three == _queries(client, url, page=2)
    else:
        assert large_page_three == large


def test_the_supervisor_pages_through_caseloads_grouped_by_therapist(client, cast):
    empty = make_user(cast.practice, "zara", Role.THERAPIST, supervisor=cast.sam)
    add_clients(cast, 79)  # River: 80 clients
    client.force_login(cast.sam)
    first = client.get(reverse("clients:supervision")).content.decode()
    assert '<nav class="pagination" aria-label="Pages of your supervisees\' caseloads">' in first
    assert "Page 1 of 2" in first
    assert "River" in first and "Continued on the next page." in first
    assert len(names_on(first)) == 50
    second = client.get(reverse("clients:supervision"), {"page": 2}).content.decode()
    assert "(continued)" in second and len(names_on(second)) == 30
    # A supervisee without clients keeps their line, after River's, on the last page.
    assert empty.display_name in second and "No clients yet." in second
    # (page one names them only above, in what waits for review)
    assert empty.display_name not in first[first.index('id="caseloads-h"') :]
    # Supervisors read; they don't get the therapist's flags or the colleague's clients.
    assert "Noor Canary" not in first + second


def test_a_record_opened_in_an_emergency_is_listed_under_its_own_therapist(client, cast):
    EmergencyAccess.objects.create(
        user=cast.sam,
        client=cast.other_client,
        reason="Duty line call.",
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    client.force_login(cast.sam)
    body = client.get(reverse("clients:supervision")).content.decode()
    caseloads = body[body.index('id="caseloads-h"') :]
    assert cast.river.display_name in caseloads and cast.colleague.display_name in caseloads
    # Noor comes under her own therapist's name, after River's supervised caseload.
    assert caseloads.index(cast.colleague.display_name) < caseloads.index("Noor Canary")
    assert caseloads.index("Ash Canary") < caseloads.index(cast.colleague.display_name)


def _end_work(cast, client_record):
    from datetime import date

    from alongside.rights.models import EndOfWork

    EndOfWork.objects.create(client=client_record, ended_on=date(2026, 5, 1), ended_by=cast.river)


def test_clients_the_work_has_ended_with_are_kept_apart_from_current_ones(client, cast):
    add_clients(cast, 2)
    ended = next(c for c in Client.objects.all() if c.chosen_name == "Person 0001")
    _end_work(cast, ended)
    client.force_login(cast.river)
    current = client.get(reverse("clients:caseload")).content.decode()
    assert "Person 0001" not in names_on(current)
    assert names_on(current) == ["Ash Canary", "Person 0002"]
    assert "Current clients (2)" in current and "Work ended (1)" in current
    apart = client.get(reverse("clients:caseload"), {"show": "ended"}).content.decode()
    assert names_on(apart) == ["Person 0001"]
    assert "Work ended 1 May 2026" in apart
    assert '<a href="?show=ended" aria-current="page">' in apart
    # The other order keeps to the ended clients.
    assert 'href="?show=ended&amp;order=recent"' in apart


def test_a_caseload_with_no_ended_work_shows_no_switch(client, cast):
    client.force_login(cast.river)
    assert "Work ended (" not in client.get(reverse("clients:caseload")).content.decode()


def test_the_ended_list_costs_the_same_queries_for_10_and_200_ended_clients(client, cast):
    from alongside.rights.models import EndOfWork

    client.force_login(cast.river)
    url = reverse("clients:caseload")
    add_clients(cast, 10)
    for record in Client.objects.filter(therapist=cast.river)[:10]:
        _end_work(cast, record)
    small, small_current = _queries(client, url, show="ended"), _queries(client, url)
    add_clients(cast, 190)
    for record in Client.objects.filter(therapist=cast.river).exclude(
        pk__in=EndOfWork.objects.values("client_id")
    )[:190]:
        _end_work(cast, record)
    assert EndOfWork.objects.count() == 200
    assert _queries(client, url, show="ended") == small
    assert _queries(client, url, show="ended", page=3) == small
    assert _queries(client, url) == small_current


def test_the_recent_order_puts_waiting_clients_first_then_the_last_seen(client, cast):
    add_clients(cast, 59)  # River: 60 clients, so the order crosses a page
    clients = list(Client.objects.filter(therapist=cast.river).order_by("pk"))
    for n, person in enumerate(clients[:55]):
        make_session(person, days_ago=n + 1)  # the first client seen most recently
    waiting = clients[40]
    tell_therapist(waiting, kind="comment", summary="x")
    client.force_login(cast.river)
    first = names_on(client.get(reverse("clients:caseload"), {"order": "recent"}).content.decode())
    second = names_on(
        client.get(reverse("clients:caseload"), {"order": "recent", "page": 2}).content.decode()
    )
    expected = [waiting] + [c for c in clients[:55] if c != waiting] + clients[55:][::-1]
    assert first + second == [c.chosen_name for c in expected]


def test_the_supervision_view_lists_each_client_once_most_recently_seen_first(client, cast):
    empty = make_user(cast.practice, "zara", Role.THERAPIST, supervisor=cast.sam)
    add_clients(cast, 119)  # River: 120 clients over three pages
    clients = list(Client.objects.filter(therapist=cast.river).order_by("pk"))
    for n, person in enumerate(clients[:100]):
        make_session(person, days_ago=n + 1)
    client.force_login(cast.sam)
    pages = [
        client.get(reverse("clients:supervision"), {"page": n}).content.decode() for n in (1, 2, 3)
    ]
    expected = clients[:100] + clients[100:][::-1]  # never seen: the newest record first
    assert [name for body in pages for name in names_on(body)] == [c.chosen_name for c in expected]
    assert "(continued)" in pages[2] and empty.display_name in pages[2]
    assert "Continued on the next page." in pages[0] + pages[1]


def test_what_waits_on_a_note_shows_on_the_caseload_of_that_clients_therapist_only(client, cast):
    cast_note(cast)  # Ash's note, with Ash's perspective and a "doesn't fit" flag
    theirs = sign(draft_note(cast, client=cast.other_client))
    records.add_perspective(cast.other_client_user, theirs, "Mine.")
    client.force_login(cast.river)
    body = client.get(reverse("clients:caseload")).content.decode()
    assert "Waiting for you on a note" in body
    assert "Ash Canary added their perspective" in body
    assert "Ash Canary said part of the" in body
    assert "Noor Canary" not in body
    # Not even with Noor's record open to River in an emergency: it is read-only, and what
    # Noor wrote is for Noor's own therapist.
    EmergencyAccess.objects.create(
        user=cast.river,
        client=cast.other_client,
        reason="Duty line call.",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert Client.objects.visible_to(cast.river).filter(pk=cast.other_client.pk).exists()
    body = client.get(reverse("clients:caseload")).content.decode()
    assert "Noor Canary added their perspective" not in body
    assert "Ash Canary added their perspective" in body


def test_the_newest_of_what_waits_on_a_note_is_listed_first_up_to_the_limit(
    client, cast, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from alongside.notes.models import Flag as NoteFlag
    from alongside.notes.models import Perspective
    from alongside.notes.templatetags import notes as note_tags

    note = cast_note(cast)  # a perspective and a "doesn't fit" flag
    records.add_supervision_comment(cast.sam, note, "A comment.")
    now = timezone.now()
    Perspective.objects.update(created_at=now - timedelta(days=3))
    NoteFlag.objects.update(created_at=now - timedelta(days=1))
    monkeypatch.setattr(note_tags, "WAITING_SHOWN", 2)
    client.force_login(cast.river)
    body = client.get(reverse("clients:caseload")).content.decode()
    assert "commented on Ash Canary" in body
    assert "said part of the" in body
    assert "added their perspective" not in body  # the oldest, past the limit
    assert body.index("commented on") < body.index("said part of the")


@pytest.mark.parametrize("who", ["river", "sam"])
def test_queries_on_a_clients_page_are_the_same_for_10_and_200_clients(client, cast, who):
    client.force_login(getattr(cast, who))
    signed_note(cast)
    url = reverse("clients:detail", args=[cast.client.pk])
    add_clients(cast, 9)
    small = _queries(client, url)
    add_clients(cast, 190)
    assert _queries(client, url) == small


def test_a_supervision_page_across_two_caseloads_orders_each_by_last_session_at_one_cost(
    client, cast
):
    zara = make_user(cast.practice, "zara", Role.THERAPIST, supervisor=cast.sam)
    add_clients(cast, 59)  # River: 60 clients, then Zara: 60, over three pages
    add_clients(cast, 60, therapist=zara, prefix="Zed")
    rivers = list(Client.objects.filter(therapist=cast.river).order_by("pk"))
    zaras = list(Client.objects.filter(therapist=zara).order_by("pk"))
    for n, person in enumerate(rivers):
        make_session(person, days_ago=60 - n)  # River's newest client seen last
    seen = zaras[::2]  # every other one of Zara's, the later ones seen longer ago
    for n, person in enumerate(seen):
        make_session(person, days_ago=n + 1)
    client.force_login(cast.sam)
    url = reverse("clients:supervision")
    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2, 3)]
    never_seen = [c for c in zaras if c not in seen][::-1]  # newest record first
    expected = rivers[::-1] + seen + never_seen
    assert [name for body in pages for name in names_on(body)] == [c.chosen_name for c in expected]
    continued = f'{zara.display_name} <span class="meta">(continued)</span>'
    assert continued in pages[2] and continued not in pages[1]
    # Page two holds the end of River's clients and the start of Zara's; page three only
    # Zara's: the same number of queries.
    assert len(names_on(pages[1])) == 50
    assert _queries(client, url, page=2) == _queries(client, url, page=3)


def test_each_row_and_search_result_says_when_the_last_session_was(client, cast):
    from datetime import date

    from django.utils.formats import date_format

    Client.objects.create(practice=cast.practice, therapist=cast.river, chosen_name="Person N")
    make_session(cast.client, date=date(2025, 3, 4))
    make_session(cast.client, date=date(2025, 1, 6))
    shown = f"Last session {date_format(date(2025, 3, 4), 'SHORT_DATE_FORMAT')}"
    client.force_login(cast.river)
    for body in (
        client.get(reverse("clients:caseload")).content.decode(),
        client.get(reverse("clients:caseload"), {"order": "recent"}).content.decode(),
        client.post(reverse("clients:search"), {"q": "ash"}).content.decode(),
    ):
        assert body.count(shown) == 1
    never_seen = client.post(reverse("clients:search"), {"q": "person"}).content.decode()
    assert "No sessions yet" in never_seen and "Last session" not in never_seen


def test_the_recent_index_keeps_the_never_seen_last_on_each_database(db):
    index = next(i for i in Client._meta.indexes if i.name == "client_therapist_recent")
    sql = str(index.create_sql(Client, connection.SchemaEditorClass(connection, collect_sql=True)))
    if connection.features.order_by_nulls_first:  # SQLite: DESC already puts NULLs last
        assert '"therapist_id", "last_session_on" DESC, "id" DESC' in sql
    else:  # PostgreSQL: NULLs first in DESC unless told; never asked of the id
        assert '"therapist_id", "last_session_on" DESC NULLS LAST, "id" DESC)' in sql


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL's planner sorts test-sized tables; its plan is checked at bench size",
)
def test_the_supervision_page_walks_the_recent_index_and_sorts_no_client(client, cast):
    add_clients(cast, 119)
    client.force_login(cast.sam)
    client.get(reverse("clients:supervision"), {"page": 2})
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("clients:supervision"), {"page": 2})
    (ordering,) = [q["sql"] for q in captured if '"last_session_on" DESC' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {ordering}")
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert "USING COVERING INDEX client_therapist_recent (therapist_id=?)" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
