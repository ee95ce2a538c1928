from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role, User
from alongside.accounts.validators import validate_one_address
from alongside.core.fields import EncryptedCharField, EncryptedTextField
from alongside.core.indexes import NullsLastIndex
from alongside.core.scope import forget_per_request, opened_for, per_request


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one door to client records: deny by default, scope by role and relationship.

        Practice admins and superusers get nothing here: account work needs no clinical data.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.THERAPIST:
            return self.filter(models.Q(therapist=user) | models.Q(pk__in=_emergency_for(user)))
        if user.role == Role.SUPERVISOR:
            return self.filter(
                models.Q(therapist__in=_supervisees_of(user))
                | models.Q(pk__in=_emergency_for(user))
            )
        if user.role == Role.CLIENT:
            return self.filter(user=user)
        return self.none()

    def editable_by(self, user):
        """Records a user may change: a therapist their own caseload. Supervisors and
        emergency access only read."""
        if getattr(user, "role", None) == Role.THERAPIST and user.is_active:
            return self.filter(therapist=user)
        return self.none()


def of_clients(clients, field: str = "client_id"):
    """A filter: the row's `field` is one of `clients` (a door's queryset), as EXISTS. An
    `IN (...)` would have SQLite list every client in scope, thousands on a large caseload,
    for each query, even one about a single client; EXISTS asks about the row's own client.
    """
    return models.Exists(clients.filter(pk=models.OuterRef(field)))


def of_client(user, client, field: str = "client_id") -> models.Q:
    """A filter: the row's `field` is `client`, and `user` may read that client.

    Each card on the client page asks about one client, the one `clients.access.open_client`
    has just let this user open; the door's answer for that request is known, so the card
    asks only `field = client.pk`. Embedding the door's subquery again in every card's query
    cost more to build (a few nested subqueries each, 0.5 to 1 ms of Python) than to run.

    The shortcut is taken only for the very client object the door returned, for the same
    user, in this request (`core.scope.opened_for`); a client fetched any other way, or
    another user, gets the whole door as well as the id, so a card never shows more than
    `of_clients(Client.objects.visible_to(user))` would.
    """
    only_this = models.Q(**{field: client.pk})
    if opened_for(user, client):
        return only_this
    return only_this & models.Q(of_clients(Client.objects.visible_to(user), field))


def _supervisees_of(user) -> list[int]:
    """The therapists `user` supervises in their practice, read once per request: as a list
    of ids the database looks the clients up by therapist, where the join to each client's
    therapist made PostgreSQL gather every client of the team for each query."""

    def supervisees():
        people = User.objects.filter(supervisor=user, practice=user.practice)
        return list(people.values_list("pk", flat=True))

    return per_request(("supervisees", user.pk, user.practice_id), supervisees)


def supervisees(user) -> list:
    """The active therapists `user` supervises, by first name: the blocks of the supervision
    view and of what waits for review, read once per request."""

    def active():
        people = User.objects.filter(supervisor=user, practice=user.practice, is_active=True)
        return list(people.order_by("first_name", "pk"))

    return per_request(("active supervisees", user.pk, user.practice_id), active)


def _emergency_for(user) -> list[int]:
    """The records opened to `user` by emergency access now, read once per request: every
    door asks, and as a list (nearly always empty) the database can walk the caseload's
    indexes, where "own clients OR in this subquery" made PostgreSQL read every row."""

    def opened_now():
        return list(
            EmergencyAccess.objects.filter(
                user=user, expires_at__gt=timezone.now(), client__practice=user.practice
            ).values_list("client_id", flat=True)
        )

    return per_request(("emergency", user.pk, user.practice_id), opened_now)


class NamingStyle(models.TextChoices):
    # The labels say which way round the words go and name no condition: shown on the
    # client's profile, an example like "an autistic person" read as a label on them.
    PERSON_FIRST = "person_first", _("Person first: the person before the diagnosis or disability")
    IDENTITY_FIRST = "identity_first", _("Identity first: the identity before the word “person”")


class Client(models.Model):
    """A person the practice works with, described as they describe themselves."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.PROTECT)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_record",
    )
    chosen_name = EncryptedCharField(
        _("name they use"),
        max_length=120,
        help_text=_("The name the person wants to be called. Use this everywhere."),
    )
    # The blind index's bucket of the name ("key id:digest" of its first letter; see
    # clients.name_index): what lets the caseload list names A to Z. Never the name.
    name_bucket = models.CharField(max_length=50, blank=True, default="", editable=False)
    pronouns = EncryptedCharField(_("pronouns"), max_length=60, blank=True)
    language = EncryptedCharField(
        _("preferred language"), max_length=60, blank=True, help_text=_("In their words.")
    )
    email = EncryptedCharField(
        _("email"), max_length=254, blank=True, validators=[validate_one_address]
    )
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True)
    self_description = EncryptedTextField(
        _("how they describe themselves"),
        max_length=2000,
        blank=True,
        help_text=_("Identity and background in their own words, only what they chose to share."),
    )
    legal_name = EncryptedCharField(
        _("legal name (billing only)"),
        max_length=120,
        blank=True,
        help_text=_("Only if a payer needs it. Shown nowhere else."),
    )
    # Naming preferences: the language checker respects them in this client's notes.
    naming_style = EncryptedCharField(
        _("how to talk and write about them"),
        max_length=20,
        blank=True,
        choices=NamingStyle.choices,
        help_text=_(
            "If a diagnosis, disability or identity comes up, which way round the words go: "
            "for example “a person with a disability” or “a disabled person”. "
            "The language checker follows this in their notes."
        ),
    )
    own_terms = EncryptedTextField(
        _("words they use for themselves"),
        max_length=1000,
        blank=True,
        help_text=_(
            "One per line or separated by commas, e.g. Deaf, autistic, fat, queer, or "
            "“addict” in a 12-step sense. The language checker won't flag these."
        ),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    # The date of their latest session, kept by the notes app whenever a session is saved
    # or deleted (notes.last_session), so the caseload and the supervisor's view can order
    # thousands of clients by it through an index. Not secret: sessions keep it in plain.
    last_session_on = models.DateField(null=True, blank=True, editable=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            # Each therapist's clients, most recently seen first (the supervisor's view): a
            # page is a walk down this index, not a sort of every client.
            NullsLastIndex(
                fields=["therapist", "-last_session_on", "-id"], name="client_therapist_recent"
            ),
            # The caseload counts each therapist's clients per name bucket: read from this
            # index alone, not from the rows (PostgreSQL needs the id in it for that).
            models.Index(
                fields=["therapist", "name_bucket", "id"], name="client_therapist_bucket_id"
            ),
        ]

    def __str__(self):
        return self.chosen_name

    def save(self, *args, **kwargs):
        # The last session's date is the sessions' to keep: saving the record from a copy
        # read before a session was added must not put the older date back.
        if not (self._state.adding or args or kwargs.get("force_insert")) and (
            kwargs.get("update_fields") is None
        ):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.attname
                for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in deferred and f.name != "last_session_on"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("clients:detail", args=[self.pk])

    def own_terms_list(self) -> list[str]:
        parts = self.own_terms.replace(",", "\n").splitlines()
        return [p.strip() for p in parts if p.strip()]

    def naming_preferences(self):
        from alongside.language import NamingPreferences

        return NamingPreferences(
            identity_first=self.naming_style == NamingStyle.IDENTITY_FIRST,
            own_terms=tuple(self.own_terms_list()),
        )

    @property
    def has_portal_account(self) -> bool:
        return self.user is not None and self.user.has_usable_password()


class NameToken(models.Model):
    """One blind-index digest of a client's name (see clients.name_index): what lets the
    caseload search names without decrypting every row. No name in it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="name_tokens")
    kind = models.CharField(max_length=1)
    digest = models.CharField(max_length=32)
    key_id = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["digest", "client"])]

    def __str__(self):
        return f"name token of {self.client_id}"


class ClientActivityQuerySet(models.QuerySet):
    def unseen(self):
        return self.filter(seen_at__isnull=True)


class ClientActivity(models.Model):
    """Something the client did in the portal that their therapist should see ("new from
    client"): a comment, a proposed change, a "this doesn't fit me", a perspective on a note.

    Holds no clinical text: it points at the object that does, by type and id.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="activity")
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=120, help_text=_("Plain words, no clinical content."))
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    objects = ClientActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "seen_at"])]

    def __str__(self):
        return f"{self.kind} ({self.client_id})"


class EmergencyAccessQuerySet(models.QuerySet):
    def reviewable_by(self, user):
        """Emergency openings a privacy officer reviews: every one in their practice.
        Anyone else, superusers included, gets none."""
        if (
            not getattr(user, "is_authenticated", False)
            or not user.is_active
            or not user.is_privacy_officer
            or user.role == Role.CLIENT
            or user.practice_id is None
        ):
            return self.none()
        return self.filter(client__practice_id=user.practice_id)


class EmergencyAccess(models.Model):
    """A clinician outside the care team opening one record for a limited time, with a reason.

    Granted only through `clients.emergency.grant`, which audits it and tells the client's
    therapist and the practice's privacy officers; the client sees it in "Who has seen my
    record".
    """

    MINUTES = 60

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="emergency_grants"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="emergency_grants")
    reason = EncryptedTextField(_("reason"), max_length=1000)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    # A privacy officer's review of the opening (clients.emergency.mark_reviewed): who,
    # when, and what they concluded, in their own words.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = EncryptedTextField(_("what you found"), max_length=1000, blank=True)

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self):
        return f"emergency access {self.user_id} -> {self.client_id}"


class PortalSeen(models.Model):
    """What the client has opened in the portal (a note, a letter, their plan) and at which
    version, so their home can mark everything else "new" until they open it. Holds no
    clinical text: a kind and an id."""

    class Kind(models.TextChoices):
        NOTE = "note", _("note")
        LETTER = "letter", _("letter")
        PLAN = "plan", _("plan")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="portal_seen")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    # The opened thing's own version (not an edit lock on this row), so a later change
    # makes it new again.
    seen_version = models.PositiveIntegerField(default=1)
    seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "kind", "object_id"], name="one_seen_row_per_thing"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} seen by client {self.client_id}"


@receiver([post_save, post_delete], sender=EmergencyAccess)
@receiver([post_save, post_delete], sender=settings.AUTH_USER_MODEL)
def _doors_read_again(**kwargs) -> None:
    """What the doors keep for a request (who supervises whom, what is open in an emergency)
    is read again after a grant or a person changes in that request."""
    forget_per_request()
