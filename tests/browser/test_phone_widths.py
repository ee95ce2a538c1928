"""Pages that ran wider than a 360px phone, each fixed where it overflowed; axe on each."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_the_authenticator_key_wraps_on_a_phone(phone, axe, sign_in, cast):
    sign_in(phone, "ash", PASSWORD)
    phone.goto("/second-factor/set-up/")
    expect(phone.locator("code.secret")).to_be_visible()
    axe(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
