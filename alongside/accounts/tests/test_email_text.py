"""Emails are plain text: a name is written as typed, never as HTML entities (an escaped
"O&#x27;Neil" in a greeting is wrong, and tells nothing is protected by it)."""

from django.urls import reverse

from alongside.clients.models import Client
from conftest import SignedInClient

NAME = "Bo & Ana O'Neil <they>"


def test_an_invitation_greets_the_client_by_their_name_as_typed(cast, mailoutbox):
    record_ = Client.objects.create(
        practice=cast.practice, therapist=cast.river, chosen_name=NAME, email="bo@example.invalid"
    )
    therapist = SignedInClient()
    therapist.force_login(cast.river)
    therapist.post(reverse("clients:invite", args=[record_.pk]))
    body = mailoutbox[-1].body
    assert f"Hello {NAME}," in body
    assert "&#x27;" not in body and "&amp;" not in body and "&lt;" not in body
