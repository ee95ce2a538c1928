"""What an outside attacker tries on sign-in and its neighbours, each found by probing a
running demo: the session id after confirming identity, and what "forgot my password"
gives away by its timing or lets one address do to everyone."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts import resets
from alongside.accounts.middleware import REAUTH_AT
from alongside.accounts.models import ResetAsk
from conftest import PASSWORD


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_confirming_identity_gives_a_new_session_id(client, cast):
    """ASVS 7.2.4: a new session token at every authentication, re-authentication included,
    so an id planted or seen before the step-up doesn't carry its new powers."""
    client.force_login(cast.river)
    session = client.session
    session[REAUTH_AT] = time.time() - 3600
    session.save()
    before = client.session.session_key
    response = client.post(reverse("accounts:confirm_identity"), {"password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    # The old id no longer opens anything.
    stale = Client()
    stale.cookies["sessionid"] = before
    assert stale.get(reverse("accounts:security")).status_code == 302


def test_a_wrong_password_when_confirming_keeps_the_session_id(client, cast):
    client.force_login(cast.river)
    before = client.session.session_key
    client.post(reverse("accounts:confirm_identity"), {"password": "not it at all"})
    assert client.session.session_key == before


PROXY = "10.0.0.2"  # every request reaches the app from the reverse proxy's address


def _through_proxy(person_address):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=person_address)


def test_behind_a_proxy_a_guesser_cannot_lock_the_real_person_out(cast, settings):
    """docs/deploy.md sets ALONGSIDE_PROXY_COUNT=1 behind nginx so sign-in is counted per
    name and the person's address. It had no effect (django-axes reads X-Forwarded-For only
    through django-ipware, which is not installed): everyone had the proxy's address, so
    ten wrong passwords from anywhere locked the name out for everyone."""
    settings.ALONGSIDE_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _through_proxy("203.0.113.9").post(
            reverse("accounts:login"), {"username": "river", "password": "a-wrong-guess"}
        )
    guesser = _through_proxy("203.0.113.9").post(
        reverse("accounts:login"), {"username": "river", "password": PASSWORD}
    )
    assert guesser.status_code == 429
    person = _through_proxy("198.51.100.20").post(
        reverse("accounts:login"), {"username": "river", "password": PASSWORD}
    )
    assert person.status_code == 302


def test_a_forged_forwarded_for_does_not_change_the_address_counted(cast, settings):
    """With one proxy, only the address that proxy added counts: a browser's own
    X-Forwarded-For entries in front of it are the browser's to invent."""
    settings.ALONGSIDE_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        _through_proxy(f"192.0.2.{n}, 203.0.113.9").post(
            reverse("accounts:login"), {"username": "river", "password": "a-wrong-guess"}
        )
    locked = _through_proxy("192.0.2.99, 203.0.113.9").post(
        reverse("accounts:login"), {"username": "river", "password": PASSWORD}
    )
    assert locked.status_code == 429


def test_without_a_proxy_a_forwarded_for_header_is_ignored(cast, settings):
    settings.ALONGSIDE_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(
            reverse("accounts:login"), {"username": "river", "password": "a-wrong-guess"}
        )
    locked = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.99").post(
        reverse("accounts:login"), {"username": "river", "password": PASSWORD}
    )
    assert locked.status_code == 429


def test_behind_a_proxy_the_reset_throttle_counts_each_person_not_the_proxy(
    cast, settings, mailoutbox
):
    """Counting the proxy's address let one person asking ten times an hour stop every
    password reset in the practice."""
    settings.ALONGSIDE_PROXY_COUNT = 1
    cast.river.email = "river@example.invalid"
    cast.river.save()
    for n in range(resets.PER_ADDRESS_PER_HOUR + 1):
        _through_proxy("203.0.113.9").post(
            reverse("accounts:forgot_password"), {"username": f"guess-{n}"}
        )
    _through_proxy("198.51.100.20").post(reverse("accounts:forgot_password"), {"username": "river"})
    assert len(mailoutbox) == 1


def test_the_reset_throttle_still_counts_the_address_that_asks(cast, mailoutbox):
    cast.river.email = "river@example.invalid"
    cast.river.save()
    for n in range(resets.PER_ADDRESS_PER_HOUR):
        Client().post(reverse("accounts:forgot_password"), {"username": f"guess-{n}"})
    Client().post(reverse("accounts:forgot_password"), {"username": "river"})
    assert mailoutbox == []


def _answer_time(name: str) -> float:
    browser = Client()
    started = time.perf_counter()
    response = browser.post(reverse("accounts:forgot_password"), {"username": name})
    assert response.status_code == 200
    return time.perf_counter() - started


def test_forgot_password_takes_as_long_for_a_name_that_does_not_exist(cast, mailoutbox):
    """ASVS 6.3.8: no enumeration by timing. Sending a link (a reset row, an audit event,
    an email queued) took twice as long as answering for a name that doesn't exist, which
    told an attacker with one request per name which names have accounts."""
    for person in (cast.river, cast.sam):
        person.email = f"{person.username}@example.invalid"
        person.save()
    _answer_time("sam")  # warm up: the first request of a process loads what it needs
    floor = resets.ANSWER_SECONDS
    assert floor >= 0.2  # well above what sending takes (about 0.05 s here)
    unknown = _answer_time("nobody-at-all")
    known = _answer_time("river")
    assert len(mailoutbox) == 2
    assert unknown >= floor
    assert known >= floor
    # Both wait out the floor; the sending itself fits well inside it (loose: a busy test
    # machine may be slow).
    assert abs(known - unknown) < floor


HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "http:evil.example",
    "https:/\\evil.example",
    "http://testserver@evil.example/",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_confirming_identity_never_sends_anyone_off_the_site(client, cast, target):
    client.force_login(cast.river)
    response = client.post(
        reverse("accounts:confirm_identity"), {"password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")


def test_over_https_confirming_identity_never_sends_back_over_plain_http(client, cast):
    """A `next` on this very host but over http:// would undo HTTPS for the page after."""
    client.force_login(cast.river)
    response = client.post(
        reverse("accounts:confirm_identity"),
        {"password": PASSWORD, "next": "http://testserver/clients/"},
        secure=True,
    )
    assert response.url == reverse("accounts:home")
    ok = client.post(
        reverse("accounts:confirm_identity"),
        {"password": PASSWORD, "next": "https://testserver/clients/"},
        secure=True,
    )
    assert ok.url == "https://testserver/clients/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_signing_in_never_sends_anyone_off_the_site(cast, target):
    response = Client().post(
        reverse("accounts:login"),
        {"username": "ash", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_second_step_never_sends_anyone_off_the_site(cast, target):
    from alongside.accounts import mfa
    from alongside.accounts.tests.test_second_factor import _factor

    factor = _factor(cast.river)
    browser = Client()
    browser.post(reverse("accounts:login"), {"username": "river", "password": PASSWORD})
    response = browser.post(
        reverse("accounts:mfa_verify"), {"code": mfa.current_code(factor), "next": target}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")


@pytest.mark.parametrize("target", [*HOSTILE_NEXT, "/clients/\r\nSet-Cookie: x=1"])
def test_choosing_a_language_never_sends_anyone_off_the_site(target):
    response = Client().post(reverse("accounts:set_language"), {"language": "es", "next": target})
    assert response.status_code == 302
    assert not response.url.startswith(("//", "/\\", "javascript:", "data:"))
    assert "evil.example" not in response.url
    assert "\n" not in response.url and "\r" not in response.url


def test_the_reset_throttle_is_shared_by_every_server_process(cast, mailoutbox):
    """Each gunicorn worker had its own cache, so the limit per address was as many times
    weaker as there were workers; it is counted in the database now. Clearing this
    process's cache stands in for the next request landing on another worker."""
    cast.river.email = "river@example.invalid"
    cast.river.save()
    for n in range(resets.PER_ADDRESS_PER_HOUR):
        Client().post(reverse("accounts:forgot_password"), {"username": f"guess-{n}"})
        cache.clear()
    Client().post(reverse("accounts:forgot_password"), {"username": "river"})
    assert mailoutbox == []
    # Counting needs no address in the clear; an hour on, the address may ask again.
    assert not ResetAsk.objects.filter(address_key__contains="127.0.0.1").exists()
    ResetAsk.objects.update(at=timezone.now() - timedelta(hours=1, seconds=1))
    Client().post(reverse("accounts:forgot_password"), {"username": "river"})
    assert len(mailoutbox) == 1
