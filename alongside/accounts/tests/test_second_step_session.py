"""Session fixation between the two steps: whoever saw the session id after the password
(a shared computer, a logged URL, a planted cookie) must not ride in once the person gives
their code. The id changes when the second step is passed, and the old one opens nothing."""

from django.test import Client
from django.urls import reverse

from alongside.accounts import mfa
from alongside.accounts.tests.test_second_factor import _factor
from conftest import PASSWORD


def test_passing_the_second_step_gives_a_new_session_id_and_the_old_one_opens_nothing(cast):
    factor = _factor(cast.river)
    browser = Client()
    browser.post(reverse("accounts:login"), {"username": "river", "password": PASSWORD})
    halfway = browser.cookies["sessionid"].value
    assert browser.get(reverse("clients:caseload")).status_code == 302  # not in yet
    done = browser.post(reverse("accounts:mfa_verify"), {"code": mfa.current_code(factor)})
    assert done.status_code == 302
    assert browser.get(reverse("clients:caseload")).status_code == 200
    assert browser.cookies["sessionid"].value != halfway
    watcher = Client()
    watcher.cookies["sessionid"] = halfway
    answer = watcher.get(reverse("clients:caseload"))
    assert answer.status_code == 302 and reverse("accounts:login") in answer.url
