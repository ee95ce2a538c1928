"""The privacy officer marks each emergency opening reviewed: by whom, when, and a note in
their own words (encrypted, audited), listed apart from those still to review."""

from django.db import connection
from django.urls import reverse

from alongside.audit.models import Action, AuditEvent
from alongside.clients import emergency
from alongside.clients.tests.test_privacy_officer import REASON, REVIEW, _officer

NOTE = "CANARY-REVIEW-NOTE: justified, duty line call confirmed with the colleague."


def _opening(cast):
    return emergency.grant(cast.colleague, cast.client.pk, REASON)


def _mark(client, access, note=NOTE):
    return client.post(
        reverse("clients:emergency_mark_reviewed", args=[access.pk]),
        {"note": note},
    )


def _section(body, heading_id):
    start = body.index(f'id="{heading_id}"')
    return body[start : body.index("</section>", start)]


def test_an_opening_waits_for_review_until_the_officer_marks_it_with_a_note(client, cast):
    access = _opening(cast)
    client.force_login(_officer(cast.admin))
    body = client.get(REVIEW).content.decode()
    assert f'id="opening-{access.pk}"' in _section(body, "to-review-h")
    response = _mark(client, access)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#reviewed-{access.pk}")
    access.refresh_from_db()
    assert access.reviewed_by == cast.admin and access.reviewed_at is not None
    assert access.review_note == NOTE
    body = client.get(REVIEW).content.decode()
    assert f'id="opening-{access.pk}"' not in _section(body, "to-review-h")
    reviewed = _section(body, "reviewed-h")
    assert f'id="reviewed-{access.pk}"' in reviewed
    assert NOTE in reviewed and "Admin" in reviewed


def test_the_review_is_audited_and_its_note_is_stored_encrypted(client, cast):
    access = _opening(cast)
    client.force_login(_officer(cast.admin))
    _mark(client, access)
    assert AuditEvent.objects.filter(
        action=Action.UPDATE,
        object_type="emergency_access",
        object_id=str(access.pk),
        actor_id=cast.admin.pk,
        client_id=cast.client.pk,
    ).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT review_note FROM clients_emergencyaccess WHERE id = %s", [access.pk])
        stored = cursor.fetchone()[0]
    assert stored and "CANARY-REVIEW-NOTE" not in stored


def test_a_review_without_a_note_is_refused_next_to_the_field(client, cast):
    access = _opening(cast)
    client.force_login(_officer(cast.admin))
    response = _mark(client, access, note="")
    assert response.status_code == 200
    assert f'id="review-{access.pk}-note_errors"' in response.content.decode()
    access.refresh_from_db()
    assert access.reviewed_at is None


def test_a_review_is_not_overwritten_by_a_second_one(client, cast):
    access = _opening(cast)
    _officer(cast.sam, email="sam@example.invalid")
    client.force_login(_officer(cast.admin))
    _mark(client, access)
    client.force_login(cast.sam)
    _mark(client, access, note="Second opinion")
    access.refresh_from_db()
    assert access.reviewed_by == cast.admin and access.review_note == NOTE


def test_only_a_privacy_officer_of_the_practice_may_mark_an_opening_reviewed(client, cast):
    access = _opening(cast)
    _officer(cast.outsider_therapist)
    for who, user in cast.others_than("admin").items():
        client.force_login(user)
        assert _mark(client, access).status_code == 404, who
    access.refresh_from_db()
    assert access.reviewed_at is None
