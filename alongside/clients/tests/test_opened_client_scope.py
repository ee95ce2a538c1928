"""The scoping layer's shortcut for the client the door has just opened (clients.models.of_client).

The cards of the client page ask `visible_to(user, client=client)`: only `client_id = pk`
when `open_client` let this user open this very client object in this request, else the
whole door. These tests pin both halves: the shortcut is taken only then, and any other
user, client object or request gets the door's answer.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.clients.access import may_read, open_client
from alongside.clients.models import Client
from alongside.core.scope import forget_client
from alongside.measures.models import CheckIn, Flag
from alongside.measures.tests.conftest import make_check_in
from alongside.notes.models import Note, Session
from alongside.notes.tests.helpers import draft_note, make_session, signed_note


@pytest.fixture(autouse=True)
def nothing_opened_before_or_after():
    """Each test starts, and leaves, as a fresh request does: no client opened."""
    forget_client()
    yield
    forget_client()


def asks_the_door(queryset) -> bool:
    """The door's subquery is in the SQL (or, for a role the door gives nothing, False)."""
    sql = str(queryset.query)
    return "clients_client" in sql or "AND False" in sql


def test_the_client_the_door_opened_is_asked_by_its_id_alone(cast):
    make_session(cast.client)
    ash = open_client(cast.river, cast.client.pk)

    sessions = Session.objects.visible_to(cast.river, client=ash)

    assert not asks_the_door(sessions)
    assert [s.client_id for s in sessions] == [cast.client.pk]


def test_another_user_asking_about_the_opened_client_gets_the_door_and_nothing(cast):
    make_session(cast.client)
    ash = open_client(cast.river, cast.client.pk)

    for someone in (cast.colleague, cast.other_supervisor, cast.outsider_therapist, cast.admin):
        sessions = Session.objects.visible_to(someone, client=ash)
        assert asks_the_door(sessions)
        assert not sessions.exists(), someone
        assert not Flag.objects.visible_to(someone, client=ash).exists()
        assert not may_read(someone, ash)


def test_a_client_fetched_without_the_door_gets_the_door(cast):
    make_session(cast.other_client)
    open_client(cast.river, cast.client.pk)  # the door opened Ash, not Noor
    noor = Client.objects.get(pk=cast.other_client.pk)  # the colleague's client

    sessions = Session.objects.visible_to(cast.river, client=noor)

    assert asks_the_door(sessions)
    assert not sessions.exists()
    assert not Note.objects.visible_to(cast.river, client=noor).exists()
    assert not may_read(cast.river, noor)


def test_the_same_record_fetched_another_way_is_not_taken_as_opened(cast):
    open_client(cast.river, cast.client.pk)
    same_row = Client.objects.get(pk=cast.client.pk)

    assert asks_the_door(Session.objects.visible_to(cast.river, client=same_row))


def test_a_new_request_forgets_what_the_last_one_opened(cast):
    ash = open_client(cast.river, cast.client.pk)
    forget_client()  # what the middleware does at the start of every request

    assert asks_the_door(Session.objects.visible_to(cast.river, client=ash))


def test_a_refused_door_opens_nothing(cast):
    from django.http import Http404

    ash = open_client(cast.river, cast.client.pk)
    with pytest.raises(Http404):
        open_client(cast.colleague, cast.client.pk)

    assert not Session.objects.visible_to(cast.colleague, client=ash).exists()


def test_a_supervisor_reads_only_signed_notes_of_the_opened_client(cast):
    signed = signed_note(cast, days_ago=10)
    draft_note(cast, days_ago=3)
    ash = open_client(cast.sam, cast.client.pk)

    notes = Note.objects.visible_to(cast.sam, client=ash)

    assert not asks_the_door(notes)
    assert list(notes) == [signed]


def test_the_therapist_reads_their_drafts_too(cast):
    signed = signed_note(cast, days_ago=10)
    draft = draft_note(cast, days_ago=3)
    ash = open_client(cast.river, cast.client.pk)

    assert set(Note.objects.visible_to(cast.river, client=ash)) == {signed, draft}


def test_the_shortcut_and_the_door_agree_on_what_each_role_reads(cast):
    signed_note(cast, days_ago=10)
    draft_note(cast, days_ago=3)
    make_check_in(cast.client)
    for who in (cast.river, cast.sam):
        fetched = Client.objects.get(pk=cast.client.pk)
        by_door = {
            "sessions": set(Session.objects.visible_to(who, client=fetched)),
            "notes": set(Note.objects.visible_to(who, client=fetched)),
            "check-ins": set(CheckIn.objects.visible_to(who, client=fetched)),
        }
        opened = open_client(who, cast.client.pk)
        by_id = {
            "sessions": set(Session.objects.visible_to(who, client=opened)),
            "notes": set(Note.objects.visible_to(who, client=opened)),
            "check-ins": set(CheckIn.objects.visible_to(who, client=opened)),
        }
        assert by_id == by_door and all(by_id.values()), who


def test_the_portal_client_reads_no_staff_notes_through_the_shortcut(cast):
    signed_note(cast, days_ago=10)
    ash = open_client(cast.client_user, cast.client.pk)

    assert not Note.objects.visible_to(cast.client_user, client=ash).exists()


def test_may_read_answers_the_opened_client_without_a_query(cast):
    ash = open_client(cast.river, cast.client.pk)

    with CaptureQueriesContext(connection) as queries:
        assert may_read(cast.river, ash)
    assert len(queries) == 0


def test_the_client_page_asks_the_door_once_and_its_cards_only_by_id(client, cast):
    signed_note(cast, days_ago=10)
    make_check_in(cast.client)
    for reader in (cast.river, cast.sam):
        client.force_login(reader)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(cast.client.get_absolute_url())
        assert page.status_code == 200
        sql = [q["sql"] for q in queries]
        # The records opened to the reader in an emergency: asked once, for every door.
        opened = [q for q in sql if q.startswith('SELECT "clients_emergencyaccess"."client_id"')]
        door = [q for q in sql if '"clients_client"' in q and q not in opened]
        assert len(door) == 1 and door[0].startswith('SELECT "clients_client"."id"'), door
        assert len(opened) == 1, opened


def test_another_therapists_client_page_is_still_a_404(client, cast):
    make_session(cast.other_client)
    client.force_login(cast.river)
    client.get(cast.client.get_absolute_url())  # a record River may open, opened first

    assert client.get(cast.other_client.get_absolute_url()).status_code == 404
