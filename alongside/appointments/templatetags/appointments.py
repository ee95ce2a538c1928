"""Small cards other pages include: the client's next appointment, the therapist's day."""

from datetime import datetime, time, timedelta

from django import template
from django.utils import timezone

from alongside.appointments.access import calendar_of
from alongside.appointments.models import Appointment, Status

register = template.Library()


@register.inclusion_tag("appointments/next_card.html", takes_context=True)
def next_appointment_card(context):
    user = context["request"].user
    upcoming = Appointment.objects.visible_to(user).upcoming(timezone.now())
    return {"next": upcoming.first() if getattr(user, "is_client", False) else None}


@register.inclusion_tag("appointments/today_card.html", takes_context=True)
def todays_appointments(context):
    user = context["request"].user
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min), zone)
    items = (
        calendar_of(user)
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .filter(status__in=(Status.REQUESTED, Status.BOOKED, Status.HAPPENED))
        .select_related("client")
    )
    return {"appointments": items}
