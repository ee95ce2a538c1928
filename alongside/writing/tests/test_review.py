"""The wording check again on the review-and-sign page, and the quiet line that says why a
word was not flagged."""

import pytest
from django.urls import reverse

from alongside.notes.models import Note
from alongside.notes.tests.helpers import draft_note
from alongside.writing.models import Dismissal

from .test_editor import check_as


def sign_page(client, cast, **sections):
    note = draft_note(cast, **sections)
    client.force_login(cast.river)
    return note, client.get(reverse("notes:sign", args=[note.pk]))


@pytest.mark.django_db
class TestSignPage:
    def test_the_sign_page_shows_the_findings_again(self, client, cast):
        _note, response = sign_page(client, cast, agenda="Ash claims the landlord never answers.")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Wording check before you sign" in page
        assert "The checker found 1 thing to look at. You can still sign as it is." in page
        # The rules' words are English whatever the page's language (WCAG 3.1.2).
        assert '<span lang="en">&#x27;Claims&#x27; signals' in page
        assert 'You could write: “<span lang="en">reports</span>”' in page

    def test_signing_is_never_blocked_by_findings(self, client, cast):
        note, _ = sign_page(client, cast, agenda="Ash claims the landlord never answers.")
        response = client.post(reverse("notes:sign", args=[note.pk]), {"version": note.version})
        assert response.status_code == 302
        assert Note.objects.get(pk=note.pk).is_signed

    def test_a_clean_note_shows_no_wording_box(self, client, cast):
        clean = {name: "Ash named what the council did." for name in ("agenda", "systems")}
        _note, response = sign_page(client, cast, **clean)
        assert "Wording check before you sign" not in response.content.decode()

    def test_what_was_set_aside_for_this_client_stays_aside(self, client, cast):
        from alongside.writing.checking import phrase_digest

        Dismissal.objects.create(
            practice=cast.client.practice,
            client=cast.client,
            author=cast.river,
            rule="credibility.claims",
            phrase_digest=phrase_digest("claims"),
            reason="accurate",
        )
        _note, response = sign_page(client, cast, agenda="Ash claims the landlord never answers.")
        assert "Wording check before you sign" not in response.content.decode()

    def test_the_sign_page_says_why_an_own_word_was_not_flagged(self, client, cast):
        cast.client.own_terms = "addict"
        cast.client.save()
        _note, response = sign_page(client, cast, agenda="Ash says: I am an addict, and proud.")
        assert "Not flagged: “addict” is Ash Canary’s own word." in response.content.decode()


@pytest.mark.django_db
class TestSilenceIsExplained:
    def test_an_own_word_is_named_quietly_beside_the_field(self, client, cast):
        cast.client.own_terms = "addict"
        cast.client.save()
        response = check_as(client, cast.river, "He is an addict.", cast.client)
        page = response.content.decode()
        assert "Wording check" not in page
        assert "Not flagged: “addict” is Ash Canary’s own word." in page

    def test_an_identity_first_preference_is_named(self, client, cast):
        cast.client.naming_style = "identity_first"
        cast.client.save()
        response = check_as(client, cast.river, "Diabetic patient, HbA1c 72.", cast.client)
        assert "because Ash Canary prefers identity-first language" in response.content.decode()

    def test_nothing_is_said_without_preferences(self, client, cast):
        response = check_as(client, cast.river, "Ash named what the council did.", cast.client)
        assert "Not flagged" not in response.content.decode()
