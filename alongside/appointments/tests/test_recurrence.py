"""Recurring appointments come from python-dateutil's rules, in the therapist's wall-clock time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from alongside.appointments import records
from alongside.appointments.models import Appointment
from alongside.appointments.recurrence import occurrences

LONDON = ZoneInfo("Europe/London")


def test_a_weekly_series_keeps_its_local_time_across_the_clock_change():
    first = datetime(2026, 10, 13, 10, 0, tzinfo=LONDON)  # BST; clocks go back on 25 Oct
    starts = occurrences(first, LONDON, "weekly", 4)
    assert [s.strftime("%Y-%m-%d %H:%M") for s in starts] == [
        "2026-10-13 10:00",
        "2026-10-20 10:00",
        "2026-10-27 10:00",
        "2026-11-03 10:00",
    ]
    assert {s.utcoffset().total_seconds() for s in starts} == {3600, 0}


def test_a_fortnightly_series_leaves_out_the_skipped_dates():
    first = datetime(2026, 12, 3, 17, 30, tzinfo=LONDON)
    starts = occurrences(first, LONDON, "fortnightly", 4, skipped=[date(2026, 12, 31)])
    assert [s.date().isoformat() for s in starts] == ["2026-12-03", "2026-12-17", "2027-01-14"]


def test_once_is_one_appointment():
    first = datetime(2026, 12, 3, 17, 30, tzinfo=LONDON)
    assert occurrences(first, LONDON, "", 10) == [first]


def test_booking_a_series_makes_one_appointment_per_occurrence_in_one_series(cast):
    cast.river.time_zone = "Europe/London"
    cast.river.save()
    made = records.book(
        cast.river,
        cast.client,
        datetime(2030, 1, 7, 10, 0, tzinfo=LONDON),
        minutes=50,
        repeat="weekly",
        count=3,
    )
    assert len(made) == 3
    assert Appointment.objects.filter(series=made[0].series).count() == 3
    assert made[2].starts_at == datetime(2030, 1, 21, 10, 0, tzinfo=LONDON)
    assert all(a.minutes == 50 for a in made)
