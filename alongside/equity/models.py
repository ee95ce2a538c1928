"""Looking at ourselves: what the practice's fairness check needs that no other app holds.

- `EquitySettings`: the small-number threshold k, rounding, and whether clients are counted
  until they say otherwise.
- `CountingChoice`: a client's own choice to be counted (or not), kept with when it was made.
- `Intake`: the referral date (for waiting times) and how the work ended, one per client,
  kept here so no other app's tables change.
- `ReportingGroup` and `GroupRule`: how the practice turns clients' own words on their map
  into groups to report by. Rules hold the admin's words ("contains black"), never a client's
  words tied to a client.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.core.fields import EncryptedTextField
from alongside.equity.suppression import DEFAULT_K, MIN_K


class EquitySettings(models.Model):
    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE)
    k = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=DEFAULT_K,
        validators=[MinValueValidator(MIN_K), MaxValueValidator(100)],
        help_text=_(
            "A number about fewer people than this is hidden, and so is any other number it "
            "could be worked out from. Never below 5."
        ),
    )
    round_to_5 = models.BooleanField(
        _("round shown counts to the nearest 5"),
        default=False,
        help_text=_("Makes small differences between two reports harder to use."),
    )
    count_by_default = models.BooleanField(
        _("count clients who have not chosen"),
        default=False,
        help_text=_(
            "Off: a client is counted only once they say yes in their portal. On: counted "
            "until they say no. Either way they can change it at any time."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("equity report settings")

    def __str__(self):
        return f"equity settings for {self.practice_id}"

    @classmethod
    def for_practice(cls, practice) -> "EquitySettings":
        found = cls.objects.filter(practice=practice).first()
        return found or cls(practice=practice)


class CountingChoice(models.Model):
    """The client's answer to "count me, without my name, in the practice's check on
    fairness". No row: the practice's default applies."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="equity_choice"
    )
    counted = models.BooleanField(_("count me"))
    chosen_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"counting choice {self.client_id}"


class Ending(models.TextChoices):
    AGREED = "agreed", _("We agreed to end")
    UNAGREED = "unagreed", _("It ended without an agreed ending")


class IntakeQuerySet(models.QuerySet):
    def visible_to(self, user):
        from alongside.clients.models import Client, of_clients

        return self.filter(of_clients(Client.objects.visible_to(user)))


class Intake(models.Model):
    """When the client was referred, and how the work ended (if it has)."""

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="intake")
    referred_on = models.DateField(
        _("referred or first asked for help on"),
        null=True,
        blank=True,
        help_text=_("Waiting time is counted from this date to the first session."),
    )
    ended_on = models.DateField(_("the work ended on"), null=True, blank=True)
    ending = models.CharField(_("how it ended"), max_length=10, choices=Ending.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IntakeQuerySet.as_manager()

    def __str__(self):
        return f"intake {self.client_id}"


class ReportingGroup(models.Model):
    """A group the practice reports by, within one dimension of the map (e.g. "Black"
    within ethnic and racial identity). A client can belong to several."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE)
    dimension = models.ForeignKey("context.Dimension", on_delete=models.PROTECT)
    label = models.CharField(_("name of the group"), max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dimension__order", "label", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "dimension", "label"], name="equity_group_label_once"
            )
        ]

    def __str__(self):
        return self.label


class Match(models.TextChoices):
    CONTAINS = "contains", _("contains")
    IS = "is", _("is exactly")


class GroupRule(models.Model):
    """A client's words on the map for the group's dimension put them in the group when
    they contain (or are) this phrase, ignoring case and spacing."""

    group = models.ForeignKey(ReportingGroup, on_delete=models.CASCADE, related_name="rules")
    match = models.CharField(
        _("when their words"), max_length=10, choices=Match.choices, default=Match.CONTAINS
    )
    phrase = models.CharField(_("these words"), max_length=80)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.match} {self.phrase}"


class Derived(models.Model):
    """Numbers the report derives from encrypted records, kept so that a report does not
    decrypt every questionnaire answer and map entry again (alongside.equity.derived).

    One row per practice and kind ("responses": feedback ratings and PHQ-9/GAD-7 totals per
    submitted questionnaire; "groups:<dimension id>": the reporting groups each map entry
    puts its client in). The numbers are clinical (scores) or say which group a person is
    in (their sexuality, their immigration status), so they are encrypted like the records
    they come from; never text. `fingerprint` says which state of the records they were
    derived from (counts, ids, versions, the newest change and the group rules, hashed), so
    an edit anywhere makes the next report bring them up to date.
    """

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE)
    kind = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64)
    # The newest change folded in: rows changed at or after it are derived again.
    watermark = models.DateTimeField(null=True)
    data = EncryptedTextField(default="[]")
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "kind"], name="equity_derived_once")
        ]

    def __str__(self):
        return f"derived {self.kind} for {self.practice_id}"
