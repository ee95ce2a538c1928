"""When a recurring appointment happens: python-dateutil's RFC 5545 rules, in wall-clock time.

The rule runs on the local (naive) time in the therapist's zone and each occurrence is then
placed in that zone, so "Tuesdays at 10:00" stays 10:00 across a clock change.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule, rruleset

from alongside.appointments.models import Repeat

MAX_OCCURRENCES = 52
INTERVAL = {Repeat.WEEKLY: 1, Repeat.FORTNIGHTLY: 2}


def occurrences(
    first: datetime, zone: ZoneInfo, repeat: str, count: int, skipped=()
) -> list[datetime]:
    """The start of each occurrence, as aware datetimes; `skipped` dates are left out."""
    local = first.astimezone(zone).replace(tzinfo=None)
    if not repeat:
        return [local.replace(tzinfo=zone)]
    rules = rruleset()
    count = max(1, min(count, MAX_OCCURRENCES))
    rules.rrule(rrule(WEEKLY, interval=INTERVAL[repeat], dtstart=local, count=count))
    for day in skipped:
        day = day if isinstance(day, date) else date.fromisoformat(day)
        rules.exdate(datetime.combine(day, local.time()))
    return [when.replace(tzinfo=zone) for when in rules]
