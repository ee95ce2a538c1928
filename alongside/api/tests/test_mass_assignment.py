"""Mass assignment: a caller adds fields the operation does not take (who owns the record,
which practice, whether a note is signed, a resource's review state) hoping the write sets
them. Only the fields the operation documents may change."""

from alongside.api.tests.test_api import V1
from alongside.clients.models import Client
from alongside.notes.models import Note, NoteStatus
from alongside.notes.tests import helpers as notes_objects
from alongside.resources.models import Review, Service

OWNERSHIP = {
    "id": 999_999,
    "pk": 999_999,
    "practice": None,
    "practice_id": None,
    "therapist": None,
    "therapist_id": None,
    "user": None,
    "user_id": None,
    "legal_name": "Taken Over",
    "archived_at": "2020-01-01T00:00:00Z",
    "share_with_equity": True,
}


def test_a_profile_patch_changes_no_owner_practice_or_id(cast, token_for, call):
    cast.client.refresh_from_db()
    before = Client.objects.filter(pk=cast.client.pk).values().get()
    hijack = {**OWNERSHIP, "practice_id": cast.outsider_therapist.practice_id}
    hijack["therapist_id"] = cast.outsider_therapist.pk
    hijack["user_id"] = cast.other_client_user.pk
    answer = call(
        token_for(cast.river),
        "PATCH",
        f"{V1}/clients/{cast.client.pk}",
        {"version": cast.client.version, "pronouns": "they/them", **hijack},
    )
    assert answer.status_code in (200, 422), answer.content
    after = Client.objects.filter(pk=cast.client.pk).values().get()
    changed = {k for k in before if before[k] != after[k]}
    assert changed <= {"pronouns", "version", "updated_at", "name_bucket"}, changed


def test_a_draft_sent_as_signed_stays_a_draft_of_its_own_session(cast, token_for, call):
    session = notes_objects.cast_session(cast)
    Note.objects.filter(session=session).delete()
    answer = call(
        token_for(cast.river),
        "POST",
        f"{V1}/clients/{cast.client.pk}/sessions/{session.pk}/note",
        {
            "agenda": "Housing letter",
            "status": NoteStatus.SIGNED,
            "signed_at": "2020-01-01T00:00:00Z",
            "content_hash": "0" * 64,
            "author_id": cast.colleague.pk,
            "session_id": 999_999,
        },
    )
    assert answer.status_code in (200, 422), answer.content
    note = Note.objects.get(session=session)
    assert note.status == NoteStatus.DRAFT
    assert note.signed_at is None and not note.content_hash
    assert note.session_id == session.pk


def test_a_suggested_resource_can_not_approve_itself_or_land_in_another_practice(
    cast, token_for, call
):
    answer = call(
        token_for(cast.river),
        "POST",
        f"{V1}/resources",
        {
            "name": "Tenants union",
            "organization_name": "Union",
            "needs": ["housing"],
            "review": Review.APPROVED,
            "practice_id": cast.outsider_therapist.practice_id,
            "suggested_by_id": cast.admin.pk,
        },
    )
    assert answer.status_code == 200, answer.content
    service = Service.objects.get(name="Tenants union")
    assert service.review == Review.SUGGESTED
    assert service.practice_id == cast.practice.pk
