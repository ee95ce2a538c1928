"""Outgoing mail that survives the mail server being down, without a message broker.

Every message is handed to the real transport at once (SMTP, or files in the demo). When
that fails, the message is kept, encrypted, in the database and `alongside send_queued_mail`
(from cron, every few minutes) tries again with growing waits. What could not be sent is
listed for the practice admin, so a failed emergency-access notice is seen, not only logged.
Nothing lives on one app server's disk, so several servers can share the queue.
"""

import base64
import json
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from alongside.core.scope import request_user
from alongside.ops.models import QueuedMail

# Minutes to wait after each failed attempt; after the last one the message is given up
# (and stays listed for the admin until it is resent or removed).
WAITS = (1, 5, 15, 60, 180, 360, 720)
KEEP_GIVEN_UP = timedelta(days=30)
FAILURES = (OSError, smtplib.SMTPException)


def transport():
    return get_connection(settings.ALONGSIDE_MAIL_TRANSPORT, fail_silently=False)


class QueuedBackend(BaseEmailBackend):
    """Django's EMAIL_BACKEND: send now if the transport takes it, else queue it."""

    def send_messages(self, email_messages):
        accepted = 0
        for message in email_messages:
            try:
                accepted += transport().send_messages([message]) or 0
            except FAILURES as error:
                enqueue(message, error)
                accepted += 1  # accepted for delivery: it will be retried
        return accepted


def _describe(error) -> str:
    code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
    return f"{type(error).__name__}{f' {code}' if code else ''}"[:200]


def _pack(message) -> str:
    data = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": message.to,
        "cc": message.cc,
        "bcc": message.bcc,
        "reply_to": message.reply_to,
        "headers": message.extra_headers,
        "alternatives": [list(a) for a in getattr(message, "alternatives", [])],
        "attachments": [
            [name, base64.b64encode(_bytes(content)).decode(), mimetype]
            for name, content, mimetype in message.attachments
        ],
    }
    return json.dumps(data)


def _bytes(content) -> bytes:
    return content.encode() if isinstance(content, str) else bytes(content)


def unpack(packed: str) -> EmailMultiAlternatives:
    data = json.loads(packed)
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


def enqueue(message, error) -> QueuedMail:
    sender = request_user()
    return QueuedMail.objects.create(
        practice_id=getattr(sender, "practice_id", None),
        message=_pack(message),
        last_error=_describe(error),
        next_attempt_at=timezone.now() + timedelta(minutes=WAITS[0]),
    )


def _due(now):
    rows = QueuedMail.objects.filter(gave_up_at__isnull=True, next_attempt_at__lte=now)
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        # Two cron runs at once each take different rows (PostgreSQL); SQLite's IMMEDIATE
        # transactions already let only one writer in at a time.
        rows = rows.select_for_update(skip_locked=True)
    return rows


def send_due(now=None) -> tuple[int, int]:
    """Try every message that is due once; return (sent, still waiting)."""
    now = now or timezone.now()
    sent = failed = 0
    with transaction.atomic():
        for row in _due(now)[:200]:
            if _try(row, now):
                sent += 1
            else:
                failed += 1
        QueuedMail.objects.filter(gave_up_at__lt=now - KEEP_GIVEN_UP).delete()
    return sent, failed


def _try(row: QueuedMail, now) -> bool:
    try:
        transport().send_messages([unpack(row.message)])
    except FAILURES as error:
        row.attempts += 1
        row.last_error = _describe(error)
        if row.attempts > len(WAITS):
            row.gave_up_at = now
        else:
            row.next_attempt_at = now + timedelta(minutes=WAITS[row.attempts - 1])
        row.save(update_fields=["attempts", "last_error", "gave_up_at", "next_attempt_at"])
        return False
    row.delete()
    return True


def retry_now(row: QueuedMail) -> None:
    """The admin asks for another try of a message that was given up."""
    row.gave_up_at = None
    row.next_attempt_at = timezone.now()
    row.save(update_fields=["gave_up_at", "next_attempt_at"])


def waiting_for(admin):
    """What a practice admin sees: their practice's mail and mail from scheduled jobs."""
    from django.db.models import Q

    return QueuedMail.objects.filter(
        Q(practice_id=admin.practice_id) | Q(practice__isnull=True)
    ).order_by("created_at", "id")


def summary(row: QueuedMail) -> dict:
    """Subject and how many people, never the addresses or the body."""
    message = unpack(row.message)
    return {
        "row": row,
        "subject": message.subject,
        "recipients": len(message.recipients()),
    }
