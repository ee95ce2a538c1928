"""Issue 11, item 6: the second step has an attempt limit (per person and address, like
sign-in), audits its failures, says why a just-used code is refused, and checks a recovery
code with one hash. At sign-in, at "confirm it is you", and for passkeys too."""

from datetime import timedelta
from unittest import mock

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts import mfa
from alongside.accounts.models import Passkey, SecondFactor, SecondStepFailure
from alongside.audit.models import AuditEvent, Outcome
from conftest import PASSWORD

VERIFY = reverse("accounts:mfa_verify")
CONFIRM = reverse("accounts:confirm_identity")


def _factor(user) -> SecondFactor:
    return SecondFactor.objects.create(
        user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )


def _signed_in_with_password(user, address="10.0.0.1") -> Client:
    browser = Client(REMOTE_ADDR=address)
    browser.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    return browser


def _wrong_codes(browser, factor, n, url=VERIFY, extra=None):
    right = mfa.current_code(factor)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(n):
        browser.post(url, {"code": wrong, **(extra or {})})


def test_ten_wrong_codes_pause_that_person_from_that_address_only(cast, settings):
    factor = _factor(cast.river)
    guesser = _signed_in_with_password(cast.river)
    _wrong_codes(guesser, factor, settings.SECOND_STEP_FAILURE_LIMIT)
    refused = guesser.post(VERIFY, {"code": mfa.current_code(factor)})
    assert refused.status_code == 200 and "Too many wrong tries" in refused.content.decode()
    factor.refresh_from_db()
    assert factor.last_step == 0  # the right code was not even checked
    assert guesser.get(reverse("clients:caseload")).status_code == 302
    # River, elsewhere, still gets in.
    river = _signed_in_with_password(cast.river, address="10.0.0.2")
    assert river.post(VERIFY, {"code": mfa.current_code(factor)}).status_code == 302


def test_a_guesser_rotating_addresses_is_paused_for_the_person(cast, settings):
    factor = _factor(cast.river)
    per_address = settings.SECOND_STEP_FAILURE_LIMIT - 1
    rounds = settings.SECOND_STEP_FAILURE_LIMIT_PER_PERSON // per_address + 1
    for n in range(rounds):
        _wrong_codes(_signed_in_with_password(cast.river, f"10.1.0.{n}"), factor, per_address)
    fresh = _signed_in_with_password(cast.river, "10.2.0.1")
    assert "Too many wrong tries" in fresh.post(VERIFY, {"code": "123456"}).content.decode()


def test_every_failure_is_audited_without_the_code(cast):
    factor = _factor(cast.river)
    browser = _signed_in_with_password(cast.river)
    _wrong_codes(browser, factor, 3)
    denied = AuditEvent.objects.filter(
        actor_id=cast.river.pk, outcome=Outcome.DENIED, object_type__startswith="second_step"
    )
    assert denied.count() == 3
    assert SecondStepFailure.objects.filter(user=cast.river).count() == 3


def test_a_right_code_clears_the_count_for_that_address(cast, settings):
    factor = _factor(cast.river)
    browser = _signed_in_with_password(cast.river)
    _wrong_codes(browser, factor, settings.SECOND_STEP_FAILURE_LIMIT - 1)
    assert browser.post(VERIFY, {"code": mfa.current_code(factor)}).status_code == 302
    assert not SecondStepFailure.objects.filter(user=cast.river).exists()


def test_a_code_used_a_moment_ago_is_refused_with_the_reason(cast):
    factor = _factor(cast.river)
    code = mfa.current_code(factor)
    assert _signed_in_with_password(cast.river).post(VERIFY, {"code": code}).status_code == 302
    again = _signed_in_with_password(cast.river).post(VERIFY, {"code": code})
    assert "that code was just used; wait for the next one" in again.content.decode().lower()


def test_confirm_it_is_you_has_the_same_limit(client, cast, settings):
    factor = _factor(cast.river)
    client.force_login(cast.river)
    _wrong_codes(
        client, factor, settings.SECOND_STEP_FAILURE_LIMIT, CONFIRM, {"password": PASSWORD}
    )
    refused = client.post(CONFIRM, {"password": PASSWORD, "code": mfa.current_code(factor)})
    assert "Too many wrong tries" in refused.content.decode()
    assert AuditEvent.objects.filter(actor_id=cast.river.pk, outcome=Outcome.DENIED).count() >= 10


def test_a_refused_passkey_counts_and_a_paused_person_gets_no_passkey_check(cast, settings):
    Passkey.objects.create(user=cast.river, name="key", credential_id="abc", public_key="abc")
    browser = _signed_in_with_password(cast.river)
    for _ in range(settings.SECOND_STEP_FAILURE_LIMIT):
        browser.post(VERIFY, {"code": "", "credential": '{"not": "an answer"}'})
    assert SecondStepFailure.objects.filter(user=cast.river).count() == (
        settings.SECOND_STEP_FAILURE_LIMIT
    )
    with mock.patch("alongside.accounts.passkeys.verify_use") as verify_use:
        page = browser.post(VERIFY, {"code": "", "credential": '{"an": "answer"}'})
    assert not verify_use.called and "Too many wrong tries" in page.content.decode()


@pytest.mark.parametrize("typed", ["right-prefix", "unknown"])
def test_checking_a_recovery_code_costs_one_hash(cast, typed):
    codes = mfa.new_recovery_codes(cast.river)
    wrong = codes[0].split("-")[0] + "-00000000" if typed == "right-prefix" else "ffff0000-1234"
    with mock.patch("alongside.accounts.mfa.check_password", return_value=False) as checked:
        assert not mfa.use_recovery_code(cast.river, wrong)
    assert checked.call_count == 1
    assert mfa.use_recovery_code(cast.river, codes[3])
    assert not mfa.use_recovery_code(cast.river, codes[3])


def test_the_pause_ends_after_the_cool_off(cast, settings):
    factor = _factor(cast.river)
    browser = _signed_in_with_password(cast.river)
    _wrong_codes(browser, factor, settings.SECOND_STEP_FAILURE_LIMIT)
    SecondStepFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert browser.post(VERIFY, {"code": mfa.current_code(factor)}).status_code == 302
