"""Supervision comments, and holding a note back (never silently)."""

from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.notes.models import Note, SupervisionComment
from alongside.notes.tests.helpers import allow_holding_back, draft_note, signed_note


def test_a_supervisor_reads_a_supervisees_signed_note_and_comments(client, cast):
    note = signed_note(cast)
    client.force_login(cast.sam)
    body = client.get(note.get_absolute_url()).content.decode()
    assert note.systems in body and "Read-only" in body
    record = client.get(cast.client.get_absolute_url()).content.decode()
    assert reverse("notes:detail", args=[note.pk]) in record
    response = client.post(
        reverse("notes:supervision_comment", args=[note.pk]),
        {"supervision-text": "CANARY-SUPERVISION: notice the rush to fix."},
    )
    assert response.status_code == 302
    comment = SupervisionComment.objects.get(note=note)
    assert comment.author == cast.sam
    # The therapist is told on the caseload, sees it on the note, and then it stops waiting.
    client.force_login(cast.river)
    waiting = "Sam commented on Ash Canary's"
    caseload = client.get(reverse("clients:caseload")).content.decode()
    assert waiting in caseload and "CANARY-SUPERVISION" not in caseload
    client.force_login(cast.colleague)  # another therapist is not told
    assert waiting not in client.get(reverse("clients:caseload")).content.decode()
    client.force_login(cast.river)
    assert "CANARY-SUPERVISION" in client.get(note.get_absolute_url()).content.decode()
    assert waiting not in client.get(reverse("clients:caseload")).content.decode()
    client.force_login(cast.sam)  # the supervisor reading it again does not count
    client.get(note.get_absolute_url())
    comment.refresh_from_db()
    assert comment.seen_at is not None
    client.force_login(cast.client_user)
    for url in [
        reverse("notes:my_note", args=[note.pk]),
        reverse("notes:my_notes"),
        reverse("portal:home"),
        reverse("notes:my_agreed"),
    ]:
        assert "CANARY-SUPERVISION" not in client.get(url).content.decode()


def test_a_supervisor_does_not_see_drafts_on_the_client_page(client, cast):
    draft = draft_note(cast)
    client.force_login(cast.sam)
    record = client.get(cast.client.get_absolute_url()).content.decode()
    assert reverse("notes:detail", args=[draft.pk]) not in record
    assert draft.agenda not in record


def test_a_supervisor_cannot_change_a_note(client, cast):
    note = signed_note(cast)
    client.force_login(cast.sam)
    assert client.post(reverse("notes:addendum", args=[note.pk]), {"text": "x"}).status_code == 404
    assert client.post(reverse("notes:release", args=[note.pk])).status_code == 404
    assert not note.addenda.exists()


def test_another_supervisor_cannot_read_or_comment(client, cast):
    note = signed_note(cast)
    client.force_login(cast.other_supervisor)
    assert client.get(note.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("notes:supervision_comment", args=[note.pk]), {"supervision-text": "x"}
    )
    assert response.status_code == 404
    assert not SupervisionComment.objects.exists()


def test_an_empty_supervision_comment_is_refused_next_to_the_field(client, cast):
    note = signed_note(cast)
    client.force_login(cast.sam)
    response = client.post(
        reverse("notes:supervision_comment", args=[note.pk]), {"supervision-text": ""}
    )
    assert response.status_code == 200
    assert 'id="id_supervision-text_errors"' in response.content.decode()


def test_holding_back_is_refused_unless_the_practice_allows_it(client, cast):
    note = signed_note(cast)
    client.force_login(cast.river)
    url = reverse("notes:hold", args=[note.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert not Note.objects.get(pk=note.pk).held_back
    assert "Hold back from the client" not in client.get(note.get_absolute_url()).content.decode()


def test_holding_back_needs_a_reason_and_is_recorded(client, cast):
    allow_holding_back(cast.practice)
    note = signed_note(cast)
    client.force_login(cast.river)
    url = reverse("notes:hold", args=[note.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and 'id="id_reason_errors"' in response.content.decode()
    assert not Note.objects.get(pk=note.pk).held_back
    assert client.post(url, {"reason": "Risk of harm if read now"}).status_code == 302
    note.refresh_from_db()
    assert (note.held_back, note.hold_reason, note.held_by) == (
        True,
        "Risk of harm if read now",
        cast.river,
    )
    assert AuditEvent.objects.filter(object_type="note_release", object_id=str(note.pk)).exists()
    detail = client.get(note.get_absolute_url()).content.decode()
    assert "Held back from the client." in detail and "Risk of harm if read now" in detail
    # Releasing makes it readable again.
    client.post(reverse("notes:release", args=[note.pk]))
    client.force_login(cast.client_user)
    assert client.get(reverse("notes:my_note", args=[note.pk])).status_code == 200


def test_the_practice_admin_turns_holding_back_on(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("notes:policy"), {"allow_holding_back": "on"})
    assert response.status_code == 302
    from alongside.notes.models import NotePolicy

    assert NotePolicy.holding_back_allowed(cast.practice)
    client.force_login(cast.river)
    assert client.get(reverse("notes:policy")).status_code == 404
