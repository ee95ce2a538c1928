"""The words a practice uses for the map's dimensions, the parts of life and the systems
of oppression: shipped defaults, extended per practice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.context.vocab import SHIPPED_HELP, SHIPPED_LABELS


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
