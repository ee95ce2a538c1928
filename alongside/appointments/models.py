"""Appointments: planned meetings between a therapist and a client, before they become sessions.

Recurring appointments are stored one row per occurrence (made from an RFC 5545 rule by
python-dateutil), so each can be moved, cancelled, reminded of and checked against the
no-double-booking constraint on its own. That constraint lives in the database, not here:
see `constraints.py` (an exclusion constraint on PostgreSQL, triggers on SQLite).

Which client an appointment is with is clinical: every queryset is scoped through
`Client.objects.visible_to` / `editable_by`, and every write audited (records.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alongside.core.fields import EncryptedCharField, EncryptedTextField

REASON = 1000


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")


class Status(models.TextChoices):
    # A context, because these short words agree with "appointment" in languages with gender
    # ("reservada"), and another app's "Booked" may not.
    REQUESTED = "requested", _("Asked for, waiting for the therapist")
    BOOKED = "booked", pgettext_lazy("appointment status", "Booked")
    HAPPENED = "happened", pgettext_lazy("appointment status", "Happened")
    CANCELLED = "cancelled", pgettext_lazy("appointment status", "Cancelled")
    DECLINED = "declined", _("Not possible")


# Appointments that hold their time: no two of one therapist's may overlap.
HOLDING = (Status.REQUESTED, Status.BOOKED, Status.HAPPENED)


class CancelledBy(models.TextChoices):
    PRACTICE = "practice", _("The practice")
    CLIENT = "client", _("The client")


class Repeat(models.TextChoices):
    NONE = "", _("Only once")
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")


def _in_scope(user, *, write=False):
    """The row's client is one the user may see (or change): EXISTS, not IN, see of_clients."""
    from alongside.clients.models import Client, of_clients

    return of_clients(
        Client.objects.editable_by(user) if write else Client.objects.visible_to(user)
    )


class AppointmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(_in_scope(user))

    def editable_by(self, user):
        return self.filter(_in_scope(user, write=True))

    def holding(self):
        return self.filter(status__in=HOLDING)

    def upcoming(self, now):
        return self.filter(ends_at__gt=now, status__in=(Status.REQUESTED, Status.BOOKED))


class Series(models.Model):
    """The rule a recurring appointment was made from, kept to say "every week" on the page."""

    repeat = models.CharField(max_length=20, choices=Repeat.choices)
    count = models.PositiveSmallIntegerField()
    # Dates (ISO) left out of the series when it was made ("not on the 24th").
    skipped = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"series {self.pk}"


class Appointment(models.Model):
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="appointments"
    )
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    modality = models.CharField(
        _("how you meet"), max_length=20, choices=Modality.choices, default=Modality.IN_PERSON
    )
    # A link to the practice's own video tool: Alongside hosts no video.
    video_link = EncryptedCharField(_("video link"), max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    asked_by_client = models.BooleanField(default=False)
    cancelled_by = models.CharField(max_length=20, choices=CancelledBy.choices, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reason = EncryptedTextField(_("reason"), max_length=REASON, blank=True)
    moved_at = models.DateTimeField(null=True, blank=True)
    session = models.OneToOneField(
        "notes.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The iCalendar UID: the same event in every feed and email, never the database id.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointments_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["therapist", "starts_at"]),
            models.Index(fields=["client", "starts_at"]),
        ]

    def __str__(self):
        return f"appointment {self.pk}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_open(self) -> bool:
        return self.status in (Status.REQUESTED, Status.BOOKED)


class Booking(models.Model):
    """The practice's booking rules."""

    practice = models.OneToOneField(
        "accounts.Practice", on_delete=models.CASCADE, related_name="booking"
    )
    self_booking = models.BooleanField(
        _("clients may book a free time themselves"),
        default=False,
        help_text=_("When off, a time a client asks for waits for the therapist to confirm."),
    )
    minutes = models.PositiveSmallIntegerField(_("length of an appointment (minutes)"), default=50)
    notice_hours = models.PositiveSmallIntegerField(
        _("shortest notice for asking (hours)"), default=24
    )

    def __str__(self):
        return f"booking rules of {self.practice_id}"


class WorkingHours(models.Model):
    class Day(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Day.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="appointments_hours_order"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"


class TimeOff(models.Model):
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_off"
    )
    first_day = models.DateField(_("first day off"))
    last_day = models.DateField(_("last day off"))

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="appointments_time_off_order",
            )
        ]

    def __str__(self):
        return f"{self.first_day}-{self.last_day}"


class ReminderChoice(models.Model):
    """How and when a client wants to be reminded; they can turn reminders off."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="reminder_choice"
    )
    by_email = models.BooleanField(_("remind me by email"), default=True)
    by_text = models.BooleanField(_("remind me by text message"), default=False)
    # Hours before the appointment, e.g. [24] or [48, 2].
    hours_before = models.JSONField(default=list)

    def __str__(self):
        return f"reminder choice of {self.client_id}"


class Reminder(models.Model):
    """One reminder to send. `claimed_at` is set by exactly one sender (reminders.py)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="reminders")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    due_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "channel", "due_at"], name="appointments_reminder_once"
            )
        ]

    def __str__(self):
        return f"reminder {self.pk}"


class CalendarFeed(models.Model):
    """A private calendar address. Only the token's hash is kept; it is revoked by a date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    show_names = models.BooleanField(
        _("show names in my calendar"),
        default=False,
        help_text=_("Off: each event says only “Appointment” and its time."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"calendar feed {self.pk}"


class WaitingEntry(models.Model):
    """A client waiting for a first appointment, or for a sooner one."""

    class Kind(models.TextChoices):
        FIRST = "first", _("A first appointment")
        SOONER = "sooner", _("A sooner appointment")

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="waiting_entries"
    )
    kind = models.CharField(_("waiting for"), max_length=10, choices=Kind.choices)
    added_at = models.DateTimeField()
    # A freed time offered to them (a cancelled appointment's), until they take it or it goes.
    offered_start = models.DateTimeField(null=True, blank=True)
    offered_end = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return f"waiting {self.pk}"
