"""Each client's last session date (Client.last_session_on), which the caseload and the
supervisor's view order by, follows their sessions however they change."""

import importlib
from datetime import date, timedelta

from django.apps import apps
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from alongside.appointments.tests.objects import appointment
from alongside.clients.models import Client
from alongside.notes import last_session
from alongside.notes.models import Modality, Session
from alongside.notes.tests.helpers import make_session


def last_session_on(client_record):
    return Client.objects.values_list("last_session_on", flat=True).get(pk=client_record.pk)


def _session_form(**data):
    return {
        "date": "2025-03-04",
        "minutes": 50,
        "modality": "video",
        "attendance": "attended",
        "version": 1,
        **data,
    }


def test_a_new_client_has_no_last_session(cast):
    assert last_session_on(cast.client) is None


def test_recording_a_session_sets_the_clients_last_session(client, cast):
    client.force_login(cast.river)
    url = reverse("notes:session_new", args=[cast.client.pk])
    assert client.post(url, _session_form(date="2025-03-04")).status_code == 302
    assert last_session_on(cast.client) == date(2025, 3, 4)
    assert client.post(url, _session_form(date="2025-02-01")).status_code == 302
    assert last_session_on(cast.client) == date(2025, 3, 4), "an older session changes nothing"
    assert last_session_on(cast.other_client) is None


def test_moving_the_latest_session_back_moves_the_last_session_back(client, cast):
    make_session(cast.client, date=date(2025, 3, 4))
    latest = make_session(cast.client, date=date(2025, 4, 1))
    assert last_session_on(cast.client) == date(2025, 4, 1)
    client.force_login(cast.river)
    url = reverse("notes:session_edit", args=[cast.client.pk, latest.pk])
    assert client.post(url, _session_form(date="2025-01-15")).status_code == 302
    assert last_session_on(cast.client) == date(2025, 3, 4)


def test_deleting_sessions_falls_back_to_the_one_before_then_to_none(cast):
    earlier = make_session(cast.client, date=date(2025, 3, 4))
    latest = make_session(cast.client, date=date(2025, 4, 1))
    latest.delete()
    assert last_session_on(cast.client) == date(2025, 3, 4)
    earlier.delete()
    assert last_session_on(cast.client) is None


def test_an_appointment_that_happened_sets_the_last_session(client, cast):
    item = appointment(cast, starts_at=timezone.now() - timedelta(hours=1))
    client.force_login(cast.river)
    assert client.post(reverse("appointments:happened", args=[item.pk])).status_code == 302
    assert last_session_on(cast.client) == timezone.localdate(item.starts_at)


def test_saving_the_record_from_a_copy_read_before_a_session_keeps_the_new_date(cast):
    read_before = Client.objects.get(pk=cast.client.pk)
    make_session(cast.client, date=date(2025, 4, 1))
    read_before.pronouns = "she/they"
    read_before.save()
    assert last_session_on(cast.client) == date(2025, 4, 1)
    assert Client.objects.get(pk=cast.client.pk).pronouns == "she/they"


def _bulk_sessions(cast):
    """Sessions written past the ORM's signals, as the load bench and the demo write them."""
    Session.objects.bulk_create(
        Session(client=who, date=day, modality=Modality.VIDEO)
        for who, day in [
            (cast.client, date(2025, 1, 6)),
            (cast.client, date(2025, 2, 3)),
            (cast.other_client, date(2024, 12, 2)),
        ]
    )


def test_refresh_sets_the_dates_of_sessions_written_in_bulk(cast):
    _bulk_sessions(cast)
    assert last_session_on(cast.client) is None  # bulk_create sends no signal
    last_session.refresh(Client.objects.filter(pk=cast.client.pk))
    assert last_session_on(cast.client) == date(2025, 2, 3)
    assert last_session_on(cast.other_client) is None, "only the clients asked for"
    last_session.refresh()
    assert last_session_on(cast.other_client) == date(2024, 12, 2)


def test_the_migration_fills_every_client_from_their_sessions(cast):
    migration = importlib.import_module("alongside.clients.migrations.0011_last_session_on")
    _bulk_sessions(cast)
    make_session(cast.other_client, date=date(2025, 5, 5))
    unseen = Client.objects.create(practice=cast.practice, therapist=cast.river, chosen_name="W")
    Client.objects.update(last_session_on=date(2020, 1, 1))
    migration.fill_last_session_on(apps, None)
    latest = dict(Client.objects.annotate(latest=Max("sessions__date")).values_list("pk", "latest"))
    assert dict(Client.objects.values_list("pk", "last_session_on")) == latest
    assert latest[cast.client.pk] == date(2025, 2, 3)
    assert latest[cast.other_client.pk] == date(2025, 5, 5)
    assert latest[unseen.pk] is None
