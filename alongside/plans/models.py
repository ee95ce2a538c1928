"""The resilience and resistance plan: what the client wants to change, and who stands with
them. One plan per client, written together by the client and their therapist.

Every free text is encrypted. Every queryset holding plan data is scoped through
`Client.objects.visible_to(user)`: the client and their therapist read and write, the
therapist's supervisor reads, the admin sees nothing. The admin edits only the practice's
crisis lines, which hold no client data.

Wording is ours: the "when things get hard" section follows the order most safety plans
use, but no licensed plan's words (see docs/plans.md).
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alongside.accounts.models import Role
from alongside.core.fields import EncryptedCharField, EncryptedTextField

LONG_TEXT = 3000
SHORT_TEXT = 1000
NAME_TEXT = 200


class PlanScoped(models.QuerySet):
    """Rows of a plan: whoever may read the client's record reads them."""

    client_path = "plan__client"

    def visible_to(self, user):
        from alongside.clients.models import Client, of_clients

        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(of_clients(Client.objects.visible_to(user), self.client_path))

    def editable_by(self, user):
        """The client's therapist, and the client themself, write; supervisors only read."""
        from alongside.clients.models import Client, of_clients

        role = getattr(user, "role", None)
        if role == Role.THERAPIST:
            scope = Client.objects.editable_by(user)
        elif role == Role.CLIENT:
            scope = Client.objects.visible_to(user)
        else:
            return self.none()
        return self.filter(of_clients(scope, self.client_path))


class PlanQuerySet(PlanScoped):
    client_path = "client"


class Plan(models.Model):
    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="plan")
    review_on = models.DateField(_("next review"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    def __str__(self):
        return f"plan {self.client_id}"


# The written sections ---------------------------------------------------------------------


class Section(models.TextChoices):
    VALUES = "values", _("What I care about")
    BELIEFS = "beliefs", _("What I believe in")
    HOPES = "hopes", _("What I hope for")
    STRENGTHS = "strengths", _("My strengths and the ways I have got through")
    SIGNS = "signs", _("How I can tell things are getting hard")
    SELF_HELP = "self_help", _("What I can do on my own to get through")
    FEEL_BETTER = "feel_better", _("People and places that lift me or take my mind off it")
    ASK_HELP = "ask_help", _("People I can ask for help")
    PROFESSIONALS = "professionals", _("Professionals and crisis lines I can contact")
    SAFER = "safer", _("Making where I am safer")


MATTERS = [Section.VALUES, Section.BELIEFS, Section.HOPES, Section.STRENGTHS]
# The order most safety plans use: noticing, coping alone, company, asking, professionals,
# and the surroundings.
WHEN_HARD = [
    Section.SIGNS,
    Section.SELF_HELP,
    Section.FEEL_BETTER,
    Section.ASK_HELP,
    Section.PROFESSIONALS,
    Section.SAFER,
]

HINTS = {
    Section.VALUES: _("The things that matter most to you, in your own words."),
    Section.BELIEFS: _("Beliefs, faith or principles that keep you going."),
    Section.HOPES: _("What you would like your life, or the world, to be like."),
    Section.STRENGTHS: _(
        "What you are good at, and what you have done to survive. Your story has some of "
        "this already."
    ),
    Section.SIGNS: _("Thoughts, feelings, places or times that tell you it is getting hard."),
    Section.SELF_HELP: _("Things that have helped before, that you can do by yourself."),
    Section.FEEL_BETTER: _("Company or places where you feel a bit better, or less alone."),
    Section.ASK_HELP: _("Who you could tell, and how you would reach them."),
    Section.PROFESSIONALS: _(
        "Your therapist, a doctor, a service you trust. The practice's crisis lines are "
        "listed below."
    ),
    Section.SAFER: _("Things you can move away, lock up or ask someone to keep for now."),
}


class SectionQuerySet(PlanScoped):
    pass


class PlanSection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=Section.choices)
    text = EncryptedTextField(_("in your words"), max_length=LONG_TEXT, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="plans_section_once")]

    def __str__(self):
        return self.get_key_display()


# Goals ------------------------------------------------------------------------------------


class Level(models.TextChoices):
    PERSONAL = "personal", _("Personal: my body, mind and daily life")
    RELATIONAL = "relational", _("Relational: family, friends, chosen family, community")
    COLLECTIVE = "collective", _("Collective: changing a system, or joining others to")


LEVEL_SHORT = {
    Level.PERSONAL: _("Personal"),
    Level.RELATIONAL: _("Relational"),
    Level.COLLECTIVE: _("Collective"),
}


class GoalStatus(models.TextChoices):
    IDEA = "idea", _("Just an idea")
    WORKING = "working", _("Working on it")
    DONE = "done", _("Done")
    SET_DOWN = "set_down", _("Set down for now")


class GoalQuerySet(PlanScoped):
    pass


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    level = models.CharField(_("what kind of goal"), max_length=20, choices=Level.choices)
    title = EncryptedCharField(_("the goal, in a few words"), max_length=NAME_TEXT)
    different = EncryptedTextField(
        _("what would be different"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("In the client's words: how would you know it had changed?"),
    )
    status = models.CharField(
        _("where it is"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.IDEA
    )
    experiences = models.ManyToManyField(
        "context.Experience",
        blank=True,
        related_name="plan_goals",
        verbose_name=_("experiences it answers"),
    )
    systems = models.ManyToManyField(
        "context.OppressionSystem", blank=True, verbose_name=_("systems involved")
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title

    @property
    def level_short(self):
        return LEVEL_SHORT[self.level]


class RatingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(goal__in=Goal.objects.visible_to(user))


class ProgressRating(models.Model):
    """The client's own sense of how far a goal has come, 0 (not started) to 10 (there)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(_("how far it has come (0 to 10)"))
    rated_on = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["rated_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__lte=10), name="plans_rating_at_most_10"
            )
        ]

    def __str__(self):
        return f"{self.goal_id}: {self.rating}"


# Steps ------------------------------------------------------------------------------------


class Who(models.TextChoices):
    CLIENT = "client", _("Me (the client)")
    THERAPIST = "therapist", _("My therapist")
    TOGETHER = "together", _("Me and my therapist together")
    SUPPORTER = "supporter", _("Someone who supports me")
    GROUP = "group", _("A group or service")


class StepQuerySet(PlanScoped):
    pass


class Step(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("for which goal"),
    )
    what = EncryptedTextField(_("what will be done"), max_length=SHORT_TEXT)
    who = models.CharField(_("who does it"), max_length=20, choices=Who.choices)
    who_name = EncryptedCharField(
        _("their name"),
        max_length=NAME_TEXT,
        blank=True,
        help_text=_("For a supporter, a group or a service: who, if you want to say."),
    )
    by_when = models.DateField(_("by when"), null=True, blank=True)
    # Its own context: for a step, what made it harder ("dificultó"), where a missed session's
    # barrier (notes) is what kept the client away ("impidió").
    in_the_way = EncryptedTextField(
        pgettext_lazy("of a step in the plan", "what got in the way"),
        max_length=SHORT_TEXT,
        blank=True,
    )
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    from_action = models.OneToOneField(
        "notes.AgreedAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_step",
    )
    # A resource shared with the client, or a referral, that the step uses ("ring the
    # tenants' union"). Only one of this client's own: StepForm offers no other, and
    # `clean` refuses another client's.
    referral = models.ForeignKey(
        "resources.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
        verbose_name=_("a resource or referral it uses"),
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["done", "by_when", "id"]

    def __str__(self):
        return f"step {self.pk}"

    def clean(self):
        super().clean()
        if self.referral_id and self.plan_id and self.referral.client_id != self.plan.client_id:
            raise ValidationError({"referral": _("That resource was not shared with this client.")})


# People and places ------------------------------------------------------------------------


class SupporterKind(models.TextChoices):
    PERSON = "person", _("A person")
    PEER = "peer", _("A peer or self-help group")
    COMMUNITY = "community", _("A community group or organisation")
    SERVICE = "service", _("A service")


class SupporterQuerySet(PlanScoped):
    def editable_by(self, user):
        """The client's own map: only they change it."""
        if getattr(user, "role", None) != Role.CLIENT:
            return self.none()
        return super().editable_by(user)


class Supporter(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="supporters")
    kind = models.CharField(_("who or what"), max_length=20, choices=SupporterKind.choices)
    name = EncryptedCharField(_("name"), max_length=NAME_TEXT)
    helps_with = EncryptedTextField(_("what they can help with"), max_length=SHORT_TEXT, blank=True)
    reach = EncryptedCharField(
        _("how to reach them (optional)"),
        max_length=300,
        blank=True,
        help_text=_("A phone number, a place, a time. Only you and your therapist see it."),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self):
        return self.name


# What the therapist is doing alongside ------------------------------------------------------


class SolidarityKind(models.TextChoices):
    LETTER = "letter", _("A letter written")
    CALL = "call", _("A call made")
    ACCOMPANY = "accompany", _("Going with you to an appointment")
    REFERRAL = "referral", _("A referral")
    COMPLAINT = "complaint", _("Raising a complaint, with your consent")
    OTHER = "other", _("Something else")


class SolidarityQuerySet(PlanScoped):
    def editable_by(self, user):
        """The therapist's own record of what they did: only the therapist changes it."""
        if getattr(user, "role", None) != Role.THERAPIST:
            return self.none()
        return super().editable_by(user)


class SolidarityAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="solidarity")
    kind = models.CharField(_("what kind"), max_length=20, choices=SolidarityKind.choices)
    what = EncryptedTextField(_("what I did or will do"), max_length=SHORT_TEXT)
    with_consent = models.BooleanField(
        _("the client agreed to this"),
        default=False,
        help_text=_("Needed for a complaint, and for anything that speaks for the client."),
    )
    done_on = models.DateField(_("when"), null=True, blank=True)
    outcome = EncryptedTextField(_("what came of it"), max_length=SHORT_TEXT, blank=True)
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SolidarityQuerySet.as_manager()

    class Meta:
        ordering = ["-done_on", "-id"]

    def __str__(self):
        return self.get_kind_display()


# Reviews ----------------------------------------------------------------------------------


class ReviewQuerySet(PlanScoped):
    pass


class Review(models.Model):
    """At a review, the client and the therapist each say how the plan is going."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    role = models.CharField(max_length=20)  # whose voice: "client" or "therapist"
    how_going = EncryptedTextField(_("how it is going"), max_length=LONG_TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"review {self.pk}"


# The client's voice on what the therapist wrote ----------------------------------------------


class FeedbackQuerySet(PlanScoped):
    def open(self):
        return self.filter(status=PlanFeedback.Status.OPEN)


class PlanFeedback(models.Model):
    """The client sees part of the plan differently. It stays beside that part, in the
    client's words, until the therapist takes those words in or answers."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the therapist")
        ACCEPTED = "accepted", _("Taken into the plan")
        ANSWERED = "answered", _("Answered")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="feedback")
    section = models.CharField(max_length=20, choices=Section.choices, blank=True)
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    text = EncryptedTextField(_("what you see differently"), max_length=LONG_TEXT, blank=True)
    proposed_text = EncryptedTextField(
        _("how you would write it"), max_length=LONG_TEXT, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reply = EncryptedTextField(_("your answer"), max_length=LONG_TEXT, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"plan feedback {self.pk}"


# Versions ---------------------------------------------------------------------------------


class PlanVersion(models.Model):
    """The whole plan's words as they stood after one save (encrypted JSON)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    changed = models.CharField(max_length=40)  # what was saved: "section:values", "goal", ...
    snapshot = EncryptedTextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_version_once")
        ]

    def __str__(self):
        return f"v{self.number}"

    @property
    def changed_label(self):
        kind, _sep, key = self.changed.partition(":")
        if kind == "section" and key in Section.values:
            return Section(key).label
        return CHANGED_LABELS.get(kind, "")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Versions are immutable.")
        super().save(*args, **kwargs)

    @property
    def texts(self) -> dict:
        return json.loads(self.snapshot or "{}")


CHANGED_LABELS = {
    "plan_goal": _("A goal"),
    "plan_step": _("A step"),
    "plan_supporter": _("People and places"),
    "plan_solidarity": _("What the therapist is doing alongside"),
}


# Practice settings: crisis lines -------------------------------------------------------------


class CrisisLineQuerySet(models.QuerySet):
    def for_practice(self, practice):
        return self.filter(practice=practice, is_active=True)


class CrisisLine(models.Model):
    """A crisis line the practice lists in every plan. Set by the admin; no client data."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    how_to_reach = models.CharField(
        _("how to reach it"), max_length=200, help_text=_("A number, a text code or a website.")
    )
    when_open = models.CharField(
        _("when it is open"), max_length=120, blank=True, help_text=_('For example "24 hours".')
    )
    order = models.PositiveSmallIntegerField(_("order in the list"), default=100)
    is_active = models.BooleanField(_("show it in plans"), default=True)

    objects = CrisisLineQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
