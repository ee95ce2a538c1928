import time

import pyotp
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts import mfa
from alongside.accounts.models import SecondFactor
from conftest import PASSWORD


def _sign_in(browser, user):
    return browser.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )


def _factor(user) -> SecondFactor:
    return SecondFactor.objects.create(
        user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now()
    )


@pytest.mark.parametrize("who", ["river", "sam", "admin"])
def test_staff_with_a_password_only_reach_no_clinical_page(cast, who):
    browser = Client()
    _sign_in(browser, getattr(cast, who))
    for url in [
        reverse("clients:caseload"),
        reverse("clients:detail", args=[cast.client.pk]),
        reverse("clients:supervision"),
        reverse("accounts:staff"),
    ]:
        response = browser.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:mfa_setup"))


def test_staff_set_up_an_authenticator_and_get_recovery_codes(cast):
    browser = Client()
    _sign_in(browser, cast.river)
    page = browser.get(reverse("accounts:mfa_setup"))
    secret = page.context["secret"]
    assert "data:image/svg+xml;base64," in page.content.decode()
    done = browser.post(reverse("accounts:mfa_setup"), {"code": pyotp.TOTP(secret).now()})
    assert len(done.context["codes"]) == 10
    assert browser.get(reverse("clients:caseload")).status_code == 200
    stored = list(cast.river.recovery_codes.values_list("code_hash", flat=True))
    assert not set(done.context["codes"]) & set(stored)


def test_a_code_works_once(cast):
    factor = _factor(cast.river)
    code = mfa.current_code(factor)
    assert mfa.check_code(factor, code)
    factor.refresh_from_db()
    assert not mfa.check_code(factor, code)


def test_an_old_or_wrong_code_is_refused(cast):
    factor = _factor(cast.river)
    old = pyotp.TOTP(factor.secret).at(time.time() - 120)
    assert not mfa.check_code(factor, old)
    assert not mfa.check_code(factor, "12345x")


def test_signing_in_with_a_code_opens_the_caseload(cast):
    factor = _factor(cast.river)
    browser = Client()
    response = _sign_in(browser, cast.river)
    assert browser.get(reverse("clients:caseload")).url.startswith(reverse("accounts:mfa_verify"))
    wrong = browser.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    assert "That code did not work" in wrong.content.decode()
    response = browser.post(reverse("accounts:mfa_verify"), {"code": mfa.current_code(factor)})
    assert response.status_code == 302
    assert browser.get(reverse("clients:caseload")).status_code == 200


def test_a_recovery_code_works_once(cast):
    _factor(cast.river)
    codes = mfa.new_recovery_codes(cast.river)
    first, second = Client(), Client()
    _sign_in(first, cast.river)
    assert first.post(reverse("accounts:mfa_verify"), {"code": codes[0]}).status_code == 302
    _sign_in(second, cast.river)
    reused = second.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
    assert reused.status_code == 200 and "That code did not work" in reused.content.decode()


def test_clients_need_no_second_factor_unless_they_choose_one(cast):
    browser = Client()
    _sign_in(browser, cast.client_user)
    assert browser.get(reverse("portal:home")).status_code == 200
    factor = _factor(cast.client_user)
    browser = Client()
    _sign_in(browser, cast.client_user)
    assert browser.get(reverse("portal:home")).url.startswith(reverse("accounts:mfa_verify"))
    browser.post(reverse("accounts:mfa_verify"), {"code": mfa.current_code(factor)})
    assert browser.get(reverse("portal:home")).status_code == 200


def _factor_lookups(queries) -> int:
    return sum(
        q["sql"].startswith(
            ('SELECT "accounts_secondfactor"', 'SELECT 1 AS "a" FROM "accounts_passkey"')
        )
        for q in queries
    )


def test_a_person_without_a_second_factor_is_asked_about_it_once_per_session(cast):
    browser = Client()
    _sign_in(browser, cast.client_user)
    with CaptureQueriesContext(connection) as first:
        assert browser.get(reverse("portal:home")).status_code == 200
    with CaptureQueriesContext(connection) as then:
        assert browser.get(reverse("portal:home")).status_code == 200
    assert _factor_lookups(first) > 0
    assert _factor_lookups(then) == 0


def test_staff_are_still_sent_to_set_one_up_once_the_practice_requires_it(cast, settings):
    settings.REQUIRE_STAFF_MFA = False
    browser = Client()
    _sign_in(browser, cast.river)
    assert browser.get(reverse("clients:caseload")).status_code == 200

    settings.REQUIRE_STAFF_MFA = True

    page = browser.get(reverse("clients:caseload"))
    assert page.status_code == 302 and page.url.startswith(reverse("accounts:mfa_setup"))


def test_a_new_second_factor_ends_other_sessions(cast):
    other = Client()
    other.force_login(cast.client_user)
    assert other.get(reverse("portal:home")).status_code == 200
    me = Client()
    me.force_login(cast.client_user)
    secret = me.get(reverse("accounts:mfa_setup")).context["secret"]
    me.post(reverse("accounts:mfa_setup"), {"code": pyotp.TOTP(secret).now()})
    assert me.get(reverse("portal:home")).status_code == 200
    assert other.get(reverse("portal:home")).status_code == 302


@pytest.mark.parametrize("page", ["accounts:mfa_verify", "accounts:confirm_identity"])
def test_the_demo_shows_the_current_code_on_every_code_page_and_production_never(
    client, cast, settings, page
):
    factor = _factor(cast.river)
    client.force_login(cast.river)
    settings.DEMO_MODE = True
    shown = client.get(reverse(page)).content.decode()
    assert "Demo only: the code right now is" in shown
    assert mfa.current_code(factor) in shown or "changes every 30 seconds" in shown
    settings.DEMO_MODE = False
    assert "Demo only" not in client.get(reverse(page)).content.decode()
