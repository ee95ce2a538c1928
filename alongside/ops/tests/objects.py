"""Ops objects for the access walk."""

from django.utils import timezone

from alongside.ops.models import QueuedMail


def queued_mail(cast) -> QueuedMail:
    return QueuedMail.objects.create(
        practice=cast.practice,
        message='{"subject": "CANARY-MAIL", "body": "", "from_email": null, "to": ["a@b.c"], '
        '"cc": [], "bcc": [], "reply_to": [], "headers": {}, "alternatives": [], '
        '"attachments": []}',
        next_attempt_at=timezone.now(),
        gave_up_at=timezone.now(),
    )
