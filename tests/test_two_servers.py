"""Two app servers on one PostgreSQL, as docs/deploy.md lays them out (issue 17).

Nothing an app server needs lives only on its own disk: sessions, the mail queue, the
audit chain and every record are in the database, and the keys come from the environment.
So a person signed in on one server carries on on the other, an edit saved on one is read
on the other, two saves of the same version across servers keep one and tell the other,
and signing out on one ends the session on both.

It needs a PostgreSQL server, so it runs in CI's PostgreSQL pass (DATABASE_URL set to
postgres://...), where it makes and drops a database of its own.
"""

import html
import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.html_forms import versioned_form
from tests.loopback import Browser, Server, environment, manage

PASSWORD = "two-servers-password-not-secret"  # noqa: S105
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))

pytestmark = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs PostgreSQL (runs in CI's PostgreSQL pass)"
)

SETUP = """
from alongside.accounts.models import Practice, Role, User
from alongside.clients.models import Client
practice = Practice.objects.create(name="Two servers practice")
therapist = User(username="river", role=Role.THERAPIST, practice=practice)
therapist.set_password({password!r})
therapist.save()
client = Client.objects.create(
    practice=practice, therapist=therapist, chosen_name="Two Servers Client",
    pronouns="they/them", self_description="Written before",
)
print(client.pk)
"""


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _admin(sql: str) -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/") or "postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)


@pytest.fixture
def shared_database():
    name = f"alongside_two_{secrets.token_hex(4)}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(DATABASE_URL, name)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _form(browser, path):
    page = browser.get(path)
    assert page.status == 200, (path, page.status)
    _action, data = versioned_form(page.body.decode())
    data.pop("csrfmiddlewaretoken", None)
    return {name: values[0] for name, values in data.items() if values}


def _on(server: Server, person: Browser) -> Browser:
    """The same person (same cookies) reaching the other server."""
    other = Browser(server.port)
    other.cookies = person.cookies  # shared on purpose: one browser, two servers
    return other


def test_a_person_works_across_two_app_servers_on_one_database(tmp_path, shared_database):
    env = environment(tmp_path, database_url=shared_database)
    manage(env, "migrate", "--verbosity=0")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    client_id = int(manage(env, "shell", "-c", SETUP.format(password=PASSWORD)).split()[-1])
    first = Server(env, tmp_path / "first.log", workers=1, threads=2)
    second = Server(env, tmp_path / "second.log", workers=1, threads=2)
    first.start()
    second.start()
    edit = f"/clients/{client_id}/edit/"
    try:
        on_first = Browser(first.port)
        on_first.sign_in("river", PASSWORD)  # signed in on the first server only
        on_second = _on(second, on_first)
        assert on_second.get(f"/clients/{client_id}/").status == 200  # no second sign-in

        # Written on the second, read on the first.
        fields = _form(on_second, edit)
        assert on_second.post(edit, {**fields, "self_description": "Saved on two"}).status == 302
        assert "Saved on two" in html.unescape(on_first.get(edit).body.decode())

        # Both open the same version; the first save wins, the other is told, not lost.
        opened_on_first = _form(on_first, edit)
        opened_on_second = _form(on_second, edit)
        won = on_first.post(edit, {**opened_on_first, "self_description": "First wins"})
        assert won.status == 302
        told = on_second.post(edit, {**opened_on_second, "self_description": "Second told"})
        assert told.status == 200
        page = html.unescape(told.body.decode())
        assert "Someone else saved this record after you opened it." in page
        assert "Second told" in page  # what they typed is kept for them
        final = html.unescape(on_second.get(edit).body.decode())
        assert "First wins" in final and "Second told" not in final

        # Signing out on one server ends the session on both.
        assert on_second.post("/sign-out/", {}).status in (302, 200)
        assert on_first.get(f"/clients/{client_id}/").status == 302
    finally:
        first.stop()
        second.stop()
    for log in ("first.log", "second.log"):
        assert "Traceback" not in (tmp_path / log).read_text(errors="replace")
