"""The production server (`alongside serve`, gunicorn, production settings over loopback)
while the operator works on it from another process (issue 11 items 11 and 15).

- Rotating the data keys while it serves keeps every page working, and what it writes
  afterwards goes under the new key (so the old one can be retired without a restart).
"""

import secrets

import pytest
from cryptography.fernet import Fernet

from tests.html_forms import versioned_form
from tests.loopback import Browser, Server, environment, manage

PASSWORD = "running-server-password-not-secret"  # noqa: S105
NAME = "Rotation Canary"

SETUP = """
from alongside.accounts.models import Practice, Role, User
from alongside.clients.models import Client
practice = Practice.objects.create(name="Running server practice")
therapist = User(username="river", role=Role.THERAPIST, practice=practice)
therapist.set_password({password!r})
therapist.save()
client = Client.objects.create(
    practice=practice, therapist=therapist, chosen_name={name!r}, pronouns="they/them",
    email="canary@example.invalid", self_description="Before the rotation",
)
print(client.pk)
"""


def _instance(tmp_path, keys_from):
    env = environment(tmp_path)
    env.pop("ALONGSIDE_DATA_KEYS")
    if keys_from == "secret file":  # ALONGSIDE_DATA_KEYS_FILE, e.g. a container secret
        secret = tmp_path / "data-keys-secret"
        secret.write_text(f"s1:{Fernet.generate_key().decode()}\n")
        secret.chmod(0o600)
        env["ALONGSIDE_DATA_KEYS_FILE"] = str(secret)
    manage(env, "init_keys")  # the key file under the var dir, when keys_from == "key file"
    manage(env, "migrate", "--verbosity=0")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    output = manage(env, "shell", "-c", SETUP.format(password=PASSWORD, name=NAME))
    client_id = int(output.strip().splitlines()[-1])
    return env, client_id


def _rotate(env, tmp_path, keys_from) -> tuple[str, str]:
    """Add a new first key and re-encrypt everything under it, as the operator would."""
    if keys_from == "key file":
        manage(env, "rotate_keys", "--new-key")
        return "k1", "k2"
    secret = tmp_path / "data-keys-secret"
    secret.write_text(f"s2:{Fernet.generate_key().decode()}\n" + secret.read_text())
    manage(env, "rotate_keys")
    return "s1", "s2"


def _retire(env, tmp_path, keys_from, old):
    if keys_from == "key file":
        manage(env, "rotate_keys", "--retire", old)
        return
    # A secret file is edited by hand; first check nothing uses the old key any more.
    status = manage(env, "rotate_keys", "--status")
    assert f"{old}: 0 values" in status, status
    secret = tmp_path / "data-keys-secret"
    kept = [line for line in secret.read_text().splitlines() if not line.startswith(f"{old}:")]
    secret.write_text("\n".join(kept) + "\n")


def _edit(browser, client_id, words) -> int:
    page = browser.get(f"/clients/{client_id}/edit/")
    assert page.status == 200, page.status
    _action, data = versioned_form(page.body.decode())
    data.pop("csrfmiddlewaretoken", None)
    fields = {name: values[0] for name, values in data.items() if values}
    fields["self_description"] = words
    return browser.post(f"/clients/{client_id}/edit/", fields).status


@pytest.mark.parametrize("keys_from", ["key file", "secret file"])
def test_rotating_keys_while_serving_keeps_every_page_working(tmp_path, keys_from):
    env, client_id = _instance(tmp_path, keys_from)
    server = Server(env, tmp_path / "server.log", workers=2, threads=2)
    server.start()
    try:
        browser = Browser(server.port)
        browser.sign_in("river", PASSWORD)
        pages = [f"/clients/{client_id}/", f"/clients/{client_id}/edit/", "/clients/"]
        for path in pages:
            assert browser.get(path).status == 200, path

        old, new = _rotate(env, tmp_path, keys_from)

        # Every worker (several requests each) reads rows now under a key it never loaded.
        for _ in range(6):
            for path in pages:
                answer = browser.get(path)
                assert answer.status == 200, (path, answer.status)
                assert NAME in answer.body.decode()
        # What the server writes now goes under the new key, so the old key can go.
        words = f"After the rotation {secrets.token_hex(4)}"
        assert _edit(browser, client_id, words) == 302
        _retire(env, tmp_path, keys_from, old)
        for path in pages:
            answer = browser.get(path)
            assert answer.status == 200, (path, answer.status)
        assert words in browser.get(f"/clients/{client_id}/edit/").body.decode()
        status = manage(env, "rotate_keys", "--status")
        assert old not in status and f"{new}:" in status, status
    finally:
        server.stop()
    assert "Traceback" not in (tmp_path / "server.log").read_text(errors="replace")


SETUP_CHECK_IN = """
from alongside.clients.models import Client
from alongside.measures import links
from alongside.measures.models import Assignment, Schedule
from alongside.measures.schedule import make_due_for_client
client = Client.objects.get()
Assignment.objects.create(
    client=client, instrument="session-feedback", schedule=Schedule.ONCE, email_links=True
)
(check_in,) = make_due_for_client(client)
print(check_in.pk, links.issue_link(None, check_in))
"""


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_no_plaintext_copy_is_readable_by_others_or_in_the_access_log(tmp_path):
    """Files 0600 in a 0700 var dir (database, WAL/SHM, outbox); link tokens not in the log."""
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)  # as an older version, or a careless `mkdir`, left it
    env = environment(var)
    manage(env, "migrate", "--verbosity=0")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    output = manage(env, "shell", "-c", SETUP.format(password=PASSWORD, name=NAME))
    client_id = int(output.strip().splitlines()[-1])
    check_in_id, token = manage(env, "shell", "-c", SETUP_CHECK_IN).strip().splitlines()[-1].split()
    log = tmp_path / "server.log"
    server = Server(env, log, workers=1, threads=2)
    server.start()
    try:
        visitor = Browser(server.port)
        assert visitor.get(f"/check-in/{token}/").status == 200
        assert visitor.get(f"/check-in/{token}").status in (200, 301)
        invitation = "/welcome/MQ/c3x1y2-0123456789abcdef0123456789abcdef/"
        assert visitor.get(invitation).status in (200, 302, 404)
        therapist = Browser(server.port)
        therapist.sign_in("river", PASSWORD)
        # The server emails a link (to the outbox), and a page answers with a message.
        made = therapist.post(
            f"/clients/{client_id}/measures/check-ins/{check_in_id}/link/", {"send": "email"}
        )
        assert made.status == 302, made.status
        assert "messages" not in therapist.cookies  # no names in a readable cookie
        assert therapist.get(made.location).status == 200
    finally:
        server.stop()
    # The hourly job writes to the outbox too, from its own process.
    manage(env, "check_ins_due", "--base-url", "http://127.0.0.1")

    written = log.read_text(errors="replace")
    assert "/check-in/[redacted]" in written and "/welcome/[redacted]/[redacted]/" in written
    assert token not in written and "0123456789abcdef0123456789abcdef" not in written

    assert _mode(var) == 0o700
    database = var / "alongside.sqlite3"
    outbox = sorted((var / "outbox").iterdir())
    assert outbox, "the outbox is empty"
    assert _mode(var / "outbox") == 0o700
    for path in [database, *outbox, *var.glob("alongside.sqlite3-*")]:
        assert _mode(path) == 0o600, (path.name, oct(_mode(path)))
    assert any(
        NAME in path.read_text(errors="replace") or "check-in" in path.read_text()
        for path in outbox
    )
