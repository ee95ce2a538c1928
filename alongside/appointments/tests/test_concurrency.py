"""Two at once: two bookings of one time, two cron runs of send_reminders. Runs on SQLite
and on PostgreSQL (set DATABASE_URL), each thread with its own database connection."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from alongside.appointments import mail as appointment_mail
from alongside.appointments import records
from alongside.appointments.models import Appointment, Reminder
from alongside.appointments.tests.objects import at
from alongside.ops.tests.conftest import _audit_triggers_back, committed_db  # noqa: F401

pytestmark = pytest.mark.usefixtures("committed_db")

OVERLAP = 0.3  # seconds each write waits inside its transaction


def _at_once(work, n=2):
    barrier = threading.Barrier(n)
    results = {}

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - the result is the exception
            results[i] = error
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_bookings_of_one_time_at_once_one_is_booked_the_other_refused(cast, monkeypatch):
    audit = records.record

    def slow_audit(**kwargs):
        # Hold each booking's transaction open after its insert, so the two overlap.
        audit(**kwargs)
        time.sleep(OVERLAP)

    monkeypatch.setattr(records, "record", slow_audit)
    when = at(days=3, hour=11)
    clients = [cast.client, cast.client]

    results = _at_once(lambda i: records.book(cast.river, clients[i], when, minutes=50))

    booked = [r for r in results.values() if isinstance(r, list)]
    refused = [r for r in results.values() if isinstance(r, records.DoubleBooked)]
    assert (len(booked), len(refused)) == (1, 1), results
    assert Appointment.objects.holding().filter(therapist=cast.river).count() == 1


def test_two_runs_of_send_reminders_at_once_send_each_reminder_exactly_once(cast, monkeypatch):
    now = timezone.now()
    for n in range(12):
        appointment = Appointment.objects.create(
            therapist=cast.river,
            client=cast.client,
            starts_at=at(days=1, hour=8) + timedelta(hours=n),
            ends_at=at(days=1, hour=8) + timedelta(hours=n, minutes=50),
        )
        Reminder.objects.create(
            appointment=appointment, channel="email", due_at=now - timedelta(minutes=1)
        )
    send = appointment_mail.reminder

    def slow_send(appointment):
        time.sleep(0.02)  # a slow mail server: the two runs overlap while sending
        send(appointment)

    monkeypatch.setattr(appointment_mail, "reminder", slow_send)
    mail.outbox = []

    _at_once(lambda i: call_command("send_reminders"))

    assert len(mail.outbox) == 12
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 12
    bodies = sorted(m.body for m in mail.outbox)
    assert len(set(bodies)) == 12, "one reminder went out twice"
