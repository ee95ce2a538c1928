"""Sessions and open notes.

A note belongs to one session. Its shared part (every section below, and the agreed
actions) is what the client reads once it is signed. The therapist's private reflections
are psychotherapy notes: a separate model with no reverse accessor from the note, reachable
only through `PrivateReflection.objects.readable_by(user)`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role
from alongside.core.fields import EncryptedTextField
from alongside.core.scope import opened_for

LONG_TEXT = 10_000
SHORT_TEXT = 2_000


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    CANCELLED_BY_CLIENT = "cancelled_client", _("Cancelled by client")
    CANCELLED_BY_THERAPIST = "cancelled_therapist", _("Cancelled by therapist")
    # Plain words only: not attending usually has a reason the service should hear about,
    # and a label that blames the client hides it.
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")


# Attendance where "what got in the way" makes sense to ask.
MISSED = {Attendance.CANCELLED_BY_CLIENT, Attendance.DID_NOT_ATTEND}


class Barrier(models.TextChoices):
    TRANSPORT = "transport", _("Transport")
    CHILDCARE = "childcare", _("Childcare")
    WORK_SHIFT = "work_shift", _("Work shift")
    HEALTH = "health", _("Health")
    COST = "cost", _("Cost")
    OTHER = "other", _("Other")


def _client_scope(user, *, write=False):
    from alongside.clients.models import Client

    return Client.objects.editable_by(user) if write else Client.objects.visible_to(user)


def _in_scope(user, *, write=False):
    from alongside.clients.models import of_clients

    return of_clients(_client_scope(user, write=write))


def _of_client(user, client):
    from alongside.clients.models import of_client

    return of_client(user, client)


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user, *, client=None):
        """Sessions of the clients `user` may read; with `client`, only that client's, asked
        cheaply when the door opened it for them in this request (clients.models.of_client)."""
        if client is not None:
            return self.filter(_of_client(user, client))
        return self.filter(_in_scope(user))

    def editable_by(self, user):
        return self.filter(_in_scope(user, write=True))


class Session(models.Model):
    """A meeting between client and therapist (attended or not)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=50)
    modality = models.CharField(_("how we met"), max_length=20, choices=Modality.choices)
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.ATTENDED
    )
    barrier = models.CharField(
        _("what got in the way"), max_length=20, choices=Barrier.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        # A client's sessions newest first, and their last one (kept on the client by
        # notes.last_session at every session save): one index step, not a walk through
        # all their sessions.
        indexes = [models.Index(fields=["client", "-date"], name="session_client_latest")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_modality_display()}"


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class Who(models.TextChoices):
    CLIENT = "client", _("Client")
    THERAPIST = "therapist", _("Therapist")
    TOGETHER = "together", _("Together")


class NoteQuerySet(models.QuerySet):
    def visible_to(self, user, *, client=None):
        """Staff reading notes: the therapist every note of their own caseload; anyone else
        who can open the record (a supervisor, emergency access) only signed notes: a draft
        is still its author's. Clients read through `released_to`.

        With `client`, only that client's notes, asked cheaply when the door opened it for
        `user` in this request (clients.models.of_client)."""
        role = getattr(user, "role", None)
        if role not in (Role.THERAPIST, Role.SUPERVISOR):
            return self.none()
        if client is not None and opened_for(user, client):
            # The door's own row for this request says whose caseload it is: no join.
            notes = self.filter(_of_client(user, client))
            return (
                notes if client.therapist_id == user.pk else notes.filter(status=NoteStatus.SIGNED)
            )
        notes = self.filter(_of_client(user, client) if client is not None else _in_scope(user))
        return notes.filter(models.Q(client__therapist=user) | models.Q(status=NoteStatus.SIGNED))

    def editable_by(self, user):
        return self.filter(_in_scope(user, write=True))

    def for_client(self, user):
        """The client's own signed notes, released or held back (the portal says which)."""
        if getattr(user, "role", None) != Role.CLIENT:
            return self.none()
        return self.filter(_in_scope(user), status=NoteStatus.SIGNED)

    def released_to(self, user):
        return self.for_client(user).filter(held_back=False)


class Note(models.Model):
    """The shared record of a session, written with the client in mind: they read it."""

    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="note")
    # The same client as the session's, kept here so every scope is one join away.
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agenda = EncryptedTextField(
        _("The client's agenda, in their own words"), max_length=LONG_TEXT, blank=True
    )
    systems = EncryptedTextField(
        _("Systems and experiences explored"), max_length=LONG_TEXT, blank=True
    )
    experiences = models.ManyToManyField(
        "context.Experience",
        blank=True,
        related_name="session_notes",
        verbose_name=_("Experiences explored"),
        help_text=_("Entries from the client's experiences that this session touched on."),
    )
    meanings = EncryptedTextField(
        _("Meanings and connections made"), max_length=LONG_TEXT, blank=True
    )
    strategies = EncryptedTextField(
        _("Resistance and resilience strategies named or practised"),
        max_length=LONG_TEXT,
        blank=True,
    )
    power = EncryptedTextField(
        _("Power and positionality in the room"), max_length=LONG_TEXT, blank=True
    )
    ruptures = EncryptedTextField(_("Ruptures and repairs"), max_length=LONG_TEXT, blank=True)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # SHA-256 of the signed content (see notes.signing); verify_notes recomputes it.
    content_hash = models.CharField(max_length=64, blank=True)
    # Open-notes law allows holding a note back, for a recorded reason, never silently:
    # the client's portal says that a note is held back.
    held_back = models.BooleanField(default=False)
    hold_reason = EncryptedTextField(
        _("Why you are holding this note back"), max_length=SHORT_TEXT, blank=True
    )
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-session__date", "-id"]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self):
        return f"Note {self.pk} ({self.session.date:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("notes:detail", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    @property
    def is_released(self) -> bool:
        return self.is_signed and not self.held_back


# The note's shared sections, in reading order. Each is a field on Note; the actions list
# and "this doesn't fit me" refer to these names.
SECTIONS = ("agenda", "systems", "meanings", "strategies", "power", "ruptures")
REFLEXIVE = ("power", "ruptures")


class AgreedAction(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="actions")
    text = EncryptedTextField(_("What we agreed"), max_length=SHORT_TEXT)
    who = models.CharField(_("Who will do it"), max_length=10, choices=Who.choices)
    done = models.BooleanField(_("Done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Action {self.pk} ({self.who})"


class Addendum(models.Model):
    """A later addition to a signed note. The note itself never changes once signed."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("Addendum"), max_length=LONG_TEXT)
    created_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = _("addenda")

    def __str__(self):
        return f"Addendum {self.pk} to note {self.note_id}"


class PrivateReflectionQuerySet(models.QuerySet):
    def readable_by(self, user):
        """The only door to psychotherapy notes: the author, or the one supervisor the author
        shared a reflection with while that person still supervises them. Nobody else:
        not the client, not other supervisors, not admins or superusers."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.THERAPIST:
            return self.filter(author=user)
        if user.role == Role.SUPERVISOR:
            return self.filter(shared_with=user, author__supervisor=user)
        return self.none()


class PrivateReflection(models.Model):
    """The therapist's own reflexive notes on a session (psychotherapy notes): kept apart
    from the record, never in the portal, exports, lists, search or reports."""

    # related_name="+": no `note.privatereflection_set` for a template to stumble on.
    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("Private reflection"), max_length=LONG_TEXT, blank=True)
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrivateReflectionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "author"], name="one_reflection_per_author")
        ]

    def __str__(self):
        return f"Private reflection {self.pk}"


class Reply(models.Model):
    """Something the client wrote about a note, and the therapist's answer."""

    reply = EncryptedTextField(_("Your reply"), max_length=SHORT_TEXT, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class Perspective(Reply):
    """The client's "my perspective" on a session, in their words, kept with the note."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="perspectives")
    text = EncryptedTextField(_("My perspective"), max_length=LONG_TEXT)

    class Meta(Reply.Meta):
        pass

    def __str__(self):
        return f"Perspective {self.pk} on note {self.note_id}"


class FlagSection(models.TextChoices):
    AGENDA = "agenda", _("What you wanted to talk about")
    SYSTEMS = "systems", _("What we talked about")
    MEANINGS = "meanings", _("What it means to you")
    STRATEGIES = "strategies", _("How you get through and push back")
    ACTIONS = "actions", _("What we agreed")
    POWER = "power", _("Power between us")
    RUPTURES = "ruptures", _("When things went wrong between us, and how we mended them")


class Flag(Reply):
    """A "this doesn't fit me": the client disagrees with a section, and says why."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="flags")
    section = models.CharField(_("Which part"), max_length=20, choices=FlagSection.choices)
    reason = EncryptedTextField(_("What doesn't fit, and why"), max_length=SHORT_TEXT)

    class Meta(Reply.Meta):
        pass

    def __str__(self):
        return f"Flag {self.pk} on note {self.note_id}"


class SupervisionComment(models.Model):
    """A supervisor's comment on a signed note: the therapist reads it, the client never."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="supervision_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("Supervision comment"), max_length=SHORT_TEXT)
    created_at = models.DateTimeField(default=timezone.now)
    # When the client's therapist first opened the note after the comment: until then the
    # comment waits on their caseload, so supervision is not missed.
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    waiting_kind = "supervision"  # how the caseload's waiting list words it

    def __str__(self):
        return f"Supervision comment {self.pk}"


class NotePolicy(models.Model):
    """Practice settings for notes, changed by the practice admin."""

    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE)
    allow_holding_back = models.BooleanField(
        _("Therapists may hold back a signed note from the client"),
        default=False,
        help_text=_(
            "Only where the law allows it, for example to prevent serious harm. "
            "The therapist must record a reason, and the client is told a note is held back."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Note policy for {self.practice}"

    @classmethod
    def holding_back_allowed(cls, practice) -> bool:
        return cls.objects.filter(practice=practice, allow_holding_back=True).exists()
