"""What a practice decides about the language checker, and what its therapists set aside."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.core.fields import EncryptedCharField


class DismissReason(models.TextChoices):
    OWN_WORD = "own_word", _("It's the client's own word")
    QUOTE = "quote", _("It's a quote or someone else's words")
    ACCURATE = "accurate", _("It's accurate and needed here")
    RULE_WRONG = "rule_wrong", _("The checker misread this sentence")
    OTHER = "other", _("Something else")


class Dismissal(models.Model):
    """A finding a therapist set aside for one client's record.

    Keyed by rule and a digest of the flagged words, so the same wording is not raised
    again for this client; the words themselves are not stored. Counted per rule (never
    with the note text) so a practice can see which rules are noisy.
    """

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    rule = models.CharField(max_length=120)
    phrase_digest = models.CharField(max_length=64)
    field = models.CharField(max_length=60, blank=True)
    reason = models.CharField(_("why"), max_length=20, choices=DismissReason.choices)
    comment = EncryptedCharField(_("a few words (optional)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "rule", "phrase_digest"], name="one_dismissal_per_wording"
            )
        ]

    def __str__(self):
        return f"{self.rule} ({self.get_reason_display()})"


class PracticeLanguage(models.Model):
    """A practice's own rules and accept-list, edited by its admin.

    Adds to the folders named in settings (ALONGSIDE_LANGUAGE_RULE_DIRS and
    ALONGSIDE_LANGUAGE_ACCEPT_FILES). Holds no clinical content.
    """

    practice = models.OneToOneField("accounts.Practice", on_delete=models.CASCADE)
    accept_list = models.TextField(
        _("never flag"),
        blank=True,
        help_text=_("One rule id (e.g. credibility.claims) or phrase per line."),
    )
    rule_pack = models.TextField(
        _("our own rules"),
        blank=True,
        help_text=_("YAML, in the same format as the built-in rules (see RULES.md)."),
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Language settings for {self.practice}"

    def accepted(self) -> list[str]:
        return [line.strip() for line in self.accept_list.splitlines() if line.strip()]
