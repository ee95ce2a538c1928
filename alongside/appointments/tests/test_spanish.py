"""Appointments in Spanish: whole sentences with plural forms, words that agree with "cita",
and the pages a client and a therapist read, with no English left in what we wrote."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from alongside.appointments import feeds, records, reminders
from alongside.appointments.models import CalendarFeed, CancelledBy, Reminder, Status
from alongside.appointments.tests.objects import appointment, at

APP = Path(__file__).resolve().parent.parent
SPANISH = override_settings(LANGUAGES=[("en", "English"), ("es", "Español")])


def _times(count: int, *, video: bool) -> list[dict]:
    one = {"day": "martes 8 diciembre 2026", "time": "10:00", "zone": "America/Mexico_City"}
    return [{**one, "minutes": 50, "video": video} for _ in range(count)]


def _booked_email(count: int, *, video: bool = False) -> str:
    with translation.override("es"):
        return render_to_string(
            "appointments/email_booked.txt", {"times": _times(count, video=video), "moved": False}
        )


def test_the_booking_email_for_several_video_appointments_is_whole_spanish_sentences():
    body = _booked_email(2, video=True)
    assert "Tienes 2 citas reservadas:" in body
    line = "- martes 8 diciembre 2026, 10:00 (America/Mexico_City), 50 minutos, por videollamada"
    assert line in body
    assert "El archivo adjunto las añade a tu calendario." in body
    assert "Para verlas o cambiarlas, entra en Alongside." in body
    for english in ("minutes", "by video", "booked", "sign in", "your calendar"):
        assert english not in body


def test_the_booking_email_for_one_appointment_uses_the_singular():
    body = _booked_email(1)
    assert "Tienes una cita reservada:" in body
    assert "50 minutos\n" in body and "videollamada" not in body
    assert "El archivo adjunto la añade a tu calendario." in body
    assert "Para verla o cambiarla, entra en Alongside." in body


def _speaks_spanish(cast):
    cast.client_user.language = "es"
    cast.client_user.save(update_fields=["language"])


def test_the_subject_of_a_booking_email_counts_the_appointments(
    cast, django_capture_on_commit_callbacks
):
    _speaks_spanish(cast)
    with django_capture_on_commit_callbacks(execute=True):
        records.book(cast.river, cast.client, at(days=7), minutes=50, repeat="weekly", count=2)
    (message,) = mail.outbox
    assert message.subject == "Tus citas están reservadas"


def test_a_booking_email_is_in_the_clients_language_not_the_therapists(
    cast, django_capture_on_commit_callbacks
):
    _speaks_spanish(cast)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        records.book(cast.river, cast.client, at(days=7), minutes=50)
    (message,) = mail.outbox
    assert message.subject == "Tu cita está reservada"
    assert message.body.startswith("Tienes una cita reservada:\n")
    # The day in Spanish, lower case inside the line: "- lunes 14 de diciembre de 2026, 10:00"
    assert re.search(r"^- [a-záéíóú]+ \d+ de [a-z]+ de \d{4}, \d\d:\d\d ", message.body, re.M)
    calendar = message.attachments[0][1]
    assert "SUMMARY:Cita" in (calendar if isinstance(calendar, str) else calendar.decode())


def test_the_reminder_sent_from_cron_is_in_the_clients_language(cast):
    _speaks_spanish(cast)
    item = appointment(cast, starts_at=at(days=2, hour=15))
    reminders.plan_reminders(item)
    Reminder.objects.filter(appointment=item).update(due_at=timezone.now() - timedelta(minutes=1))
    call_command("send_reminders")
    (message,) = mail.outbox
    assert message.subject == "Recordatorio: tu cita"
    assert message.body.startswith("Un recordatorio: tienes una cita el ")
    assert "a las 15:00" in message.body


def test_a_client_who_chose_no_language_gets_the_practice_default(
    cast, django_capture_on_commit_callbacks
):
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        records.book(cast.river, cast.client, at(days=7), minutes=50)
    (message,) = mail.outbox
    assert message.subject == "Your appointment is booked"


def test_a_calendar_feed_speaks_its_owners_language_whatever_the_app_fetching_it_asks(cast):
    cast.river.language = "es"
    cast.river.save(update_fields=["language"])
    appointment(cast)
    feed = feeds.make(cast.river, show_names=True)[0]
    with translation.override("en"):
        body = feeds.render(feed).decode()
    assert "X-WR-CALNAME:Citas" in body
    assert "SUMMARY:Cita con Ash Canary" in body


def test_the_calendar_feed_help_text_is_found_in_the_catalog():
    with translation.override("es"):
        help_text = str(CalendarFeed._meta.get_field("show_names").help_text)
    assert help_text == "Si está desactivado, cada evento dice solo «Cita» y su hora."


def test_no_translatable_string_is_written_with_unicode_escapes():
    # xgettext copies a "\u201c" escape into the catalog as it is written, so the msgid never
    # matches the string Python builds and the text stays English.
    escaped = re.compile(r"""_\(\s*["'][^"']*\\u[0-9a-fA-F]{4}""")
    found = [
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if "tests" not in path.parts and escaped.search(path.read_text())
    ]
    assert found == []


def test_status_words_agree_with_cita():
    with translation.override("es"):
        labels = [str(Status(value).label) for value in ("booked", "happened", "cancelled")]
    assert labels == ["Reservada", "Realizada", "Cancelada"]


def test_who_cancelled_is_one_phrase_in_the_therapists_view(client, cast):
    cancelled = appointment(
        cast, starts_at=at(days=3), status=Status.CANCELLED, cancelled_by=CancelledBy.CLIENT
    )
    client.force_login(cast.river)
    url = reverse("appointments:detail", args=[cancelled.pk])
    assert "Cancelled by the client" in client.get(url).content.decode()
    with SPANISH:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cancelada por la persona cliente" in page


@pytest.mark.parametrize(
    ("name", "spanish"),
    [
        ("appointments:mine", "Tus citas"),
        ("appointments:my_ask", "Pedir una hora"),
        ("appointments:my_reminders", "Un recordatorio dice solo el día y la hora."),
    ],
)
def test_the_clients_appointment_pages_read_in_spanish(client, cast, name, spanish):
    appointment(cast, starts_at=at(days=2) + timedelta(hours=1))
    client.force_login(cast.client_user)
    with SPANISH:
        page = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert spanish in page
    for english in ("Your appointments", "Ask for a time", "Reminders", "Back"):
        assert f">{english}<" not in page
