"""iCalendar (RFC 5545) for feeds and booking emails, written with the `icalendar` package.

By default an event says only "Appointment" and its time: no names, no place, no link,
because a calendar is often shared with a phone, a partner or an employer. A person may
choose names in their own feed.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from alongside.appointments.models import Status

PRODID = "-//Alongside//Appointments//EN"


def calendar(appointments, *, names_for=None) -> bytes:
    """`names_for`: None for no names, "therapist" or "client" to name the other person."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Appointments"))
    for appointment in appointments:
        cal.add_component(event(appointment, names_for=names_for))
    return cal.to_ical()


def event(appointment, *, names_for=None) -> Event:
    item = Event()
    item.add("uid", f"{appointment.uid}@alongside")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", appointment.starts_at)
    item.add("dtend", appointment.ends_at)
    item.add("summary", _summary(appointment, names_for))
    cancelled = appointment.status in (Status.CANCELLED, Status.DECLINED)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def _summary(appointment, names_for) -> str:
    if names_for == "therapist":
        return _("Appointment with %(name)s") % {"name": appointment.client.chosen_name}
    if names_for == "client":
        return _("Appointment with %(name)s") % {"name": appointment.therapist.display_name}
    return _("Appointment")
