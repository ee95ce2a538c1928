"""The therapist's calendar: booking, the week and day, moving, cancelling, and an
appointment becoming a session."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.appointments.models import Appointment, Status
from alongside.appointments.tests.objects import CANARY_REASON, appointment, at
from alongside.audit.models import AuditEvent
from alongside.notes.models import Modality as SessionModality
from alongside.notes.models import Note


def _book(client, cast, **extra):
    data = {
        "client": cast.client.pk,
        "date": at(days=7).date().isoformat(),
        "time": "10:00",
        "minutes": "50",
        "modality": "in_person",
        "count": "1",
        **extra,
    }
    return client.post(reverse("appointments:new"), data)


def test_a_therapist_books_a_recurring_appointment_and_sees_it_in_the_week(client, cast):
    client.force_login(cast.river)
    response = _book(client, cast, repeat="weekly", count="3")
    assert response.status_code == 302
    assert Appointment.objects.filter(client=cast.client).count() == 3
    week = client.get(reverse("appointments:calendar"), {"date": at(days=7).date()})
    page = week.content.decode()
    assert "Ash Canary" in page
    assert "repeats" in page
    assert AuditEvent.objects.filter(object_type="appointment", action="create").count() == 3


def test_the_booking_email_carries_an_ics_file_and_no_clinical_words(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.river)
    with django_capture_on_commit_callbacks(execute=True):
        _book(client, cast)
    (message,) = mail.outbox
    assert message.to == ["ash@example.invalid"]
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("appointment.ics", "text/calendar")
    assert "SUMMARY:Appointment" in (content if isinstance(content, str) else content.decode())
    assert "Canary" not in message.body and "River" not in message.body


def test_a_double_booking_is_refused_next_to_the_form_and_nothing_is_kept(client, cast):
    appointment(cast, starts_at=at(days=7, hour=10))
    client.force_login(cast.river)
    response = _book(client, cast, time="10:30")
    assert response.status_code == 200
    assert "at 10:30 overlaps another of your appointments" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_a_video_appointment_needs_the_practices_own_link(client, cast):
    client.force_login(cast.river)
    response = _book(client, cast, modality="video")
    assert "Add the link to your video tool." in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_day_view_lists_only_that_day(client, cast):
    appointment(cast, starts_at=at(days=2, hour=9))
    appointment(cast, starts_at=at(days=3, hour=9))
    client.force_login(cast.river)
    page = client.get(reverse("appointments:day"), {"date": at(days=2).date()}).content.decode()
    assert page.count("Ash Canary") == 1


def test_a_colleague_sees_nothing_of_rivers_calendar(client, cast):
    appointment(cast)
    client.force_login(cast.colleague)
    page = client.get(reverse("appointments:calendar"), {"date": at().date()}).content.decode()
    assert "Ash Canary" not in page


def test_moving_an_appointment_keeps_its_length_and_the_reason(client, cast):
    item = appointment(cast)
    client.force_login(cast.river)
    new_day = at(days=9).date().isoformat()
    client.post(
        reverse("appointments:move", args=[item.pk]),
        {"date": new_day, "time": "14:00", "reason": "Train strike"},
    )
    item.refresh_from_db()
    assert timezone.localtime(item.starts_at).hour == 14
    assert item.minutes == 50
    assert item.reason == "Train strike"
    assert item.moved_at is not None


def test_cancelling_says_who_cancelled_and_frees_the_time(client, cast):
    item = appointment(cast)
    client.force_login(cast.river)
    client.post(reverse("appointments:cancel", args=[item.pk]), {"by": "practice", "reason": "Ill"})
    item.refresh_from_db()
    assert (item.status, item.cancelled_by) == (Status.CANCELLED, "practice")
    assert item.reason == "Ill"
    appointment(cast, starts_at=item.starts_at)  # the time is free again


def test_an_appointment_that_happened_becomes_a_session_with_its_date_and_modality(client, cast):
    item = appointment(
        cast,
        starts_at=timezone.now() - timedelta(hours=1),
        modality="video",
        video_link="https://video.example.org/r",
    )
    client.force_login(cast.river)
    response = client.post(reverse("appointments:happened", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == Status.HAPPENED
    session = item.session
    assert session.date == timezone.localdate(item.starts_at)
    assert session.modality == SessionModality.VIDEO
    assert session.minutes == 50
    note = Note.objects.get(session=session)
    assert response.url == reverse("notes:edit", args=[note.pk])


def test_the_reason_is_stored_encrypted(cast):
    from django.db import connection

    item = appointment(cast)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM appointments_appointment WHERE id = %s", [item.pk])
        (stored,) = cursor.fetchone()
    assert CANARY_REASON not in stored


def test_the_caseload_shows_todays_appointments(client, cast):
    soon = timezone.localtime() + timedelta(minutes=5)
    if soon.date() != timezone.localdate():  # just before midnight: use earlier today
        soon = timezone.localtime() - timedelta(hours=2)
    appointment(cast, starts_at=soon)
    client.force_login(cast.river)
    page = client.get(reverse("clients:caseload")).content.decode()
    assert 'id="today-appt-h"' in page
    assert reverse("appointments:detail", args=[Appointment.objects.get().pk]) in page
