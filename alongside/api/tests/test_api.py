"""The REST API: tokens, scopes, the same doors as the pages, field-level 422s and no
half-writes."""

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from alongside.api import tokens
from alongside.api.models import ApiToken
from alongside.audit.models import Action, AuditEvent, Outcome
from alongside.measures.models import Assignment
from alongside.notes.models import Note, PrivateReflection
from alongside.notes.tests import helpers as notes_objects

V1 = "/api/v1"


def test_a_token_is_stored_only_as_its_hash(cast):
    token, plaintext = tokens.create(cast.river, name="script", scopes="read", days=7)
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in str(ApiToken.objects.values_list().get())
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        assert plaintext not in repr(cursor.fetchall())


def test_clients_can_not_have_tokens(cast):
    with pytest.raises(PermissionError):
        tokens.create(cast.client_user, name="x", scopes="read", days=7)


def test_without_a_token_or_with_a_bad_one_every_call_is_401(cast, call, client):
    assert call(None, "GET", f"{V1}/clients/").status_code == 401
    assert call("alg_not-a-token", "GET", f"{V1}/clients/").status_code == 401
    # A signed-in browser session is not an API credential.
    client.force_login(cast.river)
    assert client.get(f"{V1}/clients/").status_code == 401


def test_a_revoked_or_expired_token_stops_working(cast, call):
    token, plaintext = tokens.create(cast.river, name="x", scopes="read", days=7)
    assert call(plaintext, "GET", f"{V1}/clients/").status_code == 200
    tokens.revoke(cast.river, token)
    assert call(plaintext, "GET", f"{V1}/clients/").status_code == 401
    other, second = tokens.create(cast.river, name="y", scopes="read", days=7)
    ApiToken.objects.filter(pk=other.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call(second, "GET", f"{V1}/clients/").status_code == 401


def test_the_list_holds_only_the_callers_clients(cast, token_for, call):
    ids = [c["id"] for c in call(token_for(cast.river), "GET", f"{V1}/clients/").json()]
    assert ids == [cast.client.pk]
    assert call(token_for(cast.admin), "GET", f"{V1}/clients/").json() == []


def test_another_therapists_client_is_404_and_the_try_is_audited(cast, token_for, call):
    response = call(token_for(cast.river), "GET", f"{V1}/clients/{cast.other_client.pk}")
    assert response.status_code == 404
    assert "Noor" not in response.content.decode()
    denied = AuditEvent.objects.filter(outcome=Outcome.DENIED).last()
    assert (denied.actor_id, denied.object_id) == (cast.river.pk, str(cast.other_client.pk))


def test_every_call_is_audited_with_the_token(cast, token_for, call):
    plaintext = token_for(cast.river)
    before = AuditEvent.objects.filter(object_type="api_call").count()
    call(plaintext, "GET", f"{V1}/clients/")
    call(plaintext, "GET", f"{V1}/clients/{cast.client.pk}/sessions")
    calls = AuditEvent.objects.filter(object_type="api_call", actor_id=cast.river.pk)
    assert calls.count() == before + 2
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="sessions", client_id=cast.client.pk
    ).exists()


def test_a_read_token_can_not_write(cast, token_for, call):
    response = call(
        token_for(cast.river, write=False),
        "PATCH",
        f"{V1}/clients/{cast.client.pk}",
        {"version": 1, "pronouns": "they/them"},
    )
    assert response.status_code == 403
    cast.client.refresh_from_db()
    assert cast.client.pronouns == "he/him"


def test_a_profile_update_changes_only_what_was_sent(cast, token_for, call):
    response = call(
        token_for(cast.river),
        "PATCH",
        f"{V1}/clients/{cast.client.pk}",
        {"version": 1, "pronouns": "they/them"},
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    cast.client.refresh_from_db()
    assert (cast.client.pronouns, cast.client.chosen_name) == ("they/them", "Ash Canary")


def test_bad_input_is_422_by_field_and_nothing_is_saved(cast, token_for, call):
    plaintext = token_for(cast.river)
    url = f"{V1}/clients/{cast.client.pk}"
    bad = call(plaintext, "PATCH", url, {"version": 1, "naming_style": "bogus", "pronouns": "x"})
    assert bad.status_code == 422
    assert [e["loc"] for e in bad.json()["detail"]] == [["body", "naming_style"]]
    nul = call(plaintext, "PATCH", url, {"version": 1, "pronouns": "a\x00b"})
    assert nul.status_code == 422 and nul.json()["detail"][0]["loc"] == ["body", "pronouns"]
    typed = call(plaintext, "PATCH", url, {"version": "one"})
    assert typed.status_code == 422 and typed.json()["detail"][0]["loc"][-1] == "version"
    cast.client.refresh_from_db()
    assert (cast.client.pronouns, cast.client.version) == ("he/him", 1)


def test_a_stale_version_is_409(cast, token_for, call):
    plaintext = token_for(cast.river)
    url = f"{V1}/clients/{cast.client.pk}"
    assert call(plaintext, "PATCH", url, {"version": 1, "pronouns": "a"}).status_code == 200
    assert call(plaintext, "PATCH", url, {"version": 1, "pronouns": "b"}).status_code == 409


def test_supervisors_read_but_can_not_write(cast, token_for, call):
    plaintext = token_for(cast.sam)
    url = f"{V1}/clients/{cast.client.pk}"
    assert call(plaintext, "GET", url).status_code == 200
    assert call(plaintext, "PATCH", url, {"version": 1, "pronouns": "x"}).status_code == 404


def test_a_draft_note_is_written_and_a_bad_one_leaves_nothing(cast, token_for, call):
    plaintext = token_for(cast.river)
    session = notes_objects.cast_session(cast)
    Note.objects.filter(session=session).delete()
    url = f"{V1}/clients/{cast.client.pk}/sessions/{session.pk}/note"
    bad = call(plaintext, "POST", url, {"agenda": "a\x00"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "agenda"]
    assert not Note.objects.filter(session=session).exists()
    good = call(plaintext, "POST", url, {"agenda": "Housing letter"})
    assert good.status_code == 200 and good.json()["status"] == "draft"
    assert Note.objects.get(session=session).agenda == "Housing letter"


def test_a_draft_written_by_the_api_keeps_the_private_reflection(cast, token_for, call):
    draft = notes_objects.cast_draft(cast)
    PrivateReflection.objects.update_or_create(
        note=draft, author=cast.river, defaults={"text": "KEEP-ME"}
    )
    url = f"{V1}/clients/{cast.client.pk}/sessions/{draft.session_id}/note"
    assert call(token_for(cast.river), "POST", url, {"agenda": "new"}).status_code == 200
    assert PrivateReflection.objects.get(note=draft).text == "KEEP-ME"


def test_a_signed_note_can_not_be_rewritten(cast, token_for, call):
    note = notes_objects.cast_note(cast)
    url = f"{V1}/clients/{cast.client.pk}/sessions/{note.session_id}/note"
    assert call(token_for(cast.river), "POST", url, {"agenda": "x"}).status_code == 409
    note.refresh_from_db()
    assert note.agenda != "x"


def test_signed_notes_are_read_and_private_reflections_never(cast, token_for, call):
    note = notes_objects.cast_note(cast)
    body = call(token_for(cast.river), "GET", f"{V1}/clients/{cast.client.pk}/notes")
    assert [n["id"] for n in body.json()] == [note.pk]
    assert notes_objects.CANARY_REFLECTION not in body.content.decode()


def test_assigning_a_check_in_validates_like_the_page(cast, token_for, call):
    plaintext = token_for(cast.river)
    url = f"{V1}/clients/{cast.client.pk}/assignments"
    bad = call(plaintext, "POST", url, {"instrument": "nope", "schedule": "once"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "instrument"]
    weeks = call(plaintext, "POST", url, {"instrument": "phq-9", "schedule": "every_n_weeks"})
    assert weeks.status_code == 422 and weeks.json()["detail"][0]["loc"] == ["body", "every_weeks"]
    assert not Assignment.objects.exists()
    good = call(plaintext, "POST", url, {"instrument": "phq-9", "schedule": "once"})
    assert good.status_code == 200 and Assignment.objects.get().instrument == "phq-9"


def test_responses_come_as_a_valid_fhir_bundle(cast, token_for, call):
    from alongside.measures.tests.conftest import answered, phq

    answered(cast.client, "phq-9", phq(1, 1, 1, 1, 1, 1, 1, 1, 0))
    body = call(token_for(cast.river), "GET", f"{V1}/clients/{cast.client.pk}/responses/fhir")
    bundle = Bundle.model_validate(body.json())
    assert bundle.entry[0].resource.get_resource_type() == "QuestionnaireResponse"
    rows = call(token_for(cast.river), "GET", f"{V1}/clients/{cast.client.pk}/responses").json()
    assert rows[0]["total"] == 8


def test_everything_comes_as_one_bundle_with_its_timestamp(cast, token_for, call):
    body = call(token_for(cast.river), "GET", f"{V1}/clients/{cast.client.pk}/everything").json()
    bundle = Bundle.model_validate(body)
    assert bundle.timestamp is not None
    assert bundle.entry[0].resource.name[0].text == "Ash Canary"


def test_calls_over_the_limit_get_429(cast, token_for, call, settings):
    settings.API_CALLS_PER_MINUTE = 3
    plaintext = token_for(cast.river)
    codes = [call(plaintext, "GET", f"{V1}/clients/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = token_for(cast.river)  # the limit is per token
    assert call(other, "GET", f"{V1}/clients/").status_code == 200


def test_a_program_writes_without_a_csrf_token(cast, token_for):
    """Bearer tokens are not sent by browsers on their own, so the API needs no CSRF token;
    the pages still do."""
    from django.test import Client as DjangoClient

    program = DjangoClient(enforce_csrf_checks=True)
    response = program.patch(
        f"{V1}/clients/{cast.client.pk}",
        {"version": 1, "pronouns": "they/them"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(cast.river)}",
    )
    assert response.status_code == 200
