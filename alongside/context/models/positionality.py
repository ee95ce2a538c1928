"""The therapist's positionality and the power map: where the therapist stands, and their
reflection on the power between them and a client."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role
from alongside.context.models.common import LONG_TEXT
from alongside.context.models.social_map import MapFields
from alongside.core.fields import EncryptedTextField


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
        from alongside.clients.models import Client, of_clients

        if getattr(user, "role", None) != Role.THERAPIST:
            return self.none()
        return self.filter(of_clients(Client.objects.visible_to(user)), author=user)


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
