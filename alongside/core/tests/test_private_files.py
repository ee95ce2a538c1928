"""No plaintext copy outside the database is readable by others (issue 11 item 15): files
0600 in a 0700 var dir, no names in cookies, no link tokens in logs. The running server's
side is in tests/test_running_server.py."""

import logging
import os

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import get_resolver, reverse

from alongside.core.logscrub import REDACTED, SECRET_PARAMETERS, ScrubTokens, scrub
from alongside.core.private_files import make_private


@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_var_dir_and_what_is_in_it_are_made_private(tmp_path, loose_umask):
    var = tmp_path / "var"
    var.mkdir()
    var.chmod(0o755)
    for name in ["alongside.sqlite3", "alongside.sqlite3-wal", "alongside.sqlite3-shm"]:
        (var / name).write_text("x")
        (var / name).chmod(0o644)
    (var / "outbox").mkdir()
    (var / "outbox" / "old.log").write_text("Dear Ash, here is your link")
    (var / "outbox" / "old.log").chmod(0o644)
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(var / "alongside.sqlite3")}
    make_private(var, databases={"default": database}, outbox=var / "outbox")
    assert var.stat().st_mode & 0o777 == 0o700
    assert (var / "outbox").stat().st_mode & 0o777 == 0o700
    for path in [*var.glob("alongside.sqlite3*"), var / "outbox" / "old.log"]:
        assert path.stat().st_mode & 0o777 == 0o600, path
    # And what the process writes from now on is private too.
    (var / "new").write_text("x")
    assert (var / "new").stat().st_mode & 0o777 == 0o600


def test_the_outbox_writes_private_files_whatever_the_umask(tmp_path, loose_umask):
    outbox = tmp_path / "outbox"
    with override_settings(
        EMAIL_BACKEND="alongside.core.mail.PrivateFileBackend", EMAIL_FILE_PATH=outbox
    ):
        mail.send_mail("A check-in", "Dear Ash Canary: https://x/check-in/t/", None, ["a@b.c"])
    (message,) = outbox.iterdir()
    assert outbox.stat().st_mode & 0o777 == 0o700
    assert message.stat().st_mode & 0o777 == 0o600


def test_the_default_outbox_is_the_private_one():
    from alongside import settings as base

    # Mail goes through the retrying queue (ops.mail); with no mail server configured, the
    # queue hands it to the private file outbox.
    assert base.EMAIL_BACKEND == "alongside.ops.mail.QueuedBackend"
    assert base.ALONGSIDE_MAIL_TRANSPORT == "alongside.core.mail.PrivateFileBackend"


@pytest.mark.django_db
def test_messages_naming_a_client_travel_in_the_session_not_a_cookie(client, cast):
    client.force_login(cast.river)
    # The client already has an account: the answer names them in a message.
    response = client.post(reverse("clients:invite", args=[cast.client.pk]))
    assert response.status_code == 302
    assert "messages" not in response.cookies
    page = client.get(response["Location"]).content.decode()
    assert "Ash Canary already has portal access" in page


def _token_routes():
    def walk(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if hasattr(entry, "url_patterns"):
                yield from walk(entry.url_patterns, route)
            else:
                yield entry, route

    for entry, route in walk(get_resolver().url_patterns):
        names = set(entry.pattern.converters) if hasattr(entry.pattern, "converters") else set()
        if names & SECRET_PARAMETERS:
            yield entry, route


def test_every_token_bearing_url_is_scrubbed_from_log_lines():
    from django.urls import resolve

    found = list(_token_routes())
    assert {route for _e, route in found} >= {"check-in/<str:token>/"}
    for entry, route in found:
        secret = "S3CRET-token_value"
        path = "/" + route
        for name in entry.pattern.converters:
            path = path.replace(f"<{name}>", secret).replace(f"<str:{name}>", secret)
        resolve(path)  # a real URL of the app
        for line in [f'"GET {path} HTTP/1.1" 200', f"Not Found: {path}", f"https://h{path}?a=1"]:
            cleaned = scrub(line)
            assert secret not in cleaned and REDACTED in cleaned, (route, cleaned)


def test_the_log_filter_scrubs_the_formatted_message():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/check-in/abc123/",),
        None,
    )
    assert ScrubTokens().filter(record)
    assert record.getMessage() == f"Not Found: /check-in/{REDACTED}/"
