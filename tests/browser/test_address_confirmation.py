"""Ash's therapist changed the email on his record. On a phone (360px), axe on every page:
Ash is told on his portal home, sends himself a confirmation link, opens it while signed in,
confirms, and the notice is gone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from alongside.clients.forms import ClientProfileForm
from alongside.clients.records import save_profile
from conftest import PASSWORD

pytestmark = pytest.mark.browser

NEW = "ash.new@example.invalid"


def _therapist_changes_the_address(cast):
    client = cast.client
    form = ClientProfileForm(
        data={"chosen_name": client.chosen_name, "email": NEW, "version": client.version},
        instance=client,
    )
    assert form.is_valid(), form.errors
    save_profile(cast.river, form)


def test_client_is_told_of_a_changed_address_and_confirms_it_on_a_phone(phone, axe, sign_in, cast):
    _therapist_changes_the_address(cast)
    ash = phone
    sign_in(ash, "ash", PASSWORD)
    notice = ash.get_by_role("region", name="Please confirm your email address")
    expect(notice).to_contain_text("Your therapist changed the email address on your record on")
    assert ash.evaluate("document.documentElement.scrollWidth") <= 360
    notice.get_by_role("button", name=f"Send a confirmation link to {NEW}").click()
    expect(ash.get_by_role("heading", level=1)).to_have_text("Sign-in security")
    expect(ash.get_by_role("main")).to_contain_text(f"We sent a link to {NEW}")
    axe(ash)
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    ash.goto(link)
    expect(ash.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert "/confirm-email/" in ash.url and link not in ash.url  # the token left the address
    axe(ash)
    ash.get_by_role("button", name="Yes, this address is mine").click()
    expect(ash.get_by_role("main")).to_contain_text(f"we can send a link to {NEW}")
    expect(ash.get_by_role("region", name="Please confirm your email address")).to_have_count(0)
    axe(ash)
