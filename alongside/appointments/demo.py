"""Demo appointments: River's working week, a weekly series with Ash, a video appointment
and a request from Bea, someone on the waiting list. Called once from
alongside.demo.seed.seed(), inside its transaction."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.timezones import zone_for
from alongside.appointments import records, waiting
from alongside.appointments.models import Status, TimeOff, WorkingHours
from alongside.clients.models import Client


def _next(weekday: int, hour: int, zone, weeks_ahead=0):
    today = timezone.localdate(timezone.now(), zone)
    days = (weekday - today.weekday()) % 7 or 7
    day = today + timedelta(days=days + 7 * weeks_ahead)
    return datetime.combine(day, time(hour), tzinfo=zone)


def seed(practice):
    river = User.objects.get(username="river")
    zone = zone_for(river)
    for weekday in range(5):
        WorkingHours.objects.create(therapist=river, weekday=weekday, starts=time(9), ends=time(17))
    first_off = _next(4, 9, zone, weeks_ahead=3).date()
    TimeOff.objects.create(therapist=river, first_day=first_off, last_day=first_off)
    clients = {c.chosen_name: c for c in Client.objects.filter(practice=practice)}
    ash, bea = clients["Ash Fictional"], clients["Bea Sample"]
    # Tuesdays at 10:00, eight weeks, not in the fourth week.
    first = _next(1, 10, zone)
    records.book(
        river,
        ash,
        first,
        minutes=50,
        repeat="weekly",
        count=8,
        skipped=[(first + timedelta(weeks=3)).date()],
    )
    records.book(
        river,
        bea,
        _next(3, 14, zone),
        minutes=50,
        modality="video",
        video_link="https://video.example.org/room/demo-bea",
    )
    records.book(
        bea.user or river,
        bea,
        _next(2, 11, zone),
        minutes=50,
        status=Status.REQUESTED,
        asked_by_client=True,
    )
    waiting.add(ash, "sooner")
