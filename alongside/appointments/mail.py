"""Emails about appointments, through the practice's queued mail (alongside/ops/mail.py).

They hold a time, how you meet, and nothing else: no clinical content, no therapist-private
detail, no names beyond "your therapist", because an inbox is not always private. Each
booking email carries an .ics file (only "Appointment" and the time in it). Sent after the
transaction commits, so a booking that is rolled back sends nothing.

Each is written in the client's language (`languages.for_person`), not the language of
whoever booked or of the cron run: subject, dates, body and calendar file alike.
"""

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.timezones import zone_for, zone_name_for
from alongside.appointments import ics
from alongside.core import languages


def client_zone(client):
    return zone_for(client.user) if client.user_id else zone_for(client.therapist)


def client_zone_name(client) -> str:
    return zone_name_for(client.user) if client.user_id else zone_name_for(client.therapist)


def when(appointment) -> dict:
    local = timezone.localtime(appointment.starts_at, client_zone(appointment.client))
    return {
        "day": date_format(local, "WEEKDAY_DATE_FORMAT"),
        "time": date_format(local, "TIME_FORMAT"),
        "zone": client_zone_name(appointment.client),
        "minutes": appointment.minutes,
        "video": appointment.modality == "video",
    }


def _send(client, subject, template, context, attach=None):
    address = client.email
    if not address:
        return

    language = translation.get_language()  # the client's (see callers), kept for the commit

    def go():
        with translation.override(language):
            body = render_to_string(template, context)
            message = EmailMessage(subject, body, None, [address])
            if attach is not None:
                message.attach("appointment.ics", attach, "text/calendar")
            message.send()

    transaction.on_commit(go)


def booked(appointments, *, moved=False) -> None:
    first = appointments[0]
    with languages.for_person(first.client):
        if moved:
            subject = _("Your appointment has moved")
        else:
            subject = ngettext(
                "Your appointment is booked", "Your appointments are booked", len(appointments)
            )
        _send(
            first.client,
            subject,
            "appointments/email_booked.txt",
            {"times": [when(a) for a in appointments], "moved": moved},
            attach=ics.calendar(appointments),
        )


def declined(appointment) -> None:
    with languages.for_person(appointment.client):
        _send(
            appointment.client,
            _("About the time you asked for"),
            "appointments/email_declined.txt",
            {"when": when(appointment)},
        )


def cancelled(appointment) -> None:
    with languages.for_person(appointment.client):
        _send(
            appointment.client,
            _("Your appointment is cancelled"),
            "appointments/email_cancelled.txt",
            {"when": when(appointment)},
            attach=ics.calendar([appointment]),
        )


def offered(entry) -> None:
    local = timezone.localtime(entry.offered_start, client_zone(entry.client))
    with languages.for_person(entry.client):
        _send(
            entry.client,
            _("A sooner time has come free"),
            "appointments/email_offered.txt",
            {
                "day": date_format(local, "WEEKDAY_DATE_FORMAT"),
                "time": date_format(local, "TIME_FORMAT"),
            },
        )


def reminder_text(appointment) -> str:
    """The reminder's words (the email's body, and the text message), in the client's language."""
    with languages.for_person(appointment.client):
        return render_to_string("appointments/email_reminder.txt", {"when": when(appointment)})


def reminder(appointment) -> None:
    """Sent from cron (outside a request): straight to the mail backend."""
    with languages.for_person(appointment.client):
        message = EmailMessage(
            _("Reminder: your appointment"),
            reminder_text(appointment),
            None,
            [appointment.client.email],
        )
        message.attach("appointment.ics", ics.calendar([appointment]), "text/calendar")
    message.send()
