"""Passkeys as a second step: adding one, signing in with one, refusals, removal, step-up."""

import json
import time

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from webauthn.helpers import bytes_to_base64url

from alongside.accounts import mfa, passkeys
from alongside.accounts.middleware import REAUTH_AT
from alongside.accounts.models import Passkey, SecondFactor
from alongside.accounts.tests.soft_authenticator import SoftAuthenticator
from alongside.accounts.tests.soft_authenticator import stored_passkey as _stored
from alongside.audit.models import Action, AuditEvent
from conftest import PASSWORD

ADD = reverse("accounts:passkey_add")
REGISTER_OPTIONS = reverse("accounts:passkey_registration_options")
USE_OPTIONS = reverse("accounts:passkey_authentication_options")
VERIFY = reverse("accounts:mfa_verify")
CASELOAD = reverse("clients:caseload")


def _sign_in(browser, user):
    browser.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    return browser


def _options(browser, url) -> dict:
    response = browser.post(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def _totp(user) -> SecondFactor:
    factor = mfa.start_setup(user)
    mfa.confirm(factor)
    return factor


def _refusal(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# Adding a passkey


def test_staff_can_make_a_passkey_their_first_second_step_and_get_recovery_codes(cast):
    browser = _sign_in(Client(), cast.river)
    setup = browser.get(reverse("accounts:mfa_setup")).content.decode()
    assert "Use a passkey" in setup and "Or use an authenticator app" in setup
    soft = SoftAuthenticator()
    options = _options(browser, REGISTER_OPTIONS)
    assert options["rp"]["id"] == "testserver"
    assert options["user"]["name"] == "river"
    done = browser.post(ADD, {"name": "Work laptop", "credential": soft.create(options)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    passkey = cast.river.passkeys.get()
    assert passkey.name == "Work laptop"
    assert passkey.credential_id == bytes_to_base64url(soft.credential_id)
    assert passkey.transports == "usb"
    assert browser.get(CASELOAD).status_code == 200
    assert AuditEvent.objects.filter(
        object_type="passkey", action=Action.CREATE, object_id=str(passkey.pk)
    ).exists()


def test_a_passkey_is_kept_encrypted(cast):
    soft = SoftAuthenticator()
    passkey = _stored(cast.river, soft, name="Kitchen tablet")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, credential_id, public_key FROM accounts_passkey WHERE id = %s",
            [passkey.pk],
        )
        name, credential_id, public_key = cursor.fetchone()
    assert "Kitchen" not in name
    assert credential_id != passkey.credential_id
    assert public_key != passkey.public_key


def test_a_passkey_with_no_name_is_called_passkey(cast):
    browser = _sign_in(Client(), cast.river)
    soft = SoftAuthenticator()
    answer = soft.create(_options(browser, REGISTER_OPTIONS))
    browser.post(ADD, {"name": "  ", "credential": answer})
    assert cast.river.passkeys.get().name == "Passkey"


@pytest.mark.parametrize(
    "wrong",
    [
        {"challenge": bytes_to_base64url(b"not the challenge we gave")},
        {"origin": "https://alongside.example.evil"},
        {"rp_id": "example.evil"},
    ],
    ids=["bad challenge", "wrong origin", "wrong relying party"],
)
def test_a_new_passkey_that_does_not_answer_our_challenge_is_refused(cast, wrong):
    browser = _sign_in(Client(), cast.river)
    soft = SoftAuthenticator()
    answer = soft.create(_options(browser, REGISTER_OPTIONS), **wrong)
    page = _refusal(browser.post(ADD, {"name": "Work laptop", "credential": answer}))
    assert "The passkey could not be checked, so it was not added." in page
    assert not Passkey.objects.exists()
    assert browser.get(CASELOAD).url.startswith(reverse("accounts:mfa_setup"))


def test_a_registration_answer_works_once(cast):
    browser = _sign_in(Client(), cast.river)
    answer = SoftAuthenticator().create(_options(browser, REGISTER_OPTIONS))
    browser.post(ADD, {"name": "Work laptop", "credential": answer})
    assert Passkey.objects.count() == 1
    browser.get(reverse("accounts:security"))  # fresh session after the second step
    again = _refusal(browser.post(ADD, {"name": "Copy", "credential": answer}))
    assert "That took too long, or the page was used twice." in again
    assert Passkey.objects.count() == 1


def test_a_registration_challenge_expires(cast):
    browser = _sign_in(Client(), cast.river)
    answer = SoftAuthenticator().create(_options(browser, REGISTER_OPTIONS))
    session = browser.session
    session[passkeys.CHALLENGE_KEY]["at"] = time.time() - passkeys.CHALLENGE_SECONDS - 1
    session.save()
    page = _refusal(browser.post(ADD, {"name": "Work laptop", "credential": answer}))
    assert "That took too long" in page
    assert not Passkey.objects.exists()


def test_rubbish_instead_of_a_passkey_is_refused(cast):
    browser = _sign_in(Client(), cast.river)
    _options(browser, REGISTER_OPTIONS)
    page = _refusal(browser.post(ADD, {"name": "x", "credential": '{"id": 5, "<script>": 1}'}))
    assert "could not be checked" in page
    assert "script&gt;" not in page, "a spent answer is never sent back in the page"
    assert not Passkey.objects.exists()
    page = _refusal(browser.post(ADD, {"name": "x"}))
    assert "No passkey came from your browser." in page


def test_a_challenge_for_signing_in_cannot_be_used_to_add_a_passkey(cast):
    soft = SoftAuthenticator()
    _stored(cast.river, soft)
    browser = Client()
    browser.force_login(cast.river)
    session = browser.session
    session[mfa.SESSION_KEY] = True
    session.save()
    options = _options(browser, USE_OPTIONS)
    answer = SoftAuthenticator().create(options)
    page = _refusal(browser.post(ADD, {"name": "Sneaky", "credential": answer}))
    assert "That took too long" in page
    assert cast.river.passkeys.count() == 1


def test_the_relying_party_can_be_set(cast, settings):
    settings.WEBAUTHN_RP_ID = "alongside.example"
    browser = _sign_in(Client(), cast.river)
    assert _options(browser, REGISTER_OPTIONS)["rp"]["id"] == "alongside.example"


def test_adding_a_passkey_later_needs_the_second_step_and_a_fresh_confirmation(client, cast):
    _totp(cast.river)
    half = _sign_in(Client(), cast.river)  # password only
    assert half.get(ADD).url == VERIFY
    assert half.post(REGISTER_OPTIONS).status_code == 403
    assert half.get(reverse("accounts:mfa_setup")).url == VERIFY

    full = client  # signed in with both steps
    full.force_login(cast.river)
    assert full.get(ADD).status_code == 200
    session = full.session
    session[REAUTH_AT] = time.time() - 6 * 60
    session.save()
    assert full.get(ADD).url.startswith(reverse("accounts:confirm_identity"))
    refused = full.post(REGISTER_OPTIONS)
    assert refused.status_code == 403
    assert "confirm it is you" in refused.json()["error"]


def test_adding_a_passkey_ends_other_sessions(client, cast):
    _totp(cast.river)
    other = Client()
    other.force_login(cast.river)
    client.force_login(cast.river)
    soft = SoftAuthenticator()
    answer = soft.create(_options(client, REGISTER_OPTIONS))
    response = client.post(ADD, {"name": "Phone", "credential": answer})
    assert response.status_code == 302 and response.url == reverse("accounts:security")
    page = client.get(response.url).content.decode()
    assert "Passkey added. Other sessions were signed out." in page
    assert "Phone" in page
    assert other.get(CASELOAD).status_code == 302


def test_the_same_passkey_cannot_be_added_twice(client, cast):
    soft = SoftAuthenticator()
    _stored(cast.river, soft)
    client.force_login(cast.river)
    options = _options(client, REGISTER_OPTIONS)
    assert [c["id"] for c in options["excludeCredentials"]] == [
        bytes_to_base64url(soft.credential_id)
    ]
    page = _refusal(client.post(ADD, {"name": "Again", "credential": soft.create(options)}))
    assert "That passkey is already on your list." in page
    assert cast.river.passkeys.count() == 1


# Signing in with a passkey


def test_a_passkey_opens_the_caseload_at_the_second_step(cast):
    _totp(cast.river)
    soft = SoftAuthenticator()
    passkey = _stored(cast.river, soft)
    browser = _sign_in(Client(), cast.river)
    page = browser.get(VERIFY).content.decode()
    assert "Use a passkey" in page and 'name="credential"' in page
    assert "accounts/passkey.js" in page
    options = _options(browser, USE_OPTIONS)
    assert [c["id"] for c in options["allowCredentials"]] == [passkey.credential_id]
    response = browser.post(VERIFY, {"credential": soft.get(options), "next": CASELOAD})
    assert response.status_code == 302 and response.url == CASELOAD
    assert browser.get(CASELOAD).status_code == 200
    passkey.refresh_from_db()
    assert passkey.sign_count == 1 and passkey.last_used_at is not None


def test_codes_still_work_beside_a_passkey(cast):
    factor = _totp(cast.river)
    _stored(cast.river, SoftAuthenticator())
    browser = _sign_in(Client(), cast.river)
    empty = _refusal(browser.post(VERIFY, {"code": ""}))
    assert "Type the code, or use your passkey." in empty
    response = browser.post(VERIFY, {"code": mfa.current_code(factor)})
    assert response.status_code == 302
    assert browser.get(CASELOAD).status_code == 200


def _refused_at_second_step(browser, answer, message):
    page = _refusal(browser.post(VERIFY, {"credential": answer}))
    assert message in page
    assert 'name="credential" value=' not in page, "a spent answer is never sent back"
    assert browser.get(CASELOAD).url.startswith(VERIFY)


@pytest.mark.parametrize(
    "wrong",
    [
        {"challenge": bytes_to_base64url(b"not the challenge we gave")},
        {"origin": "https://alongside.example.evil"},
    ],
    ids=["bad challenge", "wrong origin"],
)
def test_a_passkey_answer_to_the_wrong_question_is_refused(cast, wrong):
    soft = SoftAuthenticator()
    passkey = _stored(cast.river, soft)
    browser = _sign_in(Client(), cast.river)
    answer = soft.get(_options(browser, USE_OPTIONS), **wrong)
    _refused_at_second_step(browser, answer, "That passkey did not work. Please try again.")
    passkey.refresh_from_db()
    assert passkey.sign_count == 0 and passkey.last_used_at is None


def test_a_passkey_answer_works_once(cast):
    soft = SoftAuthenticator()
    _stored(cast.river, soft)
    first = _sign_in(Client(), cast.river)
    answer = soft.get(_options(first, USE_OPTIONS))
    assert first.post(VERIFY, {"credential": answer}).status_code == 302
    # Someone who learned the password and caught the answer: their session has its own
    # challenge, or none at all.
    thief = _sign_in(Client(), cast.river)
    _refused_at_second_step(thief, answer, "That took too long, or the page was used twice.")
    _options(thief, USE_OPTIONS)
    _refused_at_second_step(thief, answer, "That passkey did not work.")


def test_an_unknown_passkey_is_refused(cast):
    _stored(cast.river, SoftAuthenticator())
    stranger = SoftAuthenticator()
    _stored(cast.colleague, stranger)  # someone else's passkey is unknown for River too
    browser = _sign_in(Client(), cast.river)
    answer = stranger.get(_options(browser, USE_OPTIONS))
    _refused_at_second_step(browser, answer, "That passkey is not one you have added to Alongside.")


def test_a_cloned_passkey_whose_count_goes_back_is_refused(cast):
    soft = SoftAuthenticator(sign_count=7)
    passkey = _stored(cast.river, soft)
    browser = _sign_in(Client(), cast.river)
    answer = soft.get(_options(browser, USE_OPTIONS), count=False)  # still 7
    _refused_at_second_step(browser, answer, "That passkey did not work.")
    passkey.refresh_from_db()
    assert passkey.sign_count == 7


def test_someone_with_only_a_passkey_can_use_a_recovery_code(cast):
    _stored(cast.river, SoftAuthenticator())
    codes = mfa.new_recovery_codes(cast.river)
    browser = _sign_in(Client(), cast.river)
    assert browser.get(CASELOAD).url.startswith(VERIFY)
    page = browser.get(VERIFY).content.decode()
    assert "Use your passkey" in page and "One of your recovery codes." in page
    assert browser.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert browser.get(CASELOAD).status_code == 200


def test_no_options_for_someone_without_a_passkey(cast):
    _totp(cast.river)
    browser = _sign_in(Client(), cast.river)
    assert browser.post(USE_OPTIONS).status_code == 400
    assert browser.get(USE_OPTIONS).status_code == 405


# Confirming identity with a passkey


def test_a_passkey_and_the_password_confirm_it_is_you(client, cast):
    soft = SoftAuthenticator()
    _stored(cast.river, soft)
    client.force_login(cast.river)
    confirm = reverse("accounts:confirm_identity")
    page = client.get(confirm).content.decode()
    assert "Use a passkey" in page
    wrong = client.post(
        confirm, {"password": "not it", "credential": soft.get(_options(client, USE_OPTIONS))}
    )
    assert "That password is not right." in _refusal(wrong)
    session = client.session
    session[REAUTH_AT] = 0
    session.save()
    response = client.post(
        confirm,
        {
            "password": PASSWORD,
            "credential": soft.get(_options(client, USE_OPTIONS)),
            "next": reverse("accounts:security"),
        },
    )
    assert response.status_code == 302 and response.url == reverse("accounts:security")
    assert client.session[REAUTH_AT] > time.time() - 5


def test_with_only_a_passkey_confirming_needs_more_than_the_password(client, cast):
    _stored(cast.river, SoftAuthenticator())
    client.force_login(cast.river)
    page = _refusal(client.post(reverse("accounts:confirm_identity"), {"password": PASSWORD}))
    assert "Type the code, or use your passkey." in page


# Seeing and removing passkeys


def test_the_security_page_lists_passkeys_and_loads_the_script_with_the_nonce(client, cast):
    _totp(cast.river)
    used = _stored(cast.river, SoftAuthenticator(), name="Work laptop")
    used.last_used_at = timezone.now()
    used.save()
    _stored(cast.river, SoftAuthenticator(), name="Blue key")
    client.force_login(cast.river)
    response = client.get(reverse("accounts:security"))
    page = response.content.decode()
    assert "Work laptop" in page and "Blue key" in page
    assert "Last used" in page and "Not used yet." in page
    assert "Add a passkey" in page
    nonce = response.wsgi_request.csp_nonce
    assert f'accounts/passkey.js" nonce="{nonce}"' in page
    assert "<script>" not in page and " onclick=" not in page


def test_removing_a_passkey_asks_to_confirm_and_ends_other_sessions(client, cast):
    _totp(cast.river)
    passkey = _stored(cast.river, SoftAuthenticator())
    other = Client()
    other.force_login(cast.river)
    client.force_login(cast.river)
    remove = reverse("accounts:passkey_remove", args=[passkey.pk])
    assert client.get(remove).status_code == 405
    session = client.session
    session[REAUTH_AT] = time.time() - 6 * 60
    session.save()
    response = client.post(remove)
    assert response.url.startswith(reverse("accounts:confirm_identity"))
    assert Passkey.objects.filter(pk=passkey.pk).exists()
    session = client.session
    session[REAUTH_AT] = time.time()
    session.save()
    response = client.post(remove)
    assert response.url == reverse("accounts:security")
    assert not Passkey.objects.filter(pk=passkey.pk).exists()
    assert "Passkey removed." in client.get(response.url).content.decode()
    assert other.get(CASELOAD).status_code == 302
    assert AuditEvent.objects.filter(
        object_type="passkey", action=Action.DELETE, object_id=str(passkey.pk)
    ).exists()


def test_staff_cannot_remove_their_only_second_step(client, cast):
    passkey = _stored(cast.river, SoftAuthenticator())
    client.force_login(cast.river)
    response = client.post(reverse("accounts:passkey_remove", args=[passkey.pk]))
    assert response.url == reverse("accounts:security")
    assert Passkey.objects.filter(pk=passkey.pk).exists()
    page = client.get(response.url).content.decode()
    assert "This passkey is your only second step, so it stays." in page


def test_someone_elses_passkey_is_not_found(client, cast):
    passkey = _stored(cast.colleague, SoftAuthenticator())
    client.force_login(cast.river)
    for method in ("get", "post"):
        response = getattr(client, method)(reverse("accounts:passkey_remove", args=[passkey.pk]))
        assert response.status_code == 404
    assert Passkey.objects.filter(pk=passkey.pk).exists()


@override_settings(REQUIRE_STAFF_MFA=True)
def test_a_new_authenticator_app_beside_a_passkey_asks_to_confirm_first(client, cast):
    _stored(cast.river, SoftAuthenticator())
    client.force_login(cast.river)
    assert client.get(reverse("accounts:mfa_setup")).status_code == 200
    session = client.session
    session[REAUTH_AT] = time.time() - 6 * 60
    session.save()
    response = client.get(reverse("accounts:mfa_setup"))
    assert response.url.startswith(reverse("accounts:confirm_identity"))
