"""Sign and lock: a content hash at signing, 409 on edits, addenda beneath, verify_notes."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.core.crypto import keyring
from alongside.notes import signing
from alongside.notes.models import Addendum, Note, NoteStatus
from alongside.notes.tests.helpers import draft_note, signed_note


def test_signing_locks_the_note_and_stores_a_hash_of_the_plaintext(client, cast):
    note = draft_note(cast)
    client.force_login(cast.river)
    response = client.post(reverse("notes:sign", args=[note.pk]), {"version": note.version})
    assert response.status_code == 302
    note = Note.objects.get(pk=note.pk)
    assert (note.status, note.signed_by) == (NoteStatus.SIGNED, cast.river)
    assert len(note.content_hash) == 64
    assert note.content_hash == signing.note_hash(note)
    payload = signing.note_payload(note)
    assert payload["sections"]["agenda"] == note.agenda
    assert payload["signed_by"] == cast.river.pk
    assert AuditEvent.objects.filter(action="sign", object_id=str(note.pk)).count() == 1


def test_signing_for_a_client_not_on_the_portal_says_when_they_can_read_it(client, cast):
    cast.client_user.set_unusable_password()
    cast.client_user.save(update_fields=["password"])
    note = draft_note(cast)
    client.force_login(cast.river)
    review = client.get(reverse("notes:sign", args=[note.pk])).content.decode()
    assert "(once they are on the portal: invite them from their record)" in review
    response = client.post(
        reverse("notes:sign", args=[note.pk]), {"version": note.version}, follow=True
    )
    body = response.content.decode()
    assert "Signed. The client can read the shared part once they are on the portal" in body
    assert "The client can now read" not in body
    assert "The client can read the shared part</span>" not in body


def test_signing_for_a_client_on_the_portal_says_they_can_read_it_now(client, cast):
    note = draft_note(cast)
    client.force_login(cast.river)
    response = client.post(
        reverse("notes:sign", args=[note.pk]), {"version": note.version}, follow=True
    )
    body = response.content.decode()
    assert "Signed. The client can now read the shared part." in body
    assert "once they are on the portal" not in body


def test_an_empty_note_cannot_be_signed(client, cast):
    from alongside.notes import records
    from alongside.notes.tests.helpers import make_session

    note = records.start_note(cast.river, make_session(cast.client))
    client.force_login(cast.river)
    response = client.post(reverse("notes:sign", args=[note.pk]), {"version": note.version})
    assert response.status_code == 200
    assert "This note is empty" in response.content.decode()
    assert Note.objects.get(pk=note.pk).status == NoteStatus.DRAFT


def test_signing_what_you_did_not_see_is_refused(client, cast):
    note = draft_note(cast)
    client.force_login(cast.river)
    response = client.post(reverse("notes:sign", args=[note.pk]), {"version": note.version - 1})
    assert response.status_code == 200
    assert "changed after you opened this page" in response.content.decode()
    assert Note.objects.get(pk=note.pk).status == NoteStatus.DRAFT


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", ["notes:edit", "notes:sign"])
def test_editing_a_signed_note_gets_409_with_a_clear_page(client, cast, name, method):
    note = signed_note(cast)
    client.force_login(cast.river)
    data = {"version": note.version, "agenda": "Rewritten history"} if method == "post" else None
    response = getattr(client, method)(reverse(name, args=[note.pk]), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "This note is signed and locked" in body
    assert reverse("notes:addendum", args=[note.pk]) in body
    assert Note.objects.get(pk=note.pk).agenda != "Rewritten history"


def test_autosave_on_a_signed_note_gets_409(client, cast):
    note = signed_note(cast)
    client.force_login(cast.river)
    response = client.post(
        reverse("notes:autosave", args=[note.pk]), {"version": note.version, "agenda": "x"}
    )
    assert response.status_code == 409
    assert Note.objects.get(pk=note.pk).agenda != "x"


def test_an_addendum_is_shown_beneath_the_note_with_its_time_and_author(client, cast):
    note = signed_note(cast)
    client.force_login(cast.river)
    response = client.post(
        reverse("notes:addendum", args=[note.pk]), {"text": "Correction: it was the landlord."}
    )
    assert response.status_code == 302
    addendum = Addendum.objects.get(note=note)
    assert addendum.content_hash == signing.addendum_hash(addendum)
    body = client.get(note.get_absolute_url()).content.decode()
    assert body.index(note.strategies) < body.index("Correction: it was the landlord.")
    assert "Added by River" in body
    assert f"{addendum.created_at:%Y}" in body
    # The client reads it too, under the note.
    client.force_login(cast.client_user)
    body = client.get(reverse("notes:my_note", args=[note.pk])).content.decode()
    assert "Correction: it was the landlord." in body and "River added this on" in body
    # The note itself never changed.
    assert Note.objects.get(pk=note.pk).content_hash == note.content_hash


def test_an_addendum_on_a_draft_sends_you_back_to_editing(client, cast):
    note = draft_note(cast)
    client.force_login(cast.river)
    response = client.post(reverse("notes:addendum", args=[note.pk]), {"text": "x"})
    assert response.status_code == 302 and not Addendum.objects.exists()


def test_verify_notes_passes_when_nothing_changed(cast, capsys):
    signed_note(cast)
    call_command("verify_notes")
    assert "All 1 signed notes and addenda match" in capsys.readouterr().out


def _overwrite(table, column, pk, text):
    # Behind the application's back: a valid ciphertext (same key ring) for other text.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
            [keyring().encrypt(text), pk],
        )


def test_verify_notes_names_a_note_changed_in_the_database(cast, capsys):
    untouched = signed_note(cast, days_ago=14)
    note = signed_note(cast, days_ago=7)
    _overwrite("notes_note", "meanings", note.pk, "Something the therapist never signed")
    assert Note.objects.get(pk=note.pk).meanings == "Something the therapist never signed"
    with pytest.raises(CommandError, match="1 of 2 signed records changed"):
        call_command("verify_notes")
    err = capsys.readouterr().err
    assert f"Note {note.pk}: content no longer matches" in err
    assert f"Note {untouched.pk}:" not in err


def test_verify_notes_names_a_changed_agreed_action_and_a_changed_addendum(cast, capsys):
    from alongside.notes import records

    note = signed_note(cast)
    addendum = records.add_addendum(cast.river, note, "Added later")
    _overwrite("notes_agreedaction", "text", note.actions.first().pk, "Never agreed")
    _overwrite("notes_addendum", "text", addendum.pk, "Never added")
    with pytest.raises(CommandError):
        call_command("verify_notes")
    err = capsys.readouterr().err
    assert f"Note {note.pk}:" in err
    assert f"Addendum {addendum.pk} to note {note.pk}:" in err


def test_verify_notes_reports_text_that_no_longer_decrypts(cast, capsys):
    note = signed_note(cast)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE notes_note SET agenda = %s WHERE id = %s", ["t1$garbage", note.pk])
    with pytest.raises(CommandError):
        call_command("verify_notes")
    assert "can no longer be decrypted" in capsys.readouterr().err


def test_marking_an_action_done_after_signing_keeps_the_signature_valid(client, cast, capsys):
    note = signed_note(cast)
    action = note.actions.first()
    client.force_login(cast.river)
    response = client.post(reverse("notes:action_done", args=[note.pk, action.pk]), {"done": "1"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done and action.done_at
    call_command("verify_notes")
    assert "match" in capsys.readouterr().out
