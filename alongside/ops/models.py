from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.core.fields import EncryptedTextField


class QueuedMail(models.Model):
    """An email the mail server did not take, kept to be tried again.

    The whole message (addresses, subject, body: invitation links and names) is encrypted,
    as any other personal text is; a row is deleted as soon as the message is sent.
    """

    # The practice of whoever sent it (none for mail sent by a scheduled job).
    practice = models.ForeignKey(
        "accounts.Practice", on_delete=models.CASCADE, null=True, blank=True
    )
    message = EncryptedTextField(_("message"), max_length=2_000_000)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    next_attempt_at = models.DateTimeField(db_index=True)
    # The error's kind and SMTP code only: servers echo addresses in their messages.
    last_error = models.CharField(max_length=200, blank=True)
    gave_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"queued mail {self.pk} ({self.attempts} attempts)"
