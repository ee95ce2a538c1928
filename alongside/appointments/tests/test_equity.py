"""Appointments' part of the equity report: who is cancelled on, and who waits longest."""

from datetime import timedelta

from django.utils import timezone

from alongside.appointments import equity, records
from alongside.appointments.models import WaitingEntry
from alongside.appointments.tests.objects import appointment, at
from alongside.clients.models import Client


def _period():
    today = timezone.localdate()
    return today - timedelta(days=30), today + timedelta(days=30)


def test_cancellations_are_counted_by_who_cancelled(cast):
    mine = appointment(cast, starts_at=at(days=2))
    theirs = appointment(cast, starts_at=at(days=3))
    appointment(cast, starts_at=at(days=4))
    records.cancel(cast.river, mine, by="practice", reason="")
    records.cancel(cast.client_user, theirs, by="client", reason="")
    counted = equity.cancellations(Client.objects.all(), *_period())
    assert counted == {
        cast.client.pk: {"appointments": 3, "cancelled_practice": 1, "cancelled_client": 1}
    }


def test_the_wait_runs_from_the_waiting_list_to_the_first_appointment(cast):
    first = at(days=2)
    WaitingEntry.objects.create(
        client=cast.client, kind="first", added_at=first - timedelta(days=14, hours=1)
    )
    appointment(cast, starts_at=first)
    assert equity.waits(Client.objects.all(), *_period()) == {cast.client.pk: 14}


def test_nobody_outside_the_counted_clients_is_included(cast):
    appointment(cast)
    counted = equity.cancellations(Client.objects.exclude(pk=cast.client.pk), *_period())
    assert counted == {}
