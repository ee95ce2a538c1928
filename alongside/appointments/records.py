"""Every write to appointments: named functions, each in one transaction, audited with ids.

`DoubleBooked` means the database refused an overlapping time (constraints.py); nothing
of the attempted booking is kept.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from alongside.accounts.models import User
from alongside.accounts.timezones import zone_for
from alongside.appointments import mail, waiting
from alongside.appointments.models import (
    Appointment,
    Booking,
    CancelledBy,
    Modality,
    ReminderChoice,
    Series,
    Status,
)
from alongside.appointments.recurrence import occurrences
from alongside.appointments.reminders import plan_reminders
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.notes.models import Modality as SessionModality
from alongside.notes.models import Session

# How many upcoming times a client may hold that they asked for (or booked) themselves in the
# portal. Without a limit one client could take every free time in the calendar.
MAX_ASKED_AHEAD = 3


class TooManyAsked(Exception):
    """The client already holds MAX_ASKED_AHEAD upcoming times they asked for."""


class DoubleBooked(Exception):
    """The time overlaps another appointment of the same therapist."""

    def __init__(self, when: datetime):
        super().__init__(when.isoformat())
        self.when = when


def _audit(actor, action, appointment):
    record(
        actor=actor,
        action=action,
        object_type="appointment",
        object_id=appointment.pk,
        client_id=appointment.client_id,
    )


def booking_rules(practice) -> Booking:
    rules, _created = Booking.objects.get_or_create(practice=practice)
    return rules


def _hold_the_diary(therapist_id: int) -> None:
    """Take the therapist's row lock for the rest of the transaction, so that bookings of one
    therapist's time go one after the other. Without it two overlapping inserts on
    PostgreSQL each wait for the other in the exclusion constraint's check, and one dies of
    a deadlock (a server error) instead of being told the time is taken. (SQLite's
    IMMEDIATE transactions already go one at a time.)"""
    list(User.objects.select_for_update().filter(pk=therapist_id).values_list("pk", flat=True))


def _save(appointment, **kwargs):
    """Save, turning the database's overlap refusal into DoubleBooked."""
    _hold_the_diary(appointment.therapist_id)
    try:
        with transaction.atomic():
            appointment.save(**kwargs)
    except IntegrityError as error:
        if "no_double_booking" in str(error) or "exclusion" in str(error).lower():
            raise DoubleBooked(appointment.starts_at) from error
        raise


def book(
    actor,
    client,
    starts_at: datetime,
    *,
    minutes: int,
    modality: str = Modality.IN_PERSON,
    video_link: str = "",
    repeat: str = "",
    count: int = 1,
    skipped=(),
    status: str = Status.BOOKED,
    asked_by_client: bool = False,
) -> list[Appointment]:
    """Book one appointment, or a weekly or fortnightly series of them, all or none."""
    therapist = client.therapist
    starts = occurrences(starts_at, zone_for(therapist), repeat, count, skipped)
    made = []
    with transaction.atomic():
        series = None
        if repeat:
            series = Series.objects.create(
                repeat=repeat, count=len(starts), skipped=[str(d) for d in skipped]
            )
        for start in starts:
            appointment = Appointment(
                therapist=therapist,
                client=client,
                series=series,
                starts_at=start,
                ends_at=start + timedelta(minutes=minutes),
                modality=modality,
                video_link=video_link if modality == Modality.VIDEO else "",
                status=status,
                asked_by_client=asked_by_client,
            )
            _save(appointment)
            _audit(actor, Action.CREATE, appointment)
            if status == Status.BOOKED:
                plan_reminders(appointment)
            made.append(appointment)
        if status == Status.BOOKED:
            mail.booked(made)
    return made


def ask(actor, client, starts_at: datetime) -> Appointment:
    """The client asks for a free time; booked at once if the practice allows self-booking."""
    rules = booking_rules(client.practice)
    status = Status.BOOKED if rules.self_booking else Status.REQUESTED
    with transaction.atomic():
        held = Appointment.objects.filter(client=client, asked_by_client=True).upcoming(
            timezone.now()
        )
        if held.count() >= MAX_ASKED_AHEAD:
            raise TooManyAsked
        (appointment,) = book(
            actor,
            client,
            starts_at,
            minutes=rules.minutes,
            status=status,
            asked_by_client=True,
        )
        waiting.taken(client, appointment)
        tell_therapist(
            client,
            kind="appointment",
            summary=gettext_lazy("booked a time")
            if rules.self_booking
            else gettext_lazy("asked for a time"),
            url=reverse("appointments:detail", args=[appointment.pk]),
        )
    return appointment


def confirm(actor, appointment) -> None:
    with transaction.atomic():
        appointment.status = Status.BOOKED
        _save(appointment, update_fields=["status"])
        _audit(actor, Action.UPDATE, appointment)
        plan_reminders(appointment)
        mail.booked([appointment])


def decline(actor, appointment, reason: str) -> None:
    with transaction.atomic():
        appointment.status = Status.DECLINED
        appointment.reason = reason
        appointment.save(update_fields=["status", "reason"])
        _audit(actor, Action.UPDATE, appointment)
        mail.declined(appointment)


def move(actor, appointment, starts_at: datetime, reason: str) -> None:
    with transaction.atomic():
        length = appointment.ends_at - appointment.starts_at
        appointment.starts_at, appointment.ends_at = starts_at, starts_at + length
        appointment.reason = reason
        appointment.moved_at = timezone.now()
        _save(appointment, update_fields=["starts_at", "ends_at", "reason", "moved_at"])
        _audit(actor, Action.UPDATE, appointment)
        appointment.reminders.filter(claimed_at__isnull=True).delete()
        plan_reminders(appointment)
        mail.booked([appointment], moved=True)


def cancel(actor, appointment, *, by: str, reason: str) -> None:
    """Cancel, saying who cancelled (the practice or the client), and offer the freed time
    to the first client waiting for this therapist."""
    with transaction.atomic():
        appointment.status = Status.CANCELLED
        appointment.cancelled_by = by
        appointment.cancelled_at = timezone.now()
        appointment.reason = reason
        appointment.save(update_fields=["status", "cancelled_by", "cancelled_at", "reason"])
        _audit(actor, Action.UPDATE, appointment)
        appointment.reminders.filter(claimed_at__isnull=True).delete()
        if by == CancelledBy.CLIENT:
            tell_therapist(
                appointment.client,
                kind="appointment",
                summary=gettext_lazy("cancelled an appointment"),
                url=reverse("appointments:detail", args=[appointment.pk]),
            )
        else:
            mail.cancelled(appointment)
        if appointment.starts_at > timezone.now():
            waiting.offer_freed_time(appointment)


def happened(actor, appointment) -> Session:
    """The appointment took place: it becomes a session, with its date and modality."""
    with transaction.atomic():
        local_day = timezone.localtime(appointment.starts_at, zone_for(appointment.therapist))
        session = Session.objects.create(
            client=appointment.client,
            date=local_day.date(),
            minutes=appointment.minutes,
            modality=(
                SessionModality.VIDEO
                if appointment.modality == Modality.VIDEO
                else SessionModality.IN_PERSON
            ),
        )
        record(
            actor=actor,
            action=Action.CREATE,
            object_type="session",
            object_id=session.pk,
            client_id=appointment.client_id,
        )
        appointment.status = Status.HAPPENED
        appointment.session = session
        appointment.save(update_fields=["status", "session"])
        _audit(actor, Action.UPDATE, appointment)
    return session


def choose_reminders(actor, client, *, by_email: bool, by_text: bool, hours: list[int]):
    with transaction.atomic():
        choice, _created = ReminderChoice.objects.get_or_create(client=client)
        choice.by_email, choice.by_text, choice.hours_before = by_email, by_text, sorted(hours)
        choice.save()
        record(
            actor=actor,
            action=Action.UPDATE,
            object_type="reminder_choice",
            object_id=choice.pk,
            client_id=client.pk,
        )
        now = timezone.now()
        for appointment in client.appointments.filter(status=Status.BOOKED, starts_at__gt=now):
            appointment.reminders.filter(claimed_at__isnull=True).delete()
            plan_reminders(appointment)
    return choice
