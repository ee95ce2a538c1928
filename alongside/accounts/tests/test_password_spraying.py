"""Password spraying: one address tries a common password or two on many names, staying
under the per-name limit (10 wrong tries for a name from an address) on each. The address
as a whole is paused after too many wrong tries across all names, while the same people
elsewhere still sign in."""

from django.test import Client
from django.urls import reverse

from alongside.accounts import attempts
from conftest import PASSWORD

SPRAYER = "81.2.69.160"  # a public address: private ones are proxies (below)


def _try(ip, username, password="Summer2026!"):
    browser = Client(REMOTE_ADDR=ip)
    return browser.post(reverse("accounts:login"), {"username": username, "password": password})


def _spray(names):
    return [_try(SPRAYER, f"guess-{n}").status_code for n in range(names)]


def test_many_names_from_one_address_pause_that_address(cast):
    answers = _spray(attempts.SIGN_IN_FAILURES_PER_ADDRESS)
    assert 429 not in answers  # under the limit, every name gets the usual answer
    assert _try(SPRAYER, "yet-another-name").status_code == 429
    paused = _try(SPRAYER, "ash", PASSWORD)
    assert paused.status_code == 429  # a right password from there waits too
    assert "Too many tries" in paused.content.decode()
    assert _try("81.2.69.161", "ash", PASSWORD).status_code == 302  # elsewhere, fine


def test_the_address_pause_ends_after_the_cool_off(cast, settings):
    _spray(attempts.SIGN_IN_FAILURES_PER_ADDRESS)
    assert _try(SPRAYER, "ash", PASSWORD).status_code == 429
    settings.AXES_COOLOFF_TIME = 0
    assert _try(SPRAYER, "ash", PASSWORD).status_code == 302


def test_a_spray_spread_over_forwarded_for_values_is_still_one_address(cast):
    """Without a proxy the header is the browser's own say: it can't make new addresses."""
    for n in range(attempts.SIGN_IN_FAILURES_PER_ADDRESS):
        Client(REMOTE_ADDR=SPRAYER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n % 250}").post(
            reverse("accounts:login"), {"username": f"guess-{n}", "password": "x" * 12}
        )
    assert _try(SPRAYER, "ash", PASSWORD).status_code == 429


def test_a_private_address_is_never_paused_as_a_whole(cast):
    """Behind a reverse proxy nobody told us about, everyone arrives from its address:
    pausing it would let one guesser pause the whole practice. The per-name limit holds."""
    for n in range(attempts.SIGN_IN_FAILURES_PER_ADDRESS + 5):
        _try("10.0.0.2", f"guess-{n}")
    assert _try("10.0.0.2", "ash", PASSWORD).status_code == 302
    for _ in range(10):
        _try("10.0.0.2", "river")
    assert _try("10.0.0.2", "river", PASSWORD).status_code == 429
