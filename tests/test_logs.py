"""Logs an operator can search, with no clinical content (issue 17: logs).

- Each request has an id, from a well-formed proxy header or made fresh, in the response
  and on every line logged while it runs.
- ALONGSIDE_LOG_FORMAT=json makes every line of a running server's log one JSON object.
- A whole session of work (reads, an edit, a refused form, a CSRF refusal, a missing page,
  a check-in link) leaves none of the client's words and no link token in the log.
"""

import json
import logging

import pytest
from django.test import RequestFactory

from alongside.core.logs import AddRequestId, JsonLines, RequestIdMiddleware, current_request_id
from tests.html_forms import versioned_form
from tests.loopback import Browser, Server, environment, manage

CANARY_NAME = "Wren Canarysurname"
CANARY_WORDS = "canary-words-about-my-landlord-7f3a"
CANARY_EDIT = "canary-edit-about-immigration-9c1d"
PASSWORD = "log-test-password-not-secret"  # noqa: S105


def _respond(offered=None):
    seen = {}

    def view(request):
        seen["inside"] = current_request_id()
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = RequestFactory().get("/", **({"HTTP_X_REQUEST_ID": offered} if offered else {}))
    response = RequestIdMiddleware(view)(request)
    return response, seen["inside"]


def test_a_well_formed_proxy_request_id_is_kept_and_returned():
    response, inside = _respond("proxy-0123456789")
    assert response["X-Request-ID"] == inside == "proxy-0123456789"
    assert current_request_id() == "-"  # nothing leaks past the request


@pytest.mark.parametrize(
    "offered", ["short", "a" * 65, "evil\nINFO forged line", 'id" "x', "ünïcode-id-0123"]
)
def test_a_malformed_proxy_request_id_is_replaced(offered):
    response, inside = _respond(offered)
    assert response["X-Request-ID"] == inside != offered
    assert len(inside) == 16 and inside.isalnum()


def test_a_json_line_is_one_object_with_the_request_id_and_exception_class():
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Boom %s", ("x",), None
    )
    try:
        raise ValueError("multi\nline")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    AddRequestId().filter(record)
    line = JsonLines().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Boom x" and entry["request_id"] == "-"
    assert entry["exception"] == "ValueError" and "Traceback" in entry["traceback"]


SETUP = """
from alongside.accounts.models import Practice, Role, User
from alongside.clients.models import Client
from alongside.measures import links
from alongside.measures.models import Assignment, Schedule
from alongside.measures.schedule import make_due_for_client
practice = Practice.objects.create(name="Log practice")
therapist = User(username="river", role=Role.THERAPIST, practice=practice)
therapist.set_password({password!r})
therapist.save()
client = Client.objects.create(
    practice=practice, therapist=therapist, chosen_name={name!r}, pronouns="they/them",
    email="wren@example.invalid", self_description={words!r},
)
Assignment.objects.create(
    client=client, instrument="session-feedback", schedule=Schedule.ONCE, email_links=True
)
(check_in,) = make_due_for_client(client)
print(client.pk, links.issue_link(None, check_in))
"""


def test_a_running_servers_json_log_has_ids_and_no_clinical_content(tmp_path):
    env = environment(tmp_path, ALONGSIDE_LOG_FORMAT="json")
    manage(env, "migrate", "--verbosity=0")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    setup = SETUP.format(password=PASSWORD, name=CANARY_NAME, words=CANARY_WORDS)
    client_id, token = manage(env, "shell", "-c", setup).strip().splitlines()[-1].split()
    log = tmp_path / "server.log"
    server = Server(env, log, workers=1, threads=2)
    server.start()
    ids = []
    try:
        river = Browser(server.port)
        river.sign_in("river", PASSWORD)
        for path in (f"/clients/{client_id}/", "/clients/", f"/clients/{client_id}/edit/"):
            answer = river.get(path)
            assert answer.status == 200, path
            assert CANARY_NAME in answer.body.decode()
            ids.append(answer.headers["x-request-id"])
        _action, data = versioned_form(river.get(f"/clients/{client_id}/edit/").body.decode())
        fields = {name: values[0] for name, values in data.items() if values}
        fields.pop("csrfmiddlewaretoken", None)
        refused = river.post(
            f"/clients/{client_id}/edit/", {**fields, "self_description": CANARY_EDIT * 2000}
        )
        assert refused.status == 200  # too long: refused, shown again, not saved
        saved = river.post(
            f"/clients/{client_id}/edit/", {**fields, "self_description": CANARY_EDIT}
        )
        assert saved.status == 302
        ids.append(saved.headers["x-request-id"])
        stranger = Browser(server.port)
        assert stranger.post("/sign-in/", {"username": CANARY_NAME}).status == 403  # no CSRF
        assert river.get(f"/clients/{client_id}999/").status == 404
        assert Browser(server.port).get(f"/check-in/{token}/").status == 200
    finally:
        server.stop()

    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    access = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    assert {entry["request_id"] for entry in access} >= set(ids)
    refused_lines = [entry for entry in entries if entry.get("status") in (403, 404)]
    assert {entry["status"] for entry in refused_lines} == {403, 404}, refused_lines
    access_ids = {entry["request_id"] for entry in access}
    assert all(entry["request_id"] in access_ids for entry in refused_lines), refused_lines
    written = log.read_text(errors="replace")
    for secret in (CANARY_NAME, CANARY_WORDS, CANARY_EDIT, "Canarysurname", token):
        assert secret not in written, secret
