"""Writing a draft: failed submits keep everything, autosave, and no lost updates."""

from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.notes.models import AgreedAction, Note, PrivateReflection
from alongside.notes.tests.helpers import draft_note


def _form(note, **overrides):
    data = {
        "version": note.version,
        "agenda": "In their words: the letter",
        "systems": "Housing",
        "meanings": "",
        "strategies": "",
        "power": "",
        "ruptures": "",
        "private_reflection": "",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "actions-0-text": "",
        "actions-0-who": "",
    }
    data.update(overrides)
    return data


def _blank_note(cast):
    from alongside.notes import records
    from alongside.notes.tests.helpers import make_session

    return records.start_note(cast.river, make_session(cast.client))


def test_the_edit_page_shows_every_section_of_the_template(client, cast):
    note = _blank_note(cast)
    client.force_login(cast.river)
    body = client.get(reverse("notes:edit", args=[note.pk])).content.decode()
    for label in [
        "The client&#x27;s agenda, in their own words",
        "Systems and experiences explored",
        "Meanings and connections made",
        "Resistance and resilience strategies named or practised",
        "Agreed action 1",
        "Who will do it",
        "Power and positionality in the room",
        "Ruptures and repairs",
        "Private reflection (only you can read this)",
        "Share this private reflection with my supervisor",
    ]:
        assert label in body, label
    assert body.count('data-language-check="on"') >= 8
    assert 'hx-post="' + reverse("notes:autosave", args=[note.pk]) in body
    assert "core/htmx.min.js" in body and "<script>" not in body


def test_a_therapist_saves_a_draft_with_actions_and_a_private_reflection(client, cast):
    note = _blank_note(cast)
    client.force_login(cast.river)
    data = _form(
        note,
        **{"actions-0-text": "Phone the council", "actions-0-who": "together"},
        private_reflection="I felt defensive.",
        share_reflection="on",
    )
    response = client.post(reverse("notes:edit", args=[note.pk]), data)
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.agenda, note.version) == ("In their words: the letter", 2)
    assert AgreedAction.objects.get(note=note).who == "together"
    reflection = PrivateReflection.objects.get(note=note)
    assert (reflection.author, reflection.text, reflection.shared_with) == (
        cast.river,
        "I felt defensive.",
        cast.sam,
    )
    assert AuditEvent.objects.filter(object_type="note", action="update").exists()
    # The reflection is audited without the client's id (kept apart from their record).
    event = AuditEvent.objects.get(object_type="private_reflection")
    assert event.client_id is None


def test_a_failed_submit_keeps_everything_typed_and_saves_nothing(client, cast):
    note = _blank_note(cast)
    client.force_login(cast.river)
    data = _form(
        note,
        agenda="Typed agenda that must survive",
        private_reflection="Typed reflection that must survive",
        **{"actions-0-text": "An action with nobody to do it", "actions-0-who": ""},
    )
    response = client.post(reverse("notes:edit", args=[note.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please check these and try again" in body
    assert 'id="id_actions-0-who_errors"' in body
    for typed in [
        "Typed agenda that must survive",
        "Typed reflection that must survive",
        "An action with nobody to do it",
    ]:
        assert typed in body
    note.refresh_from_db()
    assert (note.agenda, note.version) == ("", 1)
    assert not AgreedAction.objects.exists()
    assert not PrivateReflection.objects.exists()


def test_a_second_tab_saving_an_older_version_gets_a_conflict_and_loses_nothing(client, cast):
    note = _blank_note(cast)
    client.force_login(cast.river)
    url = reverse("notes:edit", args=[note.pk])
    first = client.post(url, _form(note, agenda="Written in tab one"))
    assert first.status_code == 302
    second = client.post(url, _form(note, agenda="Written in tab two"))  # still version 1
    body = second.content.decode()
    assert second.status_code == 200
    assert "saved in another window or tab" in body
    assert "Written in tab two" in body  # what this tab typed, still in the form
    assert "Written in tab one" in body  # what is saved, shown beside it
    assert Note.objects.get(pk=note.pk).agenda == "Written in tab one"
    # Saving again, knowingly, goes through.
    third = client.post(url, _form(note, agenda="Both, combined", version=2))
    assert third.status_code == 302
    assert Note.objects.get(pk=note.pk).agenda == "Both, combined"


def test_save_pressed_while_its_own_autosave_was_on_the_way_is_not_a_conflict(client, cast):
    note = _blank_note(cast)
    client.force_login(cast.river)
    typed = _form(note, agenda="Typed, then Save", private_reflection="mine")
    autosaved = client.post(reverse("notes:autosave", args=[note.pk]), typed)
    assert autosaved.status_code == 200  # version 2 now; the page's form still says 1
    saved = client.post(
        reverse("notes:edit", args=[note.pk]),
        {**typed, "actions-0-text": "Call", "actions-0-who": "client"},
    )
    assert saved.status_code == 302
    note.refresh_from_db()
    assert (note.agenda, note.version) == ("Typed, then Save", 3)
    assert AgreedAction.objects.get(note=note).text == "Call"


def test_an_autosave_with_other_words_still_makes_save_a_conflict(client, cast):
    note = _blank_note(cast)
    client.force_login(cast.river)
    client.post(reverse("notes:autosave", args=[note.pk]), _form(note, agenda="Other tab"))
    response = client.post(reverse("notes:edit", args=[note.pk]), _form(note, agenda="This tab"))
    assert (
        response.status_code == 200
        and "saved in another window or tab" in response.content.decode()
    )
    assert Note.objects.get(pk=note.pk).agenda == "Other tab"
    same_words_other_reflection = _form(note, agenda="Other tab", private_reflection="new")
    response = client.post(reverse("notes:edit", args=[note.pk]), same_words_other_reflection)
    assert (
        response.status_code == 200
        and "saved in another window or tab" in response.content.decode()
    )


def test_autosave_saves_the_text_and_hands_back_the_new_version(client, cast):
    note = _blank_note(cast)
    client.force_login(cast.river)
    response = client.post(
        reverse("notes:autosave", args=[note.pk]),
        _form(note, agenda="Autosaved words", private_reflection="autosaved private"),
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "saved automatically" in body
    assert 'name="version" value="2"' in body and 'hx-swap-oob="true"' in body
    assert Note.objects.get(pk=note.pk).agenda == "Autosaved words"
    assert PrivateReflection.objects.get(note=note).text == "autosaved private"
    # Autosave leaves the agreed actions for the real Save (blank rows would pile up).
    assert not AgreedAction.objects.exists()


def test_autosave_over_a_newer_save_refuses_and_says_so(client, cast):
    note = _blank_note(cast)
    client.force_login(cast.river)
    url = reverse("notes:autosave", args=[note.pk])
    client.post(url, _form(note, agenda="First"))
    response = client.post(url, _form(note, agenda="Stale"))
    assert response.status_code == 409
    assert "Automatic saving has stopped" in response.content.decode()
    assert Note.objects.get(pk=note.pk).agenda == "First"


def test_drafts_are_not_for_supervisors_or_colleagues(client, cast):
    note = draft_note(cast)
    for user in (cast.sam, cast.colleague, cast.admin, cast.client_user):
        client.force_login(user)
        assert client.get(reverse("notes:detail", args=[note.pk])).status_code == 404
        assert client.post(reverse("notes:edit", args=[note.pk]), _form(note)).status_code == 404
    assert Note.objects.get(pk=note.pk).version == note.version


def test_every_note_view_is_an_audit_event(client, cast):
    note = draft_note(cast)
    client.force_login(cast.river)
    events = AuditEvent.objects.filter(object_type="note", object_id=str(note.pk), action="view")
    assert not events.exists()
    client.get(reverse("notes:detail", args=[note.pk]))
    client.get(reverse("notes:edit", args=[note.pk]))
    assert events.count() == 2
    assert set(events.values_list("client_id", flat=True)) == {cast.client.pk}
    client.force_login(cast.colleague)
    client.get(reverse("notes:detail", args=[note.pk]))
    denied = AuditEvent.objects.filter(object_type="note", outcome="denied").get()
    assert denied.actor_id == cast.colleague.pk
