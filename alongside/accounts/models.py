from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import gettext_lazy as _

from alongside.accounts.signals import sign_in_changed
from alongside.accounts.timezones import validate_time_zone
from alongside.core.fields import EncryptedCharField, EncryptedTextField
from alongside.core.languages import language_or_default


class Practice(models.Model):
    name = models.CharField(_("practice name"), max_length=200)
    # Empty: the site's TIME_ZONE. Each person may choose their own (User.time_zone).
    time_zone = models.CharField(
        _("practice time zone"), max_length=64, blank=True, validators=[validate_time_zone]
    )

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    CLIENT = "client", _("Client")
    THERAPIST = "therapist", _("Therapist")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Practice admin")


STAFF_ROLES = (Role.THERAPIST, Role.SUPERVISOR, Role.ADMIN)


class AccountManager(UserManager):
    def create_superuser(self, *args, **kwargs):
        """Refused: a Django superuser here would have no role (no home page) and no second
        factor. This is what `manage.py createsuperuser` calls, so it says what to use."""
        raise ValidationError(
            "Alongside has no superusers: they would have no role and skip the second "
            "factor. Make a practice admin instead: `alongside create_admin --email "
            "you@example.org --first-name Alex --site https://records.example.org` (or "
            "`python manage.py create_admin ...`). It emails an invitation to set the "
            "password, and the second factor is set up at first sign-in."
        )


class User(AbstractUser):
    """Anyone who signs in. What they may see follows from `role` and relationships,
    never from Django's is_staff / is_superuser flags, which grant nothing clinical here."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, null=True, blank=True)
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervisees",
        verbose_name=_("supervisor"),
        limit_choices_to={"role": Role.SUPERVISOR},
    )
    # A supervisor the practice admin named, waiting for the therapist to confirm. Only
    # `supervisor` opens records: a link the admin makes opens nothing until the supervisee
    # agrees on their own page (see accounts/privileges.py), so an admin can't give
    # themself (or an address they control) clinical access.
    proposed_supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_supervisees",
        limit_choices_to={"role": Role.SUPERVISOR},
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    # Empty: the practice's zone (accounts/timezones.py).
    time_zone = models.CharField(
        _("your time zone"), max_length=64, blank=True, validators=[validate_time_zone]
    )
    # The language pages, emails, check-in links and PDFs are made in for this person. Blank
    # until they (or, for a client, their therapist) choose: then the practice's default.
    # No `choices` here: adding a language to LANGUAGES must not need a migration.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Told of every emergency ("break-glass") access in the practice, by email, and may read
    # the list of them. It grants nothing else: an admin who is privacy officer still sees
    # no client record. Only staff can hold it (the staff form sets it).
    is_privacy_officer = models.BooleanField(
        _("privacy officer"),
        default=False,
        help_text=_(
            "Gets an email whenever someone opens a record in an emergency, and can review "
            "the list of emergency openings. It does not open any client record."
        ),
    )
    # Changed whenever sign-in security changes (second factor, recovery codes), which ends
    # every other session of this person: it is part of the session's auth hash.
    security_stamp = models.CharField(max_length=32, blank=True)

    objects = AccountManager()

    def __str__(self):
        return self.display_name

    def _get_session_auth_hash(self, secret=None):
        key_salt = "alongside.accounts.User.session_auth_hash"
        value = f"{self.password}|{self.security_stamp}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def renew_security_stamp(self):
        """End every other session of this person, and everything else acting as them
        (listeners of accounts.signals.sign_in_changed: their API tokens)."""
        self.security_stamp = get_random_string(32)
        self.save(update_fields=["security_stamp"])
        sign_in_changed.send(sender=User, user=self)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def preferred_language(self) -> str:
        """The language to make things in for this person, even when someone else asks."""
        return language_or_default(self.language)

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_therapist(self) -> bool:
        return self.role == Role.THERAPIST

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_practice_admin(self) -> bool:
        return self.role == Role.ADMIN


class SecondFactor(models.Model):
    """A time-based one-time-password (TOTP) authenticator app for one person."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="second_factor")
    secret = EncryptedCharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted: a code can't be used twice, even within its 30 seconds.
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"second factor for {self.user_id}"


class RecoveryCode(models.Model):
    """A single-use code for when the authenticator is lost; only its hash is kept.

    The code's first group is its `lookup` id, kept in the clear, so checking a code costs
    one password hash, not one per unused code. Codes made before the id was kept have an
    empty `lookup` and are checked one by one until they are replaced."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    lookup = models.CharField(max_length=16, blank=True, db_index=True)
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"recovery code {self.pk}"


class Passkey(models.Model):
    """A passkey or security key (WebAuthn credential) one person added as a second step.

    The name, credential id and public key are encrypted: the name is free text, and since
    the encryption is authenticated, someone who can write to the database but has no data key
    can't plant a public key of their own. A credential is looked up among its person's own
    passkeys (the person is known at the second step), so nothing here needs to be searchable.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    name = EncryptedCharField(_("name"), max_length=60)
    credential_id = EncryptedCharField(max_length=1400)  # base64url, as the browser sends it
    public_key = EncryptedTextField()  # base64url of the COSE key
    # The authenticator's own use counter; a count that goes backwards means a cloned key.
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.CharField(max_length=200, blank=True)  # comma-separated hints
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"passkey {self.pk}"


class SecondStepFailure(models.Model):
    """One wrong code (or refused passkey) at a second step, for the attempt limit: like
    sign-in, counted per person and address (see mfa.throttle)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="second_step_failures")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "ip_address", "at"])]

    def __str__(self):
        return f"second-step failure {self.user_id}"


class Invitation(models.Model):
    """A link to choose a sign-in name and password (clients and staff).

    Only the token's hash is kept. A link works while it is the person's newest one, unused,
    not withdrawn, not expired, the account is not turned off, and the account's address is
    still the one it was sent to (see accounts/invitations.py)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = EncryptedCharField(max_length=254)
    sent_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"invitation {self.pk} for {self.user_id}"


class PasswordReset(models.Model):
    """A "forgot my password" link. As with invitations, only the token's hash is kept; a
    link works once, for an hour, while it is the person's newest one and the account's
    address is still the one it went to (see accounts/resets.py)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_resets")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = EncryptedCharField(max_length=254)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"password reset {self.pk} for {self.user_id}"


class ResetAsk(models.Model):
    """One "forgot my password" asked from an address, kept an hour so that one address can
    ask only so many times (accounts/resets.py). Counted here, not in a cache: each server
    process had a cache of its own, so the limit was as many times weaker as there were
    workers. The address is kept only as a keyed hash, enough to count and no more."""

    address_key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["address_key", "at"])]

    def __str__(self):
        return f"reset asked at {self.at:%Y-%m-%d %H:%M}"


class AddressProof(models.Model):
    """The email address a client has shown is theirs, and whether staff changed the one on
    their record since (see accounts/addresses.py).

    A client's password-reset links go to the address on their record, which their therapist
    can change; they go only to an address the client proved (an invitation or reset link
    reached it and they used it, or they confirmed it while signed in). Encrypted like every
    address here: it says who the person is."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="address_proof")
    address = EncryptedCharField(max_length=254, blank=True)
    proved_at = models.DateTimeField(null=True, blank=True)
    # Someone other than the client changed the address on their record: the client is told
    # at their next sign-in. Cleared when they prove an address.
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"address proof for {self.user_id}"


class AddressConfirmation(models.Model):
    """A link a signed-in client asked for, to show an address is theirs. As with resets,
    only the token's hash is kept; it works once, for an hour, while it is the person's
    newest one and the address on their record is still the one it went to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="address_confirmations")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = EncryptedCharField(max_length=254)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"address confirmation {self.pk} for {self.user_id}"
