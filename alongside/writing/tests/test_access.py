"""The writing door (writing/access.py): checking text against a record reads the client's
preferences, so it goes through the client's door and is audited; another therapist's
record is the usual 404, audited as a refusal."""

from django.urls import reverse

from alongside.audit.models import AuditEvent, Outcome


def test_checking_text_in_a_record_is_audited_and_another_therapists_record_refused(client, cast):
    from alongside.writing import editor

    client.force_login(cast.river)
    fields = {"note": "He is non-compliant.", editor.SOURCE: "note", "language_region": "r1"}
    mine = client.post(reverse("writing:check"), {**fields, editor.CLIENT: cast.client.pk})
    assert mine.status_code == 200
    assert AuditEvent.objects.filter(
        object_type="language_check", client_id=cast.client.pk, outcome=Outcome.ALLOWED
    ).exists()
    theirs = client.post(reverse("writing:check"), {**fields, editor.CLIENT: cast.other_client.pk})
    assert theirs.status_code == 404
    assert AuditEvent.objects.filter(
        object_type="language_check", outcome=Outcome.DENIED
    ).get().object_id == str(cast.other_client.pk)
