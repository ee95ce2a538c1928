"""The social-context map: where the client stands on each dimension, in their words,
with every earlier version kept."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.context.models.common import SHORT_TEXT, Immutable, ScopedQuerySet, Visibility
from alongside.context.models.vocabulary import Dimension
from alongside.core.fields import EncryptedCharField, EncryptedTextField


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
