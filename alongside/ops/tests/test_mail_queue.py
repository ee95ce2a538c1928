"""Mail the server did not take is kept (encrypted), retried, and shown to the admin."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from alongside.ops import mail
from alongside.ops.models import QueuedMail

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class DownServer:
    """A transport whose server refuses every message, as an SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed by smtp.invalid")


DOWN = f"{__name__}.DownServer"


def _message():
    message = EmailMessage(
        "Emergency access to record 7",
        "Someone opened record 7: https://therapy.example/welcome/SECRET-TOKEN/",
        None,
        ["officer@example.invalid"],
    )
    message.attach("slot.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    return message


@pytest.mark.django_db
def test_a_message_the_server_refuses_is_queued_encrypted_and_sent_when_it_is_back():
    with override_settings(ALONGSIDE_MAIL_TRANSPORT=DOWN):
        assert mail.QueuedBackend().send_messages([_message()]) == 1
    row = QueuedMail.objects.get()
    assert row.last_error == "SMTPServerDisconnected"  # no address from the server's words
    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM ops_queuedmail")
        stored = cursor.fetchone()[0]
    assert "SECRET-TOKEN" not in stored and "officer@" not in stored

    later = timezone.now() + timedelta(minutes=2)
    with override_settings(ALONGSIDE_MAIL_TRANSPORT=LOCMEM):
        assert mail.send_due(now=later) == (1, 0)
    assert not QueuedMail.objects.exists()
    sent = django_mail.outbox[-1]
    assert sent.to == ["officer@example.invalid"] and "SECRET-TOKEN" in sent.body
    assert sent.attachments[0][0] == "slot.ics"


@pytest.mark.django_db
def test_retries_wait_longer_each_time_then_give_up_and_stay_listed():
    with override_settings(ALONGSIDE_MAIL_TRANSPORT=DOWN):
        mail.QueuedBackend().send_messages([_message()])
        row = QueuedMail.objects.get()
        now = timezone.now()
        assert mail.send_due(now=now) == (0, 0)  # not due yet: nothing tried
        waits = []
        for _ in range(len(mail.WAITS)):
            now = QueuedMail.objects.get().next_attempt_at
            mail.send_due(now=now)
            row = QueuedMail.objects.get()
            waits.append(row.next_attempt_at - now)
        assert row.gave_up_at is not None and row.attempts == len(mail.WAITS) + 1
        assert waits[:-1] == sorted(waits[:-1]) and waits[0] < waits[-2]


@pytest.mark.django_db
def test_the_admin_sees_what_waits_without_addresses_and_can_try_again(client, cast):
    with override_settings(ALONGSIDE_MAIL_TRANSPORT=DOWN):
        mail.QueuedBackend().send_messages([_message()])
    QueuedMail.objects.update(gave_up_at=timezone.now())
    client.force_login(cast.admin)
    page = client.get("/practice/mail/").content.decode()
    assert "Emergency access to record 7" in page and "Given up" in page
    assert "officer@" not in page and "SECRET-TOKEN" not in page
    assert "Mail not sent yet (needs a look)" in page  # the menu says so on every page

    row = QueuedMail.objects.get()
    response = client.post(f"/practice/mail/{row.pk}/retry/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.gave_up_at is None and row.next_attempt_at <= timezone.now()


@pytest.mark.django_db
def test_the_queue_command_reports_what_it_did(cast):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_queued_mail", stdout=out)
    assert out.getvalue().strip() == "sent 0, still waiting 0"


@pytest.mark.django_db
def test_another_practices_admin_cannot_see_or_retry_this_practices_mail(client, cast):
    from alongside.accounts.models import Practice, Role
    from alongside.ops.tests.objects import queued_mail
    from conftest import make_user

    row = queued_mail(cast)
    elsewhere = make_user(Practice.objects.create(name="Elsewhere"), "other_admin", Role.ADMIN)
    client.force_login(elsewhere)
    assert "CANARY-MAIL" not in client.get("/practice/mail/").content.decode()
    assert client.post(f"/practice/mail/{row.pk}/retry/").status_code == 404


def test_production_refuses_to_start_with_mail_going_to_files_unless_chosen(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALONGSIDE_", "DJANGO_"))}
    env |= {"ALONGSIDE_SECRET_KEY": "x" * 50, "ALONGSIDE_VAR_DIR": str(tmp_path)}
    code = "import alongside.settings_production"

    def start(**extra):
        return subprocess.run(
            [sys.executable, "-c", code], env=env | extra, capture_output=True, text=True
        )

    refused = start()
    assert refused.returncode != 0 and "ALONGSIDE_EMAIL_HOST" in refused.stderr
    assert start(ALONGSIDE_EMAIL_HOST="smtp.example.org").returncode == 0
    chosen = "django.core.mail.backends.filebased.EmailBackend"
    assert start(ALONGSIDE_EMAIL_BACKEND=chosen).returncode == 0
