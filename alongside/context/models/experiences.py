"""Experiences of oppression: what happened, in which part of life, under which systems,
with what the client did in response."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.context.models.common import LONG_TEXT, ScopedQuerySet, Visibility
from alongside.context.models.vocabulary import LifeDomain, OppressionSystem
from alongside.core.fields import EncryptedCharField, EncryptedTextField


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
