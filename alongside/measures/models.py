"""Check-ins: what a therapist asked for (Assignment), each occasion to answer (CheckIn), the
client's answers (Response) and the prompts they raise (Flag).

Answers, comments and repair notes are encrypted; scores are computed from the answers when
shown, never stored in clear. Every queryset with client data has `visible_to(user)` built on
`Client.objects.visible_to(user)`: the client, their therapist and the therapist's supervisor;
practice admins get nothing.
"""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.fields import EncryptedCharField, EncryptedTextField


class ClientScopedQuerySet(models.QuerySet):
    def visible_to(self, user, *, client=None):
        """Rows of the clients `user` may read; with `client`, only that client's, asked
        cheaply when the door opened it for them in this request (clients.models.of_client)."""
        from alongside.clients.models import Client, of_client, of_clients

        if client is not None:
            return self.filter(of_client(user, client))
        return self.filter(of_clients(Client.objects.visible_to(user)))

    def editable_by(self, user):
        from alongside.clients.models import Client, of_clients

        return self.filter(of_clients(Client.objects.editable_by(user)))


class Schedule(models.TextChoices):
    ONCE = "once", _("Once")
    BEFORE_SESSION = "before_session", _("Before each session")
    AFTER_SESSION = "after_session", _("After each session")
    EVERY_N_WEEKS = "every_n_weeks", _("Every few weeks")


class Assignment(models.Model):
    """A therapist asked the client to answer an instrument, once or on a schedule."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="measure_assignments"
    )
    instrument = models.CharField(_("questionnaire"), max_length=60)
    schedule = models.CharField(_("when"), max_length=20, choices=Schedule.choices)
    every_weeks = models.PositiveSmallIntegerField(_("every how many weeks"), null=True, blank=True)
    starts_on = models.DateField(_("starting"), default=timezone.localdate)
    email_links = models.BooleanField(
        _("email a link when one is due"),
        default=False,
        help_text=_("Only if the client has an email address. The link works once, for a week."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    objects = ClientScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.instrument} ({self.get_schedule_display()})"

    @property
    def active(self) -> bool:
        return self.stopped_at is None


class CheckInStatus(models.TextChoices):
    OPEN = "open", _("Waiting for answers")
    DONE = "done", _("Answered")
    LAPSED = "lapsed", _("Not answered in time")
    WITHDRAWN = "withdrawn", _("No longer asked")


class CheckIn(models.Model):
    """One occasion to answer: due on a date, perhaps tied to a session, perhaps with a link."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="check_ins")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="check_ins")
    instrument = models.CharField(max_length=60)
    session = models.ForeignKey(
        "notes.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    closes_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=CheckInStatus.choices, default="open")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # A link is a random token shown once; only its SHA-256 is kept.
    link_hash = models.CharField(max_length=64, blank=True, db_index=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    link_used_at = models.DateTimeField(null=True, blank=True)
    # When a link was last emailed to the client. The scheduled send looks at this, not at
    # whether it made the check-in itself: a portal visit may open the check-in first.
    link_emailed_at = models.DateTimeField(null=True, blank=True)

    objects = ClientScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "due_on"],
                condition=models.Q(session__isnull=True),
                name="measures_one_check_in_per_due_date",
            ),
            models.UniqueConstraint(
                fields=["assignment", "session"],
                condition=models.Q(session__isnull=False),
                name="measures_one_check_in_per_session",
            ),
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self):
        return f"{self.instrument} due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.status == CheckInStatus.OPEN


class Via(models.TextChoices):
    PORTAL = "portal", _("the portal")
    LINK = "link", _("a link")
    DEMO = "demo", _("demo data")


class ResponseQuerySet(ClientScopedQuerySet):
    def completed(self):
        return self.filter(submitted_at__isnull=False)


class Response(models.Model):
    """The client's answers to one check-in: a draft until they send it."""

    check_in = models.OneToOneField(CheckIn, on_delete=models.CASCADE, related_name="response")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="measure_responses"
    )
    instrument = models.CharField(max_length=60)
    questionnaire_version = models.CharField(max_length=20)
    # {linkId: code | integer | text | [codes]} as JSON, encrypted.
    answers_json = EncryptedTextField(default="{}")
    via = models.CharField(max_length=10, choices=Via.choices)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["client", "instrument", "submitted_at"])]

    def __str__(self):
        return f"{self.instrument} response {self.pk}"

    @property
    def answers(self) -> dict:
        return json.loads(self.answers_json or "{}")

    @answers.setter
    def answers(self, value: dict) -> None:
        self.answers_json = json.dumps(value, sort_keys=True)

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None


class FlagKind(models.TextChoices):
    RUPTURE = "rupture", _("Rupture prompt")
    SAFETY = "safety", _("Check in about safety")


class FlagQuerySet(ClientScopedQuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Flag(models.Model):
    """A prompt to the therapist raised by an answer, open until they record what they did."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=10, choices=FlagKind.choices)
    # The item that raised it (the lowest, for a rupture), and numbers for each item that
    # did: [{"item", "value", "average", "reason"}], all encrypted.
    item = EncryptedCharField(max_length=60)
    details_json = EncryptedTextField(default="[]")
    comment = EncryptedTextField(_("the client's comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    repair_note = EncryptedTextField(_("what you did"), max_length=4000, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "resolved_at"])]

    def __str__(self):
        return f"{self.kind} flag {self.pk}"

    @property
    def details(self) -> list[dict]:
        return json.loads(self.details_json or "[]")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def session_date(self):
        """The date of the session the answers were about, when the check-in had one.
        Callers select_related("response__check_in__session")."""
        session = self.response.check_in.session
        return session.date if session else None
