"""Advocacy letters written from the record with the client's informed, revocable consent.

Templates and the letterhead are practice data (not clinical). A `Letter` is clinical: its
text, recipient and purpose are encrypted, it is scoped through `Client.objects.visible_to`,
and every step is audited as object_type "letter". The facts in a letter are only those
the client picked (`LetterFact`); the consent is recorded like a FHIR R4 Consent
(`LetterConsent`): what, to whom, what for, until when, and its withdrawal.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role
from alongside.core.fields import EncryptedCharField, EncryptedTextField
from alongside.letters.placeholders import validate

BODY = 10000


class Kind(models.TextChoices):
    HOUSING_REPAIRS = "housing_repairs", _("Housing: repairs")
    DISABILITY_ADAPTATION = "disability_adaptation", _("Housing: disability adaptation")
    REHOUSING = "rehousing", _("Housing: rehousing")
    WORK = "work_accommodation", _("Work: reasonable adjustments")
    BENEFITS = "benefits", _("Benefits")
    SCHOOL = "school", _("School or college")
    IMMIGRATION = "immigration", _("Immigration support")
    GENERAL = "general", _("General letter of support")


class Letterhead(models.Model):
    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE)
    name = models.CharField(_("name at the top"), max_length=200)
    address = models.TextField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    footer = models.CharField(
        _("footer"), max_length=300, blank=True, help_text=_("e.g. a registration number")
    )

    def __str__(self):
        return self.name

    def snapshot(self) -> dict:
        return {f: getattr(self, f) for f in ("name", "address", "phone", "email", "footer")}


class LetterTemplateQuerySet(models.QuerySet):
    def for_practice(self, practice):
        """The practice's templates; the shipped ones are copied in the first time, so the
        admin edits the practice's own copies."""
        from alongside.letters.shipped import shipped_templates

        mine = self.filter(practice=practice)
        if practice is not None and not mine.exists():
            self.bulk_create(
                [
                    LetterTemplate(practice=practice, kind=kind, title=title, body=body)
                    for kind, title, body in shipped_templates()
                ]
            )
        return mine


class LetterTemplate(models.Model):
    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE)
    kind = models.CharField(_("kind of letter"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=BODY, validators=[validate])
    is_active = models.BooleanField(_("offer it to therapists"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LetterTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title", "id"]

    def __str__(self):
        return self.title


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    WITH_CLIENT = "with_client", _("Waiting for the client")
    CHANGES_ASKED = "changes_asked", _("The client asked for changes")
    APPROVED = "approved", _("Approved by the client")
    FINALISED = "finalised", _("Finalised")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


EDITABLE = [Stage.DRAFT, Stage.WITH_CLIENT, Stage.CHANGES_ASKED, Stage.APPROVED]

# The stages as the client reads them in the portal: about them, so in the second person.
CLIENT_STAGE_LABELS = {
    Stage.WITH_CLIENT: _("Waiting for you"),
    Stage.CHANGES_ASKED: _("You asked for changes"),
    Stage.APPROVED: _("You approved it"),
    Stage.WITHDRAWN: _("You withdrew your consent"),
}


class LetterQuerySet(models.QuerySet):
    def visible_to(self, user):
        from alongside.clients.models import Client, of_clients

        rows = self.filter(of_clients(Client.objects.visible_to(user)))
        if getattr(user, "role", None) == Role.CLIENT:
            # A draft the therapist hasn't sent yet is still theirs to work on.
            rows = rows.exclude(stage=Stage.DRAFT, sent_at__isnull=True)
        return rows

    def editable_by(self, user):
        from alongside.clients.models import Client, of_clients

        if getattr(user, "role", None) == Role.CLIENT:
            return self.visible_to(user)
        return self.filter(of_clients(Client.objects.editable_by(user)))


class Letter(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="letters")
    template = models.ForeignKey(LetterTemplate, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(_("kind of letter"), max_length=30, choices=Kind.choices)
    recipient = EncryptedCharField(
        _("to whom"), max_length=300, help_text=_("e.g. Riverside Council, Repairs team")
    )
    purpose = EncryptedTextField(
        _("what it is for"),
        max_length=500,
        help_text=_("Say only what the purpose needs, e.g. “repairs to the damp bedroom”."),
    )
    consent_until = models.DateField(
        _("consent lasts until"), help_text=_("After this date the letter can't be sent.")
    )
    body = EncryptedTextField(_("letter text"), max_length=BODY, validators=[validate])
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    number = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_version"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    final_text = EncryptedTextField(blank=True, max_length=BODY * 2)
    letterhead = models.JSONField(default=dict, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"letter {self.pk}"

    @property
    def locked(self) -> bool:
        return self.stage in (Stage.FINALISED, Stage.WITHDRAWN)

    @property
    def stage_for_client(self) -> str:
        return CLIENT_STAGE_LABELS.get(self.stage) or self.get_stage_display()

    @property
    def consent(self):
        """The consent now in force for this version, if any."""
        return self.consents.filter(status=ConsentStatus.ACTIVE).first()


class LetterFact(models.Model):
    """One item from the record that the client chose to put in the letter. Only picked
    items are stored; `source` says where it came from (e.g. "experience:12")."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="facts")
    source = models.CharField(max_length=60)
    label = EncryptedCharField(max_length=200)
    text = EncryptedTextField(max_length=6000)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]


class ConsentStatus(models.TextChoices):
    # FHIR R4 Consent.status: active, inactive. Why it became inactive is ours to keep.
    ACTIVE = "active", _("In force")
    WITHDRAWN = "withdrawn", _("Withdrawn by the client")
    SUPERSEDED = "superseded", _("Replaced: the letter changed after it was agreed")


class LetterConsent(models.Model):
    """The client's agreement to one letter, shaped like a FHIR R4 Consent:
    scope patient-privacy, category "disclosure", performer the client, a permit provision
    for the recipient (actor), the purpose, a period ending `until`, and the data (the
    letter's chosen facts and text, fixed by `text_digest`)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="consents")
    status = models.CharField(max_length=12, choices=ConsentStatus.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)
    recipient = EncryptedCharField(max_length=300)
    purpose = EncryptedTextField(max_length=500)
    until = models.DateField()
    facts = models.JSONField(default=list, help_text="the LetterFact sources agreed to")
    text_digest = models.CharField(max_length=64)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-id"]


class ChangeRequest(models.Model):
    """The client asking for changes: their words kept beside the text they were reading."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="change_requests")
    text = EncryptedTextField(_("what you would like changed"), max_length=2000)
    text_then = EncryptedTextField(max_length=BODY * 2)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
