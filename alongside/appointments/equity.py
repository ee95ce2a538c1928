"""What appointments add to the equity report, per client id, in one query each.

Kept here, not in alongside/equity, so the report can take it up in one place
(`alongside.equity.metrics.facts`): cancellations by the practice and by the client, and how
long people waited from joining the waiting list to their first appointment. Like the rest
of the report, only counts and days leave: no names, no reasons.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from alongside.appointments.models import Appointment, CancelledBy, Status, WaitingEntry


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def cancellations(clients, since: date, until: date) -> dict[int, dict[str, int]]:
    """Per client: appointments in the period, and how many the practice or they cancelled."""
    end = _start(until) + timedelta(days=1)
    rows = (
        Appointment.objects.filter(client__in=clients, starts_at__gte=_start(since))
        .filter(starts_at__lt=end)
        .exclude(status__in=(Status.REQUESTED, Status.DECLINED))
        .values("client_id")
        .annotate(
            appointments=Count("id"),
            cancelled_practice=Count("id", filter=Q(cancelled_by=CancelledBy.PRACTICE)),
            cancelled_client=Count("id", filter=Q(cancelled_by=CancelledBy.CLIENT)),
        )
        .order_by()
    )
    return {
        row["client_id"]: {
            k: row[k] for k in ("appointments", "cancelled_practice", "cancelled_client")
        }
        for row in rows
    }


def waits(clients, since: date, until: date) -> dict[int, int]:
    """Per client whose first appointment after joining the waiting list fell in the period:
    the days they waited for it."""
    joined = dict(
        WaitingEntry.objects.filter(client__in=clients)
        .values("client_id")
        .annotate(first=Min("added_at"))
        .values_list("client_id", "first")
    )
    firsts = (
        Appointment.objects.filter(
            client_id__in=list(joined), status__in=(Status.BOOKED, Status.HAPPENED)
        )
        .values("client_id")
        .annotate(first=Min("starts_at"))
        .values_list("client_id", "first")
    )
    out = {}
    for client_id, first in firsts:
        waited_from = joined[client_id]
        if first < waited_from or not (since <= timezone.localdate(first) <= until):
            continue
        out[client_id] = (first - waited_from).days
    return out
