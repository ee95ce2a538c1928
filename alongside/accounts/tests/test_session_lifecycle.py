import time

from django.test import Client
from django.urls import reverse

from alongside.accounts.middleware import LAST_SEEN, REAUTH_AT, STARTED
from conftest import PASSWORD


def _age(browser, **keys):
    session = browser.session
    for key, seconds in keys.items():
        session[key] = time.time() - seconds
    session.save()


def test_staff_are_signed_out_after_15_idle_minutes(client, cast):
    client.force_login(cast.river)
    _age(client, **{LAST_SEEN: 14 * 60})
    assert client.get(reverse("clients:caseload")).status_code == 200
    _age(client, **{LAST_SEEN: 16 * 60})
    response = client.get(reverse("clients:caseload"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert client.get(reverse("clients:caseload")).status_code == 302


def test_clients_get_30_idle_minutes(client, cast):
    client.force_login(cast.client_user)
    _age(client, **{LAST_SEEN: 20 * 60})
    assert client.get(reverse("portal:home")).status_code == 200


def test_every_session_ends_after_12_hours(client, cast):
    client.force_login(cast.river)
    _age(client, **{STARTED: 12 * 3600 + 5})
    assert client.get(reverse("clients:caseload")).status_code == 302


def test_signing_in_gives_a_new_session_key(cast):
    browser = Client()
    browser.get(reverse("accounts:login"))
    browser.cookies["sessionid"] = "attacker-fixed-session-id"
    browser.post(reverse("accounts:login"), {"username": "ash", "password": PASSWORD})
    assert browser.cookies["sessionid"].value != "attacker-fixed-session-id"


def test_signing_out_ends_the_session_on_the_server(client, cast):
    client.force_login(cast.river)
    old_cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = old_cookie
    assert replay.get(reverse("clients:caseload")).status_code == 302


def test_a_password_change_ends_other_sessions(client, cast):
    other = Client()
    other.force_login(cast.client_user)
    client.force_login(cast.client_user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase",
            "new_password2": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    assert other.get(reverse("portal:home")).status_code == 302


def test_turning_an_account_off_ends_its_sessions(client, cast):
    client.force_login(cast.river)
    cast.river.is_active = False
    cast.river.save()
    assert client.get(reverse("clients:caseload")).status_code == 302


def test_sensitive_actions_ask_to_confirm_identity_after_5_minutes(client, cast):
    client.force_login(cast.river)
    _age(client, **{REAUTH_AT: 6 * 60})
    response = client.post(reverse("accounts:new_recovery_codes"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:confirm_identity"))
    wrong = client.post(response.url, {"password": "not it"})
    assert "That password is not right" in wrong.content.decode()
    client.post(response.url, {"password": PASSWORD})
    assert client.post(reverse("accounts:new_recovery_codes")).status_code == 200
