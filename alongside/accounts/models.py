from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Practice(models.Model):
    name = models.CharField(_("practice name"), max_length=200)

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    CLIENT = "client", _("Client")
    THERAPIST = "therapist", _("Therapist")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Practice admin")


STAFF_ROLES = (Role.THERAPIST, Role.SUPERVISOR, Role.ADMIN)


class User(AbstractUser):
    """Anyone who signs in. What they may see follows from `role` and relationships,
    never from Django's is_staff / is_superuser flags, which grant nothing clinical here."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, null=True, blank=True)
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervisees",
        verbose_name=_("supervisor"),
        limit_choices_to={"role": Role.SUPERVISOR},
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_therapist(self) -> bool:
        return self.role == Role.THERAPIST

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_practice_admin(self) -> bool:
        return self.role == Role.ADMIN
