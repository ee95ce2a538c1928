"""Host header poisoning: an attacker asks for a reset (or a therapist is tricked into
sending an invitation) with their own host in Host or X-Forwarded-Host, hoping the emailed
link points at them and hands over the token. The link must point at this site."""

import pytest
from django.core.cache import cache
from django.test import Client as Browser
from django.urls import reverse

from alongside.clients.models import Client
from conftest import SignedInClient

EVIL = "evil.example"
FORGED = [
    {"HTTP_X_FORWARDED_HOST": EVIL},
    {"HTTP_X_FORWARDED_HOST": EVIL, "HTTP_X_FORWARDED_PROTO": "https"},
    {"HTTP_FORWARDED": f"host={EVIL};proto=https"},
    {"HTTP_X_FORWARDED_SERVER": EVIL, "HTTP_X_HOST": EVIL, "HTTP_X_ORIGINAL_HOST": EVIL},
]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def river_with_address(cast):
    cast.river.email = "river@example.invalid"
    cast.river.save()
    return cast.river


def _only_this_site(mailoutbox):
    assert mailoutbox, "no mail was sent: the test proves nothing"
    for message in mailoutbox:
        assert EVIL not in message.body and EVIL not in message.subject
        assert "http://testserver/" in message.body


@pytest.mark.parametrize("headers", FORGED)
def test_a_reset_link_ignores_forwarded_host_headers(river_with_address, mailoutbox, headers):
    Browser().post(reverse("accounts:forgot_password"), {"username": "river"}, **headers)
    _only_this_site(mailoutbox)


@pytest.mark.parametrize("host", [EVIL, f"testserver@{EVIL}", f"{EVIL}#testserver", EVIL + ":80"])
def test_a_reset_asked_with_a_foreign_host_is_refused_and_sends_nothing(
    river_with_address, mailoutbox, host
):
    answer = Browser().post(
        reverse("accounts:forgot_password"), {"username": "river"}, HTTP_HOST=host
    )
    assert answer.status_code == 400
    assert not mailoutbox


@pytest.mark.parametrize("headers", FORGED)
def test_an_invitation_link_ignores_forwarded_host_headers(cast, mailoutbox, headers):
    record_ = Client.objects.create(
        practice=cast.practice, therapist=cast.river, chosen_name="Kai", email="kai@example.invalid"
    )
    therapist = SignedInClient()
    therapist.force_login(cast.river)
    therapist.post(reverse("clients:invite", args=[record_.pk]), **headers)
    _only_this_site(mailoutbox)


@pytest.mark.parametrize("headers", FORGED)
def test_a_staff_invitation_link_ignores_forwarded_host_headers(cast, mailoutbox, headers):
    cast.colleague.email = "colleague@example.invalid"
    cast.colleague.set_unusable_password()
    cast.colleague.save()
    admin = SignedInClient()
    admin.force_login(cast.admin)
    admin.post(reverse("accounts:staff_invite", args=[cast.colleague.pk]), **headers)
    _only_this_site(mailoutbox)


SITE = "https://therapy.example"


@pytest.fixture
def any_host_allowed(settings):
    """An installation that lets any Host through (ALLOWED_HOSTS = ["*"], or several names)
    but says where it lives: the links go there, not to the Host the asker sent."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.ALONGSIDE_SITE_URL = SITE


def _to_the_site(mailoutbox):
    assert mailoutbox, "no mail was sent: the test proves nothing"
    for message in mailoutbox:
        assert EVIL not in message.body
        assert f"{SITE}/" in message.body


def test_with_a_site_address_a_reset_link_ignores_the_host_header(
    any_host_allowed, river_with_address, mailoutbox
):
    Browser().post(reverse("accounts:forgot_password"), {"username": "river"}, HTTP_HOST=EVIL)
    _to_the_site(mailoutbox)


def test_with_a_site_address_an_invitation_link_ignores_the_host_header(
    any_host_allowed, cast, mailoutbox
):
    record_ = Client.objects.create(
        practice=cast.practice, therapist=cast.river, chosen_name="Kai", email="kai@example.invalid"
    )
    therapist = SignedInClient(HTTP_HOST=EVIL)
    therapist.force_login(cast.river)
    therapist.post(reverse("clients:invite", args=[record_.pk]))
    _to_the_site(mailoutbox)


def test_with_a_site_address_an_address_confirmation_ignores_the_host_header(
    any_host_allowed, cast, mailoutbox
):
    cast.client.email = "ash@example.invalid"
    cast.client.save()
    browser = SignedInClient(HTTP_HOST=EVIL)
    browser.force_login(cast.client_user)
    browser.post(reverse("accounts:send_address_confirmation"))
    _to_the_site(mailoutbox)


def test_with_a_site_address_a_check_in_link_ignores_the_host_header(
    any_host_allowed, cast, mailoutbox
):
    from alongside.measures.tests.objects import open_check_in

    cast.client.email = "ash@example.invalid"
    cast.client.save()
    check_in = open_check_in(cast)
    therapist = SignedInClient(HTTP_HOST=EVIL)
    therapist.force_login(cast.river)
    therapist.post(
        reverse("measures:make_link", args=[cast.client.pk, check_in.pk]), {"send": "email"}
    )
    _to_the_site(mailoutbox)
