"""Private calendar feeds: a long random address per person, revocable; only its hash kept.

The address is shown once, when it is made. Anyone holding it can read the feed (that is
what calendar apps need), so by default an event says only "Appointment" and its time.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.appointments import ics
from alongside.appointments.models import Appointment, CalendarFeed, Status
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core import languages
from alongside.core.tokens import new_token, token_hash


def make(user, *, show_names: bool) -> tuple[CalendarFeed, str]:
    token = new_token()
    with transaction.atomic():
        feed = CalendarFeed.objects.create(
            user=user, token_hash=token_hash(token), show_names=show_names
        )
        record(actor=user, action=Action.CREATE, object_type="calendar_feed", object_id=feed.pk)
    return feed, token


def revoke(user, feed) -> None:
    with transaction.atomic():
        CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        record(actor=user, action=Action.DELETE, object_type="calendar_feed", object_id=feed.pk)


def find(token: str) -> CalendarFeed | None:
    if not token:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def appointments_for(user):
    now = timezone.now()
    if user.role == Role.THERAPIST:
        scope = Appointment.objects.editable_by(user).filter(therapist=user)
    elif user.role == Role.CLIENT:
        scope = Appointment.objects.visible_to(user)
    else:
        return Appointment.objects.none()
    return (
        scope.filter(ends_at__gt=now, status__in=(Status.BOOKED, Status.CANCELLED))
        .filter(starts_at__lt=now + timedelta(days=366))
        .select_related("client", "therapist")
    )


def render(feed) -> bytes:
    """In the feed owner's language: a calendar app fetches it with no language of its own."""
    user = feed.user
    names_for = None
    if feed.show_names:
        names_for = "therapist" if user.role == Role.THERAPIST else "client"
    with languages.for_person(user):
        return ics.calendar(appointments_for(user), names_for=names_for)
