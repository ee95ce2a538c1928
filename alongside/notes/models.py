from django.db import models
from django.utils.translation import gettext_lazy as _


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    CANCELLED_BY_CLIENT = "cancelled_client", _("Cancelled by client")
    CANCELLED_BY_THERAPIST = "cancelled_therapist", _("Cancelled by therapist")
    # Never "no-show": not attending usually has a reason the service should hear about.
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")


class Barrier(models.TextChoices):
    TRANSPORT = "transport", _("Transport")
    CHILDCARE = "childcare", _("Childcare")
    WORK_SHIFT = "work_shift", _("Work shift")
    HEALTH = "health", _("Health")
    COST = "cost", _("Cost")
    OTHER = "other", _("Other")


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from alongside.clients.models import Client

        return self.filter(client__in=Client.objects.visible_to(user))


class Session(models.Model):
    """A meeting between client and therapist (attended or not)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=50)
    modality = models.CharField(_("how we met"), max_length=20, choices=Modality.choices)
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.ATTENDED
    )
    barrier = models.CharField(
        _("what got in the way"), max_length=20, choices=Barrier.choices, blank=True
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_modality_display()}"
