"""Open notes: the client reads the shared part once signed, adds "my perspective", says
"this doesn't fit me", and the therapist sees it and replies."""

from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.clients.models import ClientActivity
from alongside.notes.models import Flag, Perspective
from alongside.notes.tests.helpers import draft_note, sign, signed_note


def _portal(client, cast, note):
    client.force_login(cast.client_user)
    return client.get(reverse("notes:my_note", args=[note.pk]))


def test_a_draft_is_not_in_the_portal(client, cast):
    note = draft_note(cast)
    assert _portal(client, cast, note).status_code == 404
    body = client.get(reverse("notes:my_notes")).content.decode()
    assert "No notes to read yet." in body


def test_once_signed_the_client_reads_the_shared_part_in_plain_words(client, cast):
    note = signed_note(cast)
    response = _portal(client, cast, note)
    body = response.content.decode()
    assert response.status_code == 200
    for heading in [
        "What you wanted to talk about",
        "What we talked about",
        "What it means to you",
        "How you get through and push back",
        "Power between us",
        "What we agreed",
    ]:
        assert heading in body, heading
    # Empty sections are left out; staff jargon is not used.
    assert "When things went wrong between us" not in body
    assert "Resistance and resilience strategies" not in body
    assert "Phone the housing office" in body and "Not yet" in body
    assert body.count("This doesn't fit me") >= 5
    assert AuditEvent.objects.filter(
        actor_id=cast.client_user.pk, object_type="note", object_id=str(note.pk), action="view"
    ).exists()


def test_another_client_cannot_read_it(client, cast):
    note = signed_note(cast)
    client.force_login(cast.other_client_user)
    assert client.get(reverse("notes:my_note", args=[note.pk])).status_code == 404
    assert "Phone the housing office" not in client.get(reverse("notes:my_agreed")).content.decode()


def test_my_perspective_is_kept_with_the_note_and_the_therapist_is_told(client, cast):
    note = signed_note(cast)
    client.force_login(cast.client_user)
    response = client.post(
        reverse("notes:my_perspective", args=[note.pk]),
        {"perspective-text": "I want a plan B for when my cousin can't come."},
    )
    assert response.status_code == 302
    assert Perspective.objects.get(note=note).text.startswith("I want a plan B")
    activity = ClientActivity.objects.get(client=cast.client)
    assert activity.kind == "note_perspective"
    assert "plan B" not in activity.summary  # never quotes the client
    # The therapist sees it on the caseload and the client page, and on the note.
    client.force_login(cast.river)
    caseload = client.get(reverse("clients:caseload")).content.decode()
    assert "Ash Canary added their perspective" in caseload
    record = client.get(cast.client.get_absolute_url()).content.decode()
    # Lower-case like the other "new from client" lines ("approved a letter").
    assert "added their perspective to a session note" in record
    assert "Added their perspective" not in record
    assert "1 from the client waits for a reply" in record
    detail = client.get(note.get_absolute_url()).content.decode()
    assert "I want a plan B" in detail and "Waiting for your reply" in detail


def test_an_empty_perspective_is_refused_next_to_the_field(client, cast):
    note = signed_note(cast)
    client.force_login(cast.client_user)
    response = client.post(
        reverse("notes:my_perspective", args=[note.pk]), {"perspective-text": ""}
    )
    assert response.status_code == 200
    assert 'id="id_perspective-text_errors"' in response.content.decode()
    assert not Perspective.objects.exists() and not ClientActivity.objects.exists()


def test_this_doesnt_fit_me_on_a_section_with_a_reason(client, cast):
    note = signed_note(cast)
    client.force_login(cast.client_user)
    url = reverse("notes:my_flag", args=[note.pk])
    page = client.get(url + "?section=meanings").content.decode()
    assert 'value="meanings" required id="id_flag-section_2" checked' in page
    assert 'value="ruptures"' not in page  # empty sections can't be flagged
    response = client.post(url, {"flag-section": "meanings", "flag-reason": "It's tiredness."})
    assert response.status_code == 302
    flag = Flag.objects.get(note=note)
    assert (flag.section, flag.reason) == ("meanings", "It's tiredness.")
    news = ClientActivity.objects.get()
    assert (news.kind, news.summary) == (
        "note_flag",
        "said part of a session note doesn't fit them",
    )
    client.force_login(cast.river)
    detail = client.get(note.get_absolute_url()).content.decode()
    assert "What it means to you" in detail and "It&#x27;s tiredness." in detail


def test_a_flag_without_a_reason_saves_nothing(client, cast):
    note = signed_note(cast)
    client.force_login(cast.client_user)
    response = client.post(
        reverse("notes:my_flag", args=[note.pk]), {"flag-section": "meanings", "flag-reason": ""}
    )
    assert response.status_code == 200 and not Flag.objects.exists()
    assert 'value="meanings"' in response.content.decode()


def test_the_therapist_replies_and_the_client_reads_the_reply(client, cast):
    note = signed_note(cast)
    flag = note.flags.create(section="agenda", reason="I said it differently.")
    client.force_login(cast.river)
    response = client.post(
        reverse("notes:reply_flag", args=[note.pk, flag.pk]),
        {"reply": "Thank you, I will quote you exactly next time."},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.replied_by == cast.river and flag.replied_at
    body = _portal(client, cast, note).content.decode()
    assert "Thank you, I will quote you exactly next time." in body and "River replied" in body


def test_the_client_sees_that_a_note_is_held_back_but_not_the_note(client, cast):
    from alongside.notes import records

    note = draft_note(cast)
    records.hold_back(cast.river, note, "CANARY-HOLD-REASON")
    sign(note)
    assert _portal(client, cast, note).status_code == 404
    body = client.get(reverse("notes:my_notes")).content.decode()
    assert "held back" in body
    assert note.session.date.strftime("%Y") in body
    assert "CANARY-HOLD-REASON" not in body and note.agenda not in body
    home = client.get(reverse("portal:home")).content.decode()
    assert "1 note is held back for now." in home


def test_what_we_agreed_rolls_up_actions_from_released_notes(client, cast):
    first = signed_note(cast, days_ago=14)
    second = signed_note(cast, days_ago=7)
    done = second.actions.get(who="client")
    draft = draft_note(cast, days_ago=1)
    draft.actions.update(text="Not signed yet")
    client.force_login(cast.client_user)
    client.post(reverse("notes:my_action_done", args=[done.pk]), {"done": "1"})
    done.refresh_from_db()
    assert done.done
    body = client.get(reverse("notes:my_agreed")).content.decode()
    not_yet, finished = body.split('id="done"')
    item = "<p>Phone the housing office</p>"
    assert not_yet.count(item) == 1 and finished.count(item) == 1
    assert "Not signed yet" not in body
    assert "Your therapist" in body and "You" in body
    assert first.pk != second.pk


def test_a_client_cannot_mark_the_therapists_action(client, cast):
    note = signed_note(cast)
    theirs = note.actions.get(who="therapist")
    client.force_login(cast.client_user)
    response = client.post(reverse("notes:my_action_done", args=[theirs.pk]), {"done": "1"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.done
