"""Free times a client may ask for: within the therapist's working hours, not on a day off,
not overlapping an appointment that holds its time, and with the practice's notice."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from alongside.accounts.timezones import zone_for
from alongside.appointments.models import Appointment, TimeOff, WorkingHours

DAYS_AHEAD = 21


def free_times(therapist, *, minutes: int, notice_hours: int, now=None, days=DAYS_AHEAD):
    """Start times (aware), in order, on the hour and half hour."""
    now = now or timezone.now()
    zone = zone_for(therapist)
    earliest = now + timedelta(hours=notice_hours)
    first_day = timezone.localtime(now, zone).date()
    hours = list(WorkingHours.objects.filter(therapist=therapist))
    off = list(TimeOff.objects.filter(therapist=therapist, last_day__gte=first_day))
    taken = list(
        Appointment.objects.holding()
        .filter(therapist=therapist, ends_at__gt=now)
        .values_list("starts_at", "ends_at")
    )
    times = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if any(o.first_day <= day <= o.last_day for o in off):
            continue
        for block in (h for h in hours if h.weekday == day.weekday()):
            times.extend(_in_block(day, block, zone, minutes, earliest, taken))
    return times


def _in_block(day: date, block, zone, minutes, earliest, taken):
    start = datetime.combine(day, block.starts, tzinfo=zone)
    end = datetime.combine(day, block.ends, tzinfo=zone)
    length = timedelta(minutes=minutes)
    while start + length <= end:
        if start >= earliest and not any(s < start + length and start < e for s, e in taken):
            yield start
        start += timedelta(minutes=30)
