"""What the social-context models share: who may see a row, the text limits, and
version rows that are written once."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role

LONG_TEXT = 5000
SHORT_TEXT = 1000


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me and my therapist")
    SUPERVISOR = "supervisor", _("Me, my therapist and my therapist's supervisor")


class ScopedQuerySet(models.QuerySet):
    """Rows about a client: what the client's record scope allows, then the client's choice."""

    client_path = "client"

    def visible_to(self, user):
        from alongside.clients.models import Client, of_clients

        if not getattr(user, "is_authenticated", False):
            return self.none()
        rows = self.filter(of_clients(Client.objects.visible_to(user), self.client_path))
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
        from alongside.clients.models import Client, of_clients

        role = getattr(user, "role", None)
        if role == Role.THERAPIST:
            writable = Client.objects.editable_by(user)
            return self.visible_to(user).filter(of_clients(writable, self.client_path))
        if role == Role.CLIENT:
            return self.visible_to(user)
        return self.none()


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
