"""Notes link to the client's experience entries, and can create one from the note."""

from django.urls import reverse

from alongside.context.models import Experience, LifeDomain, Visibility
from alongside.notes import signing
from alongside.notes.models import Note
from alongside.notes.tests.helpers import draft_note, sign

from .test_note_editing import _form


def _experience(cast, **extra):
    values = {
        "client": cast.client,
        "title": "Repairs ignored",
        "start_year": 2024,
        "domain": LifeDomain.objects.get(code="housing"),
        "what_happened": "The council ignored the repair request.",
        "visibility": Visibility.PRIVATE,
        **extra,
    }
    return Experience.objects.create(**values)


def test_a_note_links_the_clients_experiences_and_the_signature_covers_them(client, cast):
    mine = _experience(cast)
    theirs = _experience(cast, client=cast.other_client, title="Not Ash's")
    note = draft_note(cast)
    client.force_login(cast.river)
    page = client.get(reverse("notes:edit", args=[note.pk])).content.decode()
    assert "Repairs ignored (" in page and "Not Ash" not in page
    response = client.post(
        reverse("notes:edit", args=[note.pk]), _form(note, experiences=[mine.pk])
    )
    assert response.status_code == 302
    assert list(Note.objects.get(pk=note.pk).experiences.all()) == [mine]
    refused = client.post(
        reverse("notes:edit", args=[note.pk]),
        _form(Note.objects.get(pk=note.pk), experiences=[theirs.pk]),
    )
    assert refused.status_code == 200 and 'id="id_experiences_errors"' in refused.content.decode()
    signed = sign(Note.objects.get(pk=note.pk))
    assert signing.note_payload(signed)["experiences"] == [mine.pk]


def test_a_therapist_creates_an_experience_from_the_note(client, cast):
    note = draft_note(cast)
    client.force_login(cast.river)
    # The button in the note saves the draft first, then opens the experience form.
    response = client.post(
        reverse("notes:edit", args=[note.pk]),
        _form(note, agenda="Kept while I go", new_experience="1"),
    )
    assert response.url == reverse("notes:experience_new", args=[note.pk])
    assert Note.objects.get(pk=note.pk).agenda == "Kept while I go"
    response = client.post(
        reverse("notes:experience_new", args=[note.pk]),
        {
            "version": 1,
            "title": "Misgendered by the council",
            "domain": "housing",
            "what_happened": "Called by his old name twice on the phone.",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    experience = Experience.objects.get()  # titles are encrypted: no lookup by text
    assert experience.title == "Misgendered by the council"
    assert experience.client == cast.client
    assert list(Note.objects.get(pk=note.pk).experiences.all()) == [experience]
    page = client.get(reverse("notes:edit", args=[note.pk])).content.decode()
    assert "checked" in page.split("Misgendered by the council")[0].rsplit("<input", 1)[1]


def test_a_bad_experience_saves_nothing_and_keeps_what_was_typed(client, cast):
    note = draft_note(cast)
    client.force_login(cast.river)
    response = client.post(
        reverse("notes:experience_new", args=[note.pk]),
        {"version": 1, "title": "Typed title", "domain": "", "what_happened": ""},
    )
    assert response.status_code == 200
    assert "Typed title" in response.content.decode()
    assert not Experience.objects.exists() and not note.experiences.exists()


def test_a_supervisor_sees_only_the_experiences_the_client_allowed(client, cast):
    allowed = _experience(cast, title="Shared with supervisor", visibility=Visibility.SUPERVISOR)
    private = _experience(cast, title="Only my therapist")
    note = draft_note(cast)
    note.experiences.set([allowed, private])
    note = sign(note)
    client.force_login(cast.sam)
    body = client.get(note.get_absolute_url()).content.decode()
    assert "Shared with supervisor" in body and "Only my therapist" not in body
    client.force_login(cast.client_user)
    body = client.get(reverse("notes:my_note", args=[note.pk])).content.decode()
    assert "Shared with supervisor" in body and "Only my therapist" in body
