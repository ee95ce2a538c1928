"""Open redirects the sign-in tests don't walk: signing out with a `next`, a `next` in the
sign-in page's address (the link an attacker mails), and encoded or whitespace variants that
browsers turn into another host."""

from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.tests.test_attacker_sign_in import HOSTILE_NEXT
from conftest import PASSWORD

MORE = [
    "/\t/evil.example",
    "/\r\n/evil.example",
    "///evil.example",
    "https:evil.example",
    "\x00//evil.example",
    "https://evil.example%2F@testserver",
    "https://testserver.evil.example/",
    "//evil%2Eexample",
    "%2F%2Fevil.example",
]


def _stays_here(response):
    assert response.status_code == 302
    target = response.url
    parts = urlsplit(target.replace("\\", "/"))
    assert parts.netloc in ("", "testserver"), target
    assert parts.scheme in ("", "http", "https"), target
    assert not target.lstrip().startswith(("//", "/\\", "\\")), target
    assert not any(ord(c) < 0x20 for c in target), target


@pytest.mark.parametrize("target", HOSTILE_NEXT + MORE)
def test_signing_out_never_sends_anyone_off_the_site(client, cast, target):
    client.force_login(cast.client_user)
    _stays_here(client.post(reverse("accounts:logout"), {"next": target}))


@pytest.mark.parametrize("target", HOSTILE_NEXT + MORE)
def test_a_mailed_sign_in_link_with_a_next_never_sends_anyone_off_the_site(cast, target):
    url = f"{reverse('accounts:login')}?{urlencode({'next': target})}"
    _stays_here(Client().post(url, {"username": "ash", "password": PASSWORD}))


@pytest.mark.parametrize("target", MORE)
def test_encoded_variants_never_leave_after_signing_in(cast, target):
    _stays_here(
        Client().post(
            reverse("accounts:login"), {"username": "ash", "password": PASSWORD, "next": target}
        )
    )
