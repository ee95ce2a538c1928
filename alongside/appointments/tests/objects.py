"""Appointment objects about the cast's client (Ash, River's client) for tests, incl. the
access walk in tests/test_object_access.py."""

from datetime import time, timedelta

from django.utils import timezone

from alongside.appointments.models import (
    Appointment,
    CalendarFeed,
    Status,
    TimeOff,
    WaitingEntry,
    WorkingHours,
)

CANARY_REASON = "CANARY-APPOINTMENT-REASON"


def at(days=2, hour=10):
    """A time `days` from now at `hour`:00 in the active zone."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(
        timezone.datetime.combine(day, time(hour)), timezone.get_current_timezone()
    )


def appointment(cast, **extra) -> Appointment:
    found = Appointment.objects.filter(client=cast.client, status=Status.BOOKED).first()
    if found and not extra:
        return found
    starts = extra.pop("starts_at", at())
    fields = {
        "therapist": cast.river,
        "client": cast.client,
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=50),
        "reason": CANARY_REASON,
    }
    fields.update(extra)
    return Appointment.objects.create(**fields)


def requested(cast) -> Appointment:
    found = Appointment.objects.filter(client=cast.client, status=Status.REQUESTED).first()
    return found or appointment(
        cast, starts_at=at(days=4), status=Status.REQUESTED, asked_by_client=True
    )


def hours(cast) -> WorkingHours:
    return WorkingHours.objects.filter(therapist=cast.river).first() or (
        WorkingHours.objects.create(therapist=cast.river, weekday=0, starts=time(9), ends=time(17))
    )


def time_off(cast) -> TimeOff:
    day = timezone.localdate() + timedelta(days=30)
    return TimeOff.objects.filter(therapist=cast.river).first() or TimeOff.objects.create(
        therapist=cast.river, first_day=day, last_day=day
    )


def waiting(cast) -> WaitingEntry:
    return WaitingEntry.objects.filter(client=cast.client, ended_at__isnull=True).first() or (
        WaitingEntry.objects.create(client=cast.client, kind="sooner", added_at=timezone.now())
    )


def feed(user) -> CalendarFeed:
    from alongside.appointments.feeds import make

    return make(user, show_names=False)[0]
