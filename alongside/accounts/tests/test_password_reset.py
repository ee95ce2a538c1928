"""'Forgot your password?': a single-use, expiring link; nothing says whether a name exists;
throttled; a new password signs out other sessions and staff still need their second step."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts import addresses
from alongside.accounts.models import PasswordReset
from alongside.accounts.resets import PER_PERSON_PER_HOUR
from conftest import PASSWORD, SignedInClient

NEW = "a-brand-new-long-password"  # noqa: S105


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _ask(browser, username):
    return browser.post(reverse("accounts:forgot_password"), {"username": username})


def _link(mailoutbox):
    return re.search(r"http://testserver(/new-password/\S+)", mailoutbox[-1].body).group(1)


def _choose(browser, link, password=NEW):
    page = browser.get(link, follow=True)  # Django moves the token into the session
    return browser.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


@pytest.fixture
def staff_with_address(cast):
    cast.river.email = "river@example.invalid"
    cast.river.save()
    return cast.river


def test_the_same_answer_whether_or_not_the_name_exists(cast, staff_with_address, mailoutbox):
    browser = Client()

    def answer(name):
        response = _ask(browser, name)
        # The nonce and the masked CSRF token (in the language switcher) change on every
        # page load, whoever asks; everything else must be the same.
        page = re.sub(r'nonce="[^"]+"', "", response.content.decode())
        return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    known, unknown, no_address = answer("river"), answer("nobody-at-all"), answer("sam")
    assert known == unknown == no_address  # sam has no email address
    known = known[1]
    assert "If that sign-in name has an account" in known
    assert [m.to for m in mailoutbox] == [["river@example.invalid"]]
    assert "river" not in mailoutbox[0].subject.lower()


def test_a_link_sets_a_new_password_once_and_staff_still_need_their_second_step(
    cast, staff_with_address, mailoutbox
):
    browser = Client()
    _ask(browser, "River")  # any case
    link = _link(mailoutbox)
    response = _choose(browser, link)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    staff_with_address.refresh_from_db()
    assert staff_with_address.check_password(NEW)
    assert not staff_with_address.check_password(PASSWORD)
    again = Client().get(link, follow=True).content.decode()
    assert "This link no longer works" in again
    signed_in = Client()
    signed_in.post(reverse("accounts:login"), {"username": "river", "password": NEW})
    page = signed_in.get(reverse("clients:caseload"))
    assert page.status_code == 302 and "second-factor" in page.url


def test_only_the_newest_link_works_and_none_after_an_hour(cast, staff_with_address, mailoutbox):
    browser = Client()
    _ask(browser, "river")
    first = _link(mailoutbox)
    _ask(browser, "river")
    second = _link(mailoutbox)
    assert "This link no longer works" in Client().get(first, follow=True).content.decode()
    PasswordReset.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "This link no longer works" in Client().get(second, follow=True).content.decode()


def test_a_changed_address_or_a_turned_off_account_kills_the_link(
    cast, staff_with_address, mailoutbox
):
    _ask(Client(), "river")
    link = _link(mailoutbox)
    staff_with_address.email = "someone-else@example.invalid"
    staff_with_address.save()
    assert "This link no longer works" in Client().get(link, follow=True).content.decode()
    staff_with_address.email = "river@example.invalid"
    staff_with_address.is_active = False
    staff_with_address.save()
    _ask(Client(), "river")
    assert len(mailoutbox) == 1  # nothing for a turned-off account


def test_asking_is_throttled_per_person(cast, staff_with_address, mailoutbox):
    for _ in range(PER_PERSON_PER_HOUR + 2):
        _ask(Client(), "river")
    assert len(mailoutbox) == PER_PERSON_PER_HOUR


def test_a_new_password_signs_out_other_sessions(cast, staff_with_address, mailoutbox):
    elsewhere = SignedInClient()
    elsewhere.force_login(staff_with_address)
    assert elsewhere.get(reverse("accounts:security")).status_code == 200
    _ask(Client(), "river")
    _choose(Client(), _link(mailoutbox))
    assert elsewhere.get(reverse("accounts:security")).status_code == 302


def test_a_client_is_sent_the_link_at_their_profile_address_once_proved(cast, mailoutbox):
    cast.client_user.set_password(PASSWORD)
    cast.client_user.save()
    addresses.prove(cast.client_user, "ash@example.invalid")  # as if invited there
    _ask(Client(), "ash")
    assert mailoutbox[-1].to == ["ash@example.invalid"]
    response = _choose(Client(), _link(mailoutbox), password="short")
    assert response.status_code == 200  # refused: too short, said next to the field
    assert "id_new_password2_errors" in response.content.decode() or "too short" in (
        response.content.decode()
    )
