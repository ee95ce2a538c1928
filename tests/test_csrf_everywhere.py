"""Every URL, posted to from another site: a browser sends the person's cookie but no CSRF
token, and nothing may change. Walked from the URL patterns, so a new page (an htmx
fragment, sign-out, a portal button) is covered as soon as it exists; only the token API
(v1), which takes no cookie, is left out, and it is checked to refuse a cookie alone."""

import pytest
from django.test import Client as DjangoClient
from django.urls import get_resolver, reverse

from alongside.accounts import mfa
from tests.test_object_access import OBJECT_IDS, _walk

WRITES = ["post", "put", "patch", "delete"]
API = "v1:"


class ForeignSite(DjangoClient):
    """A browser on another site's page: it carries the cookies, never the CSRF token."""

    def __init__(self):
        super().__init__(enforce_csrf_checks=True)

    def sign_in(self, user):
        self.force_login(user)
        session = self.session
        session[mfa.SESSION_KEY] = True
        session.save()


def _urls(cast):
    for name, converters in _walk(get_resolver()):
        if name.startswith(API):
            continue
        kwargs = {}
        for key, converter in converters.items():
            if key in OBJECT_IDS:
                kwargs[key] = OBJECT_IDS[key](cast)
            elif type(converter).__name__ == "IntConverter":
                kwargs[key] = 1
            else:
                kwargs[key] = "x" * 20
        yield name, reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("who", ["river", "sam", "admin", "client_user", None])
def test_no_write_from_another_site_is_accepted_on_any_url(cast, who):
    browser = ForeignSite()
    if who:
        browser.sign_in(getattr(cast, who))
    accepted = []
    walked = 0
    for name, url in _urls(cast):
        for method in WRITES:
            response = getattr(browser, method)(url, {"x": "1"})
            walked += 1
            if response.status_code not in (403, 404):
                accepted.append(f"{method.upper()} {url} ({name}): {response.status_code}")
    assert walked > 200, "the walk found almost no URL"
    assert not accepted, "\n".join(accepted)


def test_the_api_takes_no_cookie_in_place_of_a_token(cast):
    browser = ForeignSite()
    browser.sign_in(cast.river)
    client_id = cast.client.pk
    answer = browser.patch(
        f"/api/v1/clients/{client_id}", {"version": 1}, content_type="application/json"
    )
    assert answer.status_code == 401
    assert browser.get(f"/api/v1/clients/{client_id}").status_code == 401
