"""The doors read who a supervisor supervises and the records opened to a person in an
emergency once per request (`clients.models._supervisees_of`, `_emergency_for`); what is
kept must never outlive what it was read from."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.clients.emergency import grant
from alongside.clients.models import Client, EmergencyAccess
from alongside.core.scope import begin_request, forget_client

REASON = "Client called the duty line in crisis; I need their safety plan now."


def _opened_lookups(queries) -> int:
    return sum(q["sql"].startswith('SELECT "clients_emergencyaccess"."client_id"') for q in queries)


@pytest.fixture
def in_a_request():
    begin_request()
    yield
    forget_client()


def _sees(user, client) -> bool:
    return Client.objects.visible_to(user).filter(pk=client.pk).exists()


def test_a_page_asks_once_for_the_records_opened_in_an_emergency(client, cast):
    client.force_login(cast.river)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("clients:caseload")).status_code == 200
    assert _opened_lookups(queries) == 1


@pytest.mark.usefixtures("in_a_request")
def test_a_grant_opens_the_record_at_once_within_the_same_request(cast):
    assert not _sees(cast.colleague, cast.client)  # the list is read, and kept

    assert grant(cast.colleague, cast.client.pk, REASON) is not None

    assert _sees(cast.colleague, cast.client)


@pytest.mark.usefixtures("in_a_request")
def test_a_deleted_grant_closes_the_record_at_once(cast):
    access = grant(cast.colleague, cast.client.pk, REASON)
    assert access is not None and _sees(cast.colleague, cast.client)

    access.delete()

    assert not _sees(cast.colleague, cast.client)


@pytest.mark.usefixtures("in_a_request")
def test_what_is_kept_is_per_person(cast):
    grant(cast.colleague, cast.client.pk, REASON)
    assert _sees(cast.colleague, cast.client)

    assert not _sees(cast.outsider_therapist, cast.client)
    assert not _sees(cast.sam, cast.other_client)


def test_the_next_request_reads_the_list_again(client, cast):
    grant(cast.colleague, cast.client.pk, REASON)
    client.force_login(cast.colleague)
    assert client.get(cast.client.get_absolute_url()).status_code == 200

    # Ended behind the app's back (no save() to tell the doors): the next request sees it.
    EmergencyAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert client.get(cast.client.get_absolute_url()).status_code == 404


def test_outside_a_request_nothing_is_kept(cast):
    assert not _sees(cast.colleague, cast.client)
    EmergencyAccess.objects.bulk_create(  # no save(): nothing tells the doors
        [
            EmergencyAccess(
                user=cast.colleague,
                client=cast.client,
                reason=REASON,
                expires_at=timezone.now() + timedelta(minutes=5),
            )
        ]
    )

    assert _sees(cast.colleague, cast.client)


@pytest.mark.usefixtures("in_a_request")
def test_a_supervisor_named_within_the_request_sees_the_clients_at_once(cast):
    assert _sees(cast.sam, cast.client) and not _sees(cast.other_supervisor, cast.client)

    cast.river.supervisor = cast.other_supervisor
    cast.river.save()

    assert _sees(cast.other_supervisor, cast.client)
    assert not _sees(cast.sam, cast.client)


def test_the_next_request_reads_who_is_supervised_again(client, cast):
    client.force_login(cast.sam)
    assert client.get(cast.client.get_absolute_url()).status_code == 200

    User.objects.filter(pk=cast.river.pk).update(supervisor=None)  # no save(): no signal

    assert client.get(cast.client.get_absolute_url()).status_code == 404


def test_a_supervisors_page_asks_once_who_they_supervise(client, cast):
    client.force_login(cast.sam)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("clients:supervision")).status_code == 200
    asked = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "accounts_user"."id" AS "pk" FROM "accounts_user"')
        and '"supervisor_id"' in q["sql"]
    ]
    assert len(asked) == 1, asked
