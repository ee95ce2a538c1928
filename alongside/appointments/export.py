"""Appointments in "everything we hold about you" (see core.export_registry): every appointment,
past and planned, with how it went (booked, cancelled and by whom, and the reason written),
the client's reminder choices and their place on the waiting list. JSON beside the bundle
and readable items for the PDF; rows come through Appointment.objects.visible_to(reader).

No `erase`: every appointment row cascades from the client row.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.appointments.models import Appointment, ReminderChoice, WaitingEntry
from alongside.core.export_registry import Item, Part


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def contribute(client, reader) -> list[Part]:
    rows = list(Appointment.objects.visible_to(reader).filter(client=client))
    choice = ReminderChoice.objects.filter(client=client).first()
    waiting = WaitingEntry.objects.filter(client=client)
    if not rows and choice is None and not waiting.exists():
        return []
    data = {
        "appointments": [
            {
                "id": a.pk,
                "starts": a.starts_at.isoformat(),
                "ends": a.ends_at.isoformat(),
                "how": a.modality,
                "status": a.status,
                "asked_by_you": a.asked_by_client,
                "cancelled_by": a.cancelled_by or None,
                "reason": a.reason,
                "moved_at": a.moved_at.isoformat() if a.moved_at else None,
            }
            for a in rows
        ],
        "reminders": (
            {
                "by_email": choice.by_email,
                "by_text": choice.by_text,
                "hours_before": choice.hours_before,
            }
            if choice
            else None
        ),
        "waiting_list": [
            {"waiting_for": w.kind, "since": w.added_at.isoformat(), "ended": bool(w.ended_at)}
            for w in waiting
        ],
    }
    items = [
        Item(
            heading=_("Appointment"),
            when=_when(a.starts_at),
            lines=[(_("Status"), str(a.get_status_display()))]
            + ([(_("Reason"), a.reason)] if a.reason else []),
        )
        for a in rows
    ]
    return [Part(key="appointments", title=_("Appointments"), data=data, items=items)]
