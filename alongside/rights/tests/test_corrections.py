"""A client asks for a correction; the therapist accepts (the change is made, the request
kept) or declines with a reason the client reads. Both stay on the record."""

import json
import time

from django.urls import reverse

from alongside.accounts.middleware import REAUTH_AT
from alongside.audit.models import Action, AuditEvent
from alongside.clients.models import ClientActivity
from alongside.notes.models import Addendum
from alongside.notes.tests import helpers as notes_objects
from alongside.rights.exporting import export
from alongside.rights.models import Correction


def _sign_in(client, user):
    client.force_login(user)
    session = client.session
    session[REAUTH_AT] = time.time()
    session.save()


def _ask(client, cast, **data):
    _sign_in(client, cast.client_user)
    return client.post(reverse("rights:my_correction"), data)


def test_a_client_asks_and_their_therapist_hears_of_it(client, cast):
    response = _ask(client, cast, part="profile", text="My pronouns are they/them.")
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.client, correction.status) == (cast.client, "open")
    activity = ClientActivity.objects.get(client=cast.client)
    assert "they/them" not in activity.summary  # never quoting the client
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="correction").exists()


def test_a_correction_about_a_note_must_name_a_note_the_client_can_read(client, cast):
    page = _ask(client, cast, part="note", text="Not what I said.")
    assert page.status_code == 200 and not Correction.objects.exists()
    other = notes_objects.signed_note(cast)  # fine; now someone else's note
    from alongside.notes.models import Note

    Note.objects.filter(pk=other.pk).update(held_back=True)
    page = _ask(client, cast, part="note", note=other.pk, text="Not what I said.")
    assert page.status_code == 200 and not Correction.objects.exists()


def test_accepting_a_note_correction_adds_an_addendum_and_keeps_the_request(client, cast):
    note = notes_objects.cast_note(cast)
    _ask(client, cast, part="note", note=note.pk, text="I said my sister, not my mother.")
    correction = Correction.objects.get()
    _sign_in(client, cast.river)
    url = reverse("rights:answer_correction", args=[cast.client.pk, correction.pk])
    prefix = f"c{correction.pk}"
    response = client.post(
        url, {f"{prefix}-decision": "accepted", f"{prefix}-answer": "Corrected: her sister."}
    )
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.answer) == ("accepted", "Corrected: her sister.")
    assert Addendum.objects.get(note=note).text == "Corrected: her sister."
    _sign_in(client, cast.client_user)
    page = client.get(reverse("rights:my_rights")).content.decode()
    assert "I said my sister, not my mother." in page and "Corrected: her sister." in page


def test_declining_needs_a_reason_the_client_reads_and_both_go_in_the_export(client, cast):
    _ask(client, cast, part="formulation", text="I never said that.")
    correction = Correction.objects.get()
    _sign_in(client, cast.river)
    url = reverse("rights:answer_correction", args=[cast.client.pk, correction.pk])
    prefix = f"c{correction.pk}"
    empty = client.post(url, {f"{prefix}-decision": "declined", f"{prefix}-answer": ""})
    assert empty.status_code == 200
    correction.refresh_from_db()
    assert correction.status == "open"
    client.post(
        url,
        {f"{prefix}-decision": "declined", f"{prefix}-answer": "We wrote it together in May."},
    )
    correction.refresh_from_db()
    assert correction.status == "declined"
    _sign_in(client, cast.client_user)
    assert (
        "We wrote it together in May." in client.get(reverse("rights:my_rights")).content.decode()
    )
    document = json.loads(export(cast.client, cast.client_user, "json"))
    (row,) = document["sections"]["corrections"]["corrections"]
    assert (row["what_you_asked"], row["answer"]) == (
        "I never said that.",
        "We wrote it together in May.",
    )


def test_another_therapist_can_not_answer(client, cast):
    _ask(client, cast, part="profile", text="x")
    correction = Correction.objects.get()
    _sign_in(client, cast.colleague)
    url = reverse("rights:answer_correction", args=[cast.client.pk, correction.pk])
    assert client.post(url, {}).status_code == 404
    correction.refresh_from_db()
    assert correction.status == "open"
