"""Issue 11, item 10: an email address is one valid address wherever it is stored, refused
next to its field with a clear message; a bad one already stored never makes a 500."""

import pytest
from django.core import mail
from django.urls import reverse

from alongside.clients.models import Client

BAD = [
    "not-an-address",
    "ash@example.invalid, noor@example.invalid",
    "ash@example.invalid; noor@example.invalid",
    "Ash <ash@example.invalid>",
    "ash @example.invalid",
    "ash@",
]
MESSAGE = "Enter one email address"


def _refused_next_to_the_field(response, typed):
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_errors"' in body and MESSAGE in body
    return body


@pytest.mark.parametrize("typed", BAD)
def test_the_therapist_profile_form_refuses_a_bad_address(client, cast, typed):
    client.force_login(cast.river)
    response = client.post(
        reverse("clients:edit", args=[cast.client.pk]),
        {"chosen_name": "Ash Canary", "email": typed, "version": cast.client.version},
    )
    _refused_next_to_the_field(response, typed)
    cast.client.refresh_from_db()
    assert cast.client.email == "ash@example.invalid"


def test_a_new_client_with_a_bad_address_is_refused(client, cast):
    client.force_login(cast.river)
    response = client.post(
        reverse("clients:create"), {"chosen_name": "Mo", "email": BAD[1], "version": 1}
    )
    _refused_next_to_the_field(response, BAD[1])
    assert not Client.objects.filter(chosen_name="Mo").exists()


@pytest.mark.parametrize("typed", BAD[:3])
def test_the_portal_refuses_a_bad_address(client, cast, typed):
    client.force_login(cast.client_user)
    response = client.post(
        reverse("portal:edit"),
        {"chosen_name": "Ash", "email": typed, "version": cast.client.version},
    )
    _refused_next_to_the_field(response, typed)


@pytest.mark.parametrize("typed", BAD[:3])
def test_the_staff_form_refuses_a_bad_address(client, cast, typed):
    client.force_login(cast.admin)
    response = client.post(
        reverse("accounts:staff_create"),
        {"first_name": "Kim", "email": typed, "role": "therapist"},
    )
    _refused_next_to_the_field(response, typed)


def test_a_good_address_is_kept(client, cast):
    client.force_login(cast.river)
    response = client.post(
        reverse("clients:edit", args=[cast.client.pk]),
        {"chosen_name": "Ash Canary", "email": "ash.new@example.org", "version": 1},
    )
    assert response.status_code == 302
    cast.client.refresh_from_db()
    assert cast.client.email == "ash.new@example.org"


def test_inviting_with_a_bad_stored_address_says_so_instead_of_failing(client, cast):
    """An address stored before validation (or by another path) must not make a 500."""
    kai = Client.objects.create(
        practice=cast.practice, therapist=cast.river, chosen_name="Kai", email=BAD[1]
    )
    client.force_login(cast.river)
    response = client.post(reverse("clients:invite", args=[kai.pk]), follow=True)
    assert response.status_code == 200
    assert "The email address on the profile is not valid" in response.content.decode()
    assert mail.outbox == []
