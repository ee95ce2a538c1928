import re
import time

from django.test import Client
from django.urls import reverse

from conftest import PASSWORD


def _try(ip, username, password="wrong-password-guess"):
    browser = Client(REMOTE_ADDR=ip)
    return browser.post(reverse("accounts:login"), {"username": username, "password": password})


def test_ten_wrong_tries_lock_that_name_from_that_address_only(cast):
    for _ in range(10):
        _try("203.0.113.5", "river")
    locked = _try("203.0.113.5", "river", PASSWORD)
    assert locked.status_code == 429
    assert "Too many tries" in locked.content.decode()
    elsewhere = _try("198.51.100.7", "river", PASSWORD)
    assert elsewhere.status_code == 302  # the real person, elsewhere, still gets in


def _page(response, username):
    body = response.content.decode().replace(f'value="{username}"', 'value="NAME"')
    body = re.sub(r'nonce="[^"]+"', "", body)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_the_answer_does_not_say_whether_an_account_exists(cast):
    real = _page(_try("203.0.113.9", "river"), "river")
    ghost = _page(_try("203.0.113.9", "nobody-by-this-name"), "nobody-by-this-name")
    assert real == ghost and "That did not work" in real
    for _ in range(10):
        _try("203.0.113.10", "river")
        _try("203.0.113.10", "nobody-by-this-name")
    assert _try("203.0.113.10", "river").status_code == 429
    assert _try("203.0.113.10", "nobody-by-this-name").status_code == 429


def test_a_wrong_password_takes_about_as_long_as_an_unknown_name(cast, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    cast.river.set_password(PASSWORD)
    cast.river.save()

    def timed(username):
        start = time.perf_counter()
        _try("192.0.2.44", username)
        return time.perf_counter() - start

    known = min(timed("river") for _ in range(3))
    unknown = min(timed("nobody-by-this-name") for _ in range(3))
    assert 0.5 < known / unknown < 2.0
