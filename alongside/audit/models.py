"""The audit trail: who touched which record, when, and with what outcome.

Rows hold ids and verbs only, never clinical text, so the log itself leaks nothing.
Rows are append-only (database triggers refuse UPDATE and DELETE) and hash-chained:
each row's MAC covers the previous row's MAC, so a changed or removed row breaks the
chain at that point, which `manage.py verify_audit` reports.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    INVITE = "invite", _("invited")
    SIGN = "sign", _("signed")
    EMERGENCY = "emergency", _("opened in an emergency")
    ADMIN = "admin", _("key or system task")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")


class AuditEvent(models.Model):
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_role = models.CharField(max_length=20)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    client_id = models.BigIntegerField(null=True, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.ALLOWED)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["client_id", "at"])]

    def __str__(self):
        return f"#{self.pk} {self.actor_role} {self.action} {self.object_type} {self.object_id}"
