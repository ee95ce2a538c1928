"""The collaborative formulation (PTMF and narrative sections), its versions, and the
client's feedback on it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.context.models.common import LONG_TEXT, Immutable, ScopedQuerySet, Visibility
from alongside.context.models.experiences import Experience
from alongside.core.fields import EncryptedTextField


class Section(models.TextChoices):
    HAPPENED = "happened", _("What has happened to you?")
    AFFECTED = "affected", _("How did it affect you?")
    SENSE = "sense", _("What sense did you make of it?")
    SURVIVE = "survive", _("What did you have to do to survive?")
    STRENGTHS = "strengths", _("What are your strengths?")
    STORY = "story", _("What is your story?")
    PROBLEM_NAME = "problem_name", _("The problem's name, in your words")
    PROBLEM_EFFECTS = "problem_effects", _("What the problem does to your life")
    UNIQUE_OUTCOMES = "unique_outcomes", _("Times the problem did not win")


PTMF_SECTIONS = [
    Section.HAPPENED,
    Section.AFFECTED,
    Section.SENSE,
    Section.SURVIVE,
    Section.STRENGTHS,
    Section.STORY,
]
NARRATIVE_SECTIONS = [Section.PROBLEM_NAME, Section.PROBLEM_EFFECTS, Section.UNIQUE_OUTCOMES]


class FormulationQuerySet(ScopedQuerySet):
    pass


class Formulation(models.Model):
    """A client's formulation: a shared story in PTMF terms. There is no diagnosis here."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="formulation"
    )
    visibility = models.CharField(
        _("who may read this"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FormulationQuerySet.as_manager()

    def __str__(self):
        return f"formulation {self.client_id}"


class FormulationSection(models.Model):
    formulation = models.ForeignKey(Formulation, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=Section.choices)
    text = EncryptedTextField(_("text"), max_length=LONG_TEXT, blank=True)
    experiences = models.ManyToManyField(
        Experience, blank=True, related_name="sections", verbose_name=_("linked experiences")
    )
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["formulation", "key"], name="context_section_once")
        ]

    def __str__(self):
        return self.get_key_display()


class FormulationVersion(Immutable):
    """The whole formulation as it stood after one save (encrypted JSON of section texts)."""

    class Reason(models.TextChoices):
        EDIT = "edit", _("edited")
        ACCEPTED = "accepted", _("accepted a change the client proposed")

    formulation = models.ForeignKey(Formulation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    section = models.CharField(max_length=20, choices=Section.choices)
    snapshot = EncryptedTextField()
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.EDIT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["formulation", "number"], name="context_formulation_version_once"
            )
        ]

    def __str__(self):
        return f"v{self.number}"

    @property
    def texts(self) -> dict:
        import json

        return json.loads(self.snapshot or "{}")


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(formulation__in=Formulation.objects.visible_to(user))

    def open(self):
        return self.filter(status=Feedback.Status.OPEN)


class Feedback(models.Model):
    """What the client said about a section: a comment, a proposed change, or "this
    doesn't fit me". Never edited away: the therapist accepts or answers beside it."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        PROPOSAL = "proposal", _("Proposed change")
        DOESNT_FIT = "doesnt_fit", _("This doesn't fit me")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the therapist")
        ACCEPTED = "accepted", _("Accepted")
        ANSWERED = "answered", _("Answered")

    formulation = models.ForeignKey(Formulation, on_delete=models.CASCADE, related_name="feedback")
    section = models.CharField(max_length=20, choices=Section.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = EncryptedTextField(_("what you want to say"), max_length=LONG_TEXT, blank=True)
    proposed_text = EncryptedTextField(
        _("how you would write it"), max_length=LONG_TEXT, blank=True
    )
    section_version = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reply = EncryptedTextField(_("your answer"), max_length=LONG_TEXT, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.kind} on {self.section}"

    @property
    def is_disagreement(self) -> bool:
        """The client sees this differently and the therapist has not taken their words."""
        return self.kind in (self.Kind.PROPOSAL, self.Kind.DOESNT_FIT) and (
            self.status != self.Status.ACCEPTED
        )
