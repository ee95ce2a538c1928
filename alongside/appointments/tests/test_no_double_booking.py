"""Nothing double-booked: the database itself refuses two overlapping appointments of one
therapist (an exclusion constraint on PostgreSQL, triggers on SQLite)."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from alongside.appointments import records
from alongside.appointments.constraints import NAME
from alongside.appointments.models import Appointment, Status
from alongside.appointments.tests.objects import appointment, at


def _overlapping(cast, minutes_later=20, first=None, **extra):
    first = first or appointment(cast)
    starts = first.starts_at + timedelta(minutes=minutes_later)
    return Appointment(
        therapist=cast.river,
        client=extra.pop("client", cast.other_client),
        starts_at=starts,
        ends_at=starts + timedelta(minutes=50),
        **extra,
    )


def test_the_database_refuses_an_overlapping_appointment(cast):
    second = _overlapping(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_the_database_refuses_moving_one_onto_another(cast):
    first = appointment(cast)
    later = appointment(cast, starts_at=first.starts_at + timedelta(hours=2))
    later.starts_at, later.ends_at = first.starts_at, first.ends_at
    with pytest.raises(IntegrityError), transaction.atomic():
        later.save()


def test_back_to_back_appointments_are_fine(cast):
    _overlapping(cast, minutes_later=50).save()
    assert Appointment.objects.filter(therapist=cast.river).count() == 2


def test_a_cancelled_appointment_frees_its_time(cast):
    first = appointment(cast)
    first.status = Status.CANCELLED
    first.save()
    _overlapping(cast, minutes_later=0, first=first).save()
    assert Appointment.objects.holding().filter(therapist=cast.river).count() == 1


def test_another_therapist_may_see_someone_at_the_same_time(cast):
    appointment(cast)
    _overlapping(cast, minutes_later=0, therapist_id=cast.colleague.pk).save()


def test_booking_an_overlapping_series_keeps_nothing_of_it(cast):
    taken = appointment(cast, starts_at=at(days=15))
    with pytest.raises(records.DoubleBooked) as clash:
        records.book(
            cast.river,
            cast.client,
            taken.starts_at - timedelta(days=14),
            minutes=50,
            repeat="weekly",
            count=4,
        )
    assert clash.value.when == taken.starts_at
    assert Appointment.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers")
def test_the_sqlite_triggers_are_in_place_after_migrating(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{NAME}%"],
        )
        assert {row[0] for row in cursor.fetchall()} == {f"{NAME}_insert", f"{NAME}_update"}
