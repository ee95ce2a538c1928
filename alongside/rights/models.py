"""Data rights: corrections the client asks for, the end of the work (discharge), the
practice's retention rule, and erasure requests.

An erasure request keeps the client's id as a plain number, not a foreign key: when the
whole record goes, the fact that it was erased (when, on whose request, under which rule)
stays, without any content.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.core.fields import EncryptedCharField, EncryptedTextField

TEXT = 4000


class Part(models.TextChoices):
    PROFILE = "profile", _("Your details")
    NOTE = "note", _("A session note")
    FORMULATION = "formulation", _("Your story")
    EXPERIENCES = "experiences", _("What has happened (experiences)")
    MAP = "map", _("Your map")
    CHECK_INS = "check_ins", _("Check-ins")
    OTHER = "other", _("Something else")


class CorrectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from alongside.clients.models import Client, of_clients

        return self.filter(of_clients(Client.objects.visible_to(user)))

    def editable_by(self, user):
        from alongside.clients.models import Client, of_clients

        return self.filter(of_clients(Client.objects.editable_by(user)))

    def open(self):
        return self.filter(status=Correction.Status.OPEN)


class Correction(models.Model):
    """The client asks for part of their record to be corrected. The therapist accepts it
    (and the change is made) or declines it with a reason the client reads. Either way the
    request and the answer stay on the record, and go out in every export."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for your therapist")
        ACCEPTED = "accepted", _("Accepted: the record was changed")
        DECLINED = "declined", _("Not changed")

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    part = models.CharField(_("Which part of your record"), max_length=20, choices=Part.choices)
    note = models.ForeignKey(
        "notes.Note",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Which session note"),
    )
    text = EncryptedTextField(_("What is wrong, and what it should say"), max_length=TEXT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = EncryptedTextField(_("Your answer"), max_length=TEXT, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"correction {self.pk} ({self.status})"


class RetentionRule(models.Model):
    """How long a practice must keep a record after the work ends (set by the practice
    admin; rights.retention has the documented defaults)."""

    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE)
    years_after_last_contact = models.PositiveSmallIntegerField(
        _("Keep records this many years after the last contact"), default=20
    )
    age_of_majority = models.PositiveSmallIntegerField(_("Age of majority"), default=18)
    minor_keep_until_age = models.PositiveSmallIntegerField(
        _("For someone who was a child: keep at least until this birthday"),
        default=25,
        help_text=_("0 for no such rule."),
    )
    minor_years_after_majority = models.PositiveSmallIntegerField(
        _("For someone who was a child: keep at least this many years after they came of age"),
        default=0,
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"retention rule for {self.practice}"


class EndOfWork(models.Model):
    """The therapist ended the work with this client (discharge). The date of birth is
    asked for only to apply the rule for people who were children."""

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="+")
    ended_on = models.DateField(_("Last day of the work"))
    birth_date = EncryptedCharField(
        _("Date of birth (only if they were under 18 during the work)"),
        max_length=10,
        blank=True,
        help_text=_("YYYY-MM-DD. Used only to work out how long the record must be kept."),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"ended {self.ended_on}"


class Erasure(models.Model):
    """One erasure request and what came of it. No content: ids, dates and the rule."""

    class Outcome(models.TextChoices):
        ALL = "all", _("Everything was erased")
        PART = "part", _("Some was erased; the rest must be kept for now")

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE)
    client_ref = models.PositiveBigIntegerField(db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_client = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    keep_until = models.DateField(null=True, blank=True)
    rule = models.CharField(max_length=200)  # the rule as applied, in words (no content)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"erasure of client {self.client_ref} ({self.outcome})"
