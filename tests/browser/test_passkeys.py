"""Passkeys in Chromium, with its virtual authenticator standing in for a security key or a
laptop's fingerprint reader (driven through the DevTools protocol)."""

from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page, expect

from alongside.accounts.middleware import REAUTH_AT
from alongside.accounts.models import Passkey
from alongside.accounts.tests.soft_authenticator import stored_passkey
from conftest import PASSWORD
from tests.browser.conftest import totp

pytestmark = pytest.mark.browser


def _virtual_authenticator(page: Page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, found["authenticatorId"]


def _last_confirmed_long_ago(page: Page) -> None:
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[REAUTH_AT] = 0
    session.save()


def test_staff_add_a_passkey_then_sign_in_with_it(
    desktop, axe, sign_in, second_factor, cast, live_server
):
    # WebAuthn needs a domain name for the relying party: "localhost" is one, 127.0.0.1 isn't.
    assert urlsplit(live_server.url).hostname == "localhost", live_server.url
    page = desktop
    cdp, authenticator = _virtual_authenticator(page)
    sign_in(page, "river", PASSWORD, second_factor(cast.river))
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")

    page.get_by_role("link", name="Sign-in security").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in security")
    axe(page)
    expect(page.get_by_text("You have not added a passkey.")).to_be_visible()
    expect(page.get_by_text("Adding a passkey needs JavaScript")).to_be_hidden()
    page.get_by_role("link", name="Add a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a passkey")
    axe(page)
    page.get_by_label("Name for this passkey").fill("Work laptop")
    page.get_by_role("button", name="Add a passkey").click()

    expect(page.get_by_role("status")).to_contain_text("Passkey added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in security")
    axe(page)
    passkeys = page.get_by_role("region", name="Passkeys")
    expect(passkeys.get_by_role("listitem")).to_have_count(1)
    expect(passkeys.get_by_role("listitem")).to_contain_text("Work laptop")
    expect(passkeys.get_by_role("listitem")).to_contain_text("Not used yet.")
    made = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(made["credentials"]) == 1
    assert cast.river.passkeys.get().name == "Work laptop"

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe(page)

    sign_in(page, "river", PASSWORD)  # the password; the second step follows
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    axe(page)
    used = Passkey.objects.get(user=cast.river)
    assert used.last_used_at is not None
    assert used.sign_count >= 1

    # The app's code still works as the second step for someone with a passkey, and the
    # passkey can be removed again.
    page.get_by_role("link", name="Sign-in security").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in security")
    axe(page)
    expect(passkeys).to_contain_text("Last used")

    # Long after signing in, removing it asks again: the password and the passkey will do.
    _last_confirmed_long_ago(page)
    passkeys.get_by_role("button", name="Remove Work laptop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    axe(page)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Type your password first, then use your passkey."
    )
    expect(page.get_by_label("Your password")).to_be_focused()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in security")
    axe(page)
    passkeys.get_by_role("button", name="Remove Work laptop").click()
    expect(page.get_by_role("status")).to_contain_text("Passkey removed.")
    axe(page)
    expect(page.get_by_text("You have not added a passkey.")).to_be_visible()
    assert not Passkey.objects.filter(user=cast.river).exists()


def test_without_javascript_the_passkey_button_is_hidden_and_the_code_works(
    desktop, axe, sign_in, second_factor, cast
):
    # The app's scripts never arrive (as when they are blocked or fail to load). Chromium's own
    # JavaScript switch can't be used: axe needs scripts to run in the page.
    page = desktop
    page.route("**/*.js", lambda route: route.abort())
    secret = second_factor(cast.river)
    stored_passkey(cast.river)
    sign_in(page, "river", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    expect(page.get_by_role("button", name="Use a passkey")).to_be_hidden()
    expect(page.get_by_text("Or use your passkey.")).to_be_hidden()
    page.get_by_label("Code").fill(totp(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    axe(page)

    page.goto("/sign-in-security/passkeys/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a passkey")
    axe(page)
    expect(page.get_by_text("Adding a passkey needs JavaScript")).to_be_visible()
    expect(page.get_by_role("button", name="Add a passkey")).to_be_hidden()
