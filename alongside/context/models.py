"""Social context and collaborative formulation: the client's map, experiences of
oppression, the therapist's positionality and the PTMF formulation.

Every free-text field is encrypted. Every queryset that holds client data has a
`visible_to(user)` method built on `Client.objects.visible_to(user)`; supervisors see only
rows the client allowed them to see, admins nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role
from alongside.context.vocab import SHIPPED_HELP, SHIPPED_LABELS
from alongside.core.fields import EncryptedCharField, EncryptedTextField

LONG_TEXT = 5000
SHORT_TEXT = 1000


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me and my therapist")
    SUPERVISOR = "supervisor", _("Me, my therapist and my therapist's supervisor")


class ScopedQuerySet(models.QuerySet):
    """Rows about a client: what the client's record scope allows, then the client's choice."""

    client_path = "client"

    def visible_to(self, user):
        from alongside.clients.models import Client

        if not getattr(user, "is_authenticated", False):
            return self.none()
        rows = self.filter(**{f"{self.client_path}__in": Client.objects.visible_to(user)})
        if user.role == Role.CLIENT:
            return rows
        # The client's therapist reads every row; anyone else on staff who can open the
        # record (their supervisor, or emergency access) only what the client opened
        # beyond their therapist.
        return rows.filter(
            models.Q(**{f"{self.client_path}__therapist": user})
            | models.Q(visibility=Visibility.SUPERVISOR)
        )

    def editable_by(self, user):
        """Therapists change their own clients' rows (not a record opened in an emergency);
        clients change their own."""
        from alongside.clients.models import Client

        role = getattr(user, "role", None)
        if role == Role.THERAPIST:
            writable = Client.objects.editable_by(user)
            return self.visible_to(user).filter(**{f"{self.client_path}__in": writable})
        if role == Role.CLIENT:
            return self.visible_to(user)
        return self.none()


# Vocabularies ------------------------------------------------------------------------------


class VocabularyQuerySet(models.QuerySet):
    def for_practice(self, practice):
        """Shipped rows plus the practice's own, active ones only."""
        return self.filter(
            models.Q(practice__isnull=True) | models.Q(practice=practice), is_active=True
        )


class Vocabulary(models.Model):
    kind = "vocabulary"

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=80)
    practice = models.ForeignKey(
        "accounts.Practice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Empty for the shipped rows; set for a practice's own additions."),
    )
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    objects = VocabularyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "label"]

    def __str__(self):
        return str(self.display)

    @property
    def display(self):
        return SHIPPED_LABELS.get(self.kind, {}).get(self.code, self.label)


class Dimension(Vocabulary):
    """An ADDRESSING factor (or a practice's addition)."""

    kind = "dimension"

    class Meta(Vocabulary.Meta):
        verbose_name = _("dimension")

    @property
    def help(self):
        return SHIPPED_HELP.get(self.code, "")


class LifeDomain(Vocabulary):
    kind = "domain"

    class Meta(Vocabulary.Meta):
        verbose_name = _("life domain")


class OppressionSystem(Vocabulary):
    kind = "system"

    class Meta(Vocabulary.Meta):
        verbose_name = _("system of oppression")


# Experiences of oppression ------------------------------------------------------------------


class ExperienceQuerySet(ScopedQuerySet):
    def timeline(self):
        # Undated entries go last; approximate dates sort by what is known.
        return self.order_by(
            models.F("start_year").asc(nulls_last=True),
            models.F("start_month").asc(nulls_first=True),
            "id",
        )


class Experience(models.Model):
    """Something that happened to the client, told in their words: when, where in life,
    which systems were at work, what it did, and how they responded or resisted."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="experiences"
    )
    title = EncryptedCharField(
        _("a short name for it"),
        max_length=120,
        help_text=_("A few words to find it again on the timeline."),
    )
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(_("from (month)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("until (year)"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(_("until (month)"), null=True, blank=True)
    ongoing = models.BooleanField(_("still going on"), default=False)
    approximate = models.BooleanField(_("the dates are approximate"), default=False)
    when_words = EncryptedCharField(
        _("when, in your words"),
        max_length=200,
        blank=True,
        help_text=_('For example "the winter I turned 15" or "most of my twenties".'),
    )
    domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, verbose_name=_("part of life"))
    systems = models.ManyToManyField(
        OppressionSystem, blank=True, verbose_name=_("systems involved")
    )
    systems_other = EncryptedCharField(_("other system, in your words"), max_length=200, blank=True)
    what_happened = EncryptedTextField(_("what happened"), max_length=LONG_TEXT)
    impact = EncryptedTextField(_("how it affected you"), max_length=LONG_TEXT, blank=True)
    response = EncryptedTextField(
        _("how you responded or resisted"), max_length=LONG_TEXT, blank=True
    )
    visibility = models.CharField(
        _("who may read this"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        ordering = ["start_year", "start_month", "id"]
        verbose_name = _("experience")

    def __str__(self):
        return self.title

    @property
    def period(self) -> str:
        from alongside.context.periods import describe_period

        return describe_period(self)


# The social-context map ---------------------------------------------------------------------


class Salience(models.IntegerChoices):
    LITTLE = 0, _("Not much right now")
    SOME = 1, _("Somewhat")
    A_LOT = 2, _("A lot")
    CENTRAL = 3, _("It is central for me now")


class LivedAs(models.TextChoices):
    PRIVILEGE = "privilege", _("Privilege")
    MARGINALISATION = "marginalisation", _("Marginalisation")
    BOTH = "both", _("Both")
    NEITHER = "neither", _("Neither")


class MapFields(models.Model):
    """What one line of a map holds, for a client's map and a therapist's positionality."""

    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("dimension")
    )
    custom_label = EncryptedCharField(
        _("name of this part of you"),
        max_length=80,
        blank=True,
        help_text=_("For a part of you the list doesn't name."),
    )
    words = EncryptedTextField(_("in your words"), max_length=SHORT_TEXT, blank=True)
    salience = models.PositiveSmallIntegerField(
        _("how much it matters to you now"), choices=Salience.choices, null=True, blank=True
    )
    lived_as = models.CharField(
        _("how you live it"), max_length=20, choices=LivedAs.choices, blank=True
    )
    prefer_not_to_say = models.BooleanField(_("I prefer not to say"), default=False)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return self.dimension.display if self.dimension_id else self.custom_label

    @property
    def shown_words(self) -> str:
        return "" if self.prefer_not_to_say else self.words


class MapEntryQuerySet(ScopedQuerySet):
    pass


class MapEntry(MapFields):
    """One line of a client's social-context map, as the client describes it."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="map_entries"
    )
    visibility = models.CharField(
        _("who may read this"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )

    objects = MapEntryQuerySet.as_manager()

    class Meta:
        ordering = ["dimension__order", "id"]
        verbose_name = _("map entry")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "dimension"],
                condition=models.Q(dimension__isnull=False),
                name="context_one_entry_per_dimension",
            )
        ]


class Immutable(models.Model):
    """Version rows are history: written once, never changed or removed one by one."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Versions are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Versions are immutable.")


class MapEntryVersion(Immutable):
    """An earlier (or the current) state of a map entry, kept so history stays viewable."""

    entry = models.ForeignKey(MapEntry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    custom_label = EncryptedCharField(max_length=80, blank=True)
    words = EncryptedTextField(max_length=SHORT_TEXT, blank=True)
    salience = models.PositiveSmallIntegerField(choices=Salience.choices, null=True)
    lived_as = models.CharField(max_length=20, choices=LivedAs.choices, blank=True)
    prefer_not_to_say = models.BooleanField(default=False)
    visibility = models.CharField(max_length=20, choices=Visibility.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="context_map_version_once")
        ]

    def __str__(self):
        return f"{self.entry_id} v{self.number}"


class PositionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A therapist's positionality: theirs to read; others only what they shared."""
        role = getattr(user, "role", None)
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if role == Role.THERAPIST:
            return self.filter(therapist=user)
        if role == Role.SUPERVISOR:
            return self.filter(
                therapist__supervisor=user,
                therapist__practice=user.practice,
                share_with_supervisor=True,
            )
        if role == Role.CLIENT:
            return self.filter(therapist__caseload__user=user, share_with_clients=True)
        return self.none()


class Position(MapFields):
    """One line of a therapist's own map (positionality)."""

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="positions"
    )
    share_with_supervisor = models.BooleanField(_("my supervisor may read this"), default=False)
    share_with_clients = models.BooleanField(_("my clients may read this"), default=False)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["dimension__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "dimension"],
                condition=models.Q(dimension__isnull=False),
                name="context_one_position_per_dimension",
            )
        ]


class PowerReflectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A therapist's reflection on a power map is theirs alone."""
        from alongside.clients.models import Client

        if getattr(user, "role", None) != Role.THERAPIST:
            return self.none()
        return self.filter(author=user, client__in=Client.objects.visible_to(user))


class PowerReflection(models.Model):
    """The therapist's private reflection on the power map with one client."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = EncryptedTextField(_("my reflection"), max_length=LONG_TEXT, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PowerReflectionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "author"], name="context_one_reflection")
        ]

    def __str__(self):
        return f"reflection {self.client_id}"


# Collaborative formulation ------------------------------------------------------------------


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
