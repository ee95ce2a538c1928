"""Reminders: planned when an appointment is booked, sent by `alongside send_reminders`.

Each reminder is sent exactly once, even when two cron runs overlap: a run first *claims*
the rows it will send, atomically. On PostgreSQL it locks due rows with
SELECT ... FOR UPDATE SKIP LOCKED (a second run skips them rather than waiting); on SQLite
each row is claimed by UPDATE ... WHERE claimed_at IS NULL, which only one writer can win.
A claimed row is never claimed again, so a crash after claiming loses that reminder rather
than sending it twice: a repeated reminder is worse than a missing one.
"""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from alongside.appointments import sms
from alongside.appointments.models import Reminder, ReminderChoice, Status

DEFAULT_HOURS = (24,)
HOUR_CHOICES = (2, 24, 48)


def choice_for(client) -> ReminderChoice:
    return ReminderChoice.objects.filter(client=client).first() or ReminderChoice(
        client=client, hours_before=list(DEFAULT_HOURS)
    )


def plan_reminders(appointment) -> list[Reminder]:
    choice = choice_for(appointment.client)
    channels = []
    if choice.by_email and appointment.client.email:
        channels.append(Reminder.Channel.EMAIL)
    if choice.by_text and appointment.client.phone:
        channels.append(Reminder.Channel.TEXT)
    now = timezone.now()
    made = []
    for hours in choice.hours_before or DEFAULT_HOURS:
        due = appointment.starts_at - timedelta(hours=int(hours))
        if due <= now:
            continue
        for channel in channels:
            reminder, _created = Reminder.objects.get_or_create(
                appointment=appointment, channel=channel, due_at=due
            )
            made.append(reminder)
    return made


def _due(now):
    return Reminder.objects.filter(claimed_at__isnull=True, due_at__lte=now)


def claim(now, limit=200) -> list[int]:
    """Take due reminders for this run; no other run gets the same ones."""
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(
                _due(now)
                .select_for_update(skip_locked=True)
                .order_by("due_at", "pk")
                .values_list("pk", flat=True)[:limit]
            )
            Reminder.objects.filter(pk__in=ids).update(claimed_at=now)
        return ids
    claimed = []
    for pk in _due(now).order_by("due_at", "pk").values_list("pk", flat=True)[:limit]:
        if Reminder.objects.filter(pk=pk, claimed_at__isnull=True).update(claimed_at=now):
            claimed.append(pk)
    return claimed


def send_due(now=None) -> int:
    """Send every due reminder once; return how many went."""
    from alongside.appointments import mail

    now = now or timezone.now()
    sent = 0
    for reminder in Reminder.objects.filter(pk__in=claim(now)).select_related(
        "appointment__client__user", "appointment__client__therapist"
    ):
        appointment = reminder.appointment
        if appointment.status != Status.BOOKED or appointment.starts_at <= now:
            Reminder.objects.filter(pk=reminder.pk).update(skipped="not booked or past")
            continue
        if reminder.channel == Reminder.Channel.EMAIL:
            mail.reminder(appointment)
        elif not sms.send(appointment.client.phone, mail.reminder_text(appointment)):
            Reminder.objects.filter(pk=reminder.pk).update(skipped="no text provider")
            continue
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
        sent += 1
    return sent
