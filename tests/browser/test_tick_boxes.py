"""A single tick box on a phone sits on the line of its label, before it, as on paper: the
form renders label, help, then box, and without its own layout the box stood alone under the
help text (the client's "I prefer not to say" on their map, the admin's "Privacy officer")."""

import pytest
from playwright.sync_api import Page, expect

from alongside.context.tests import objects
from conftest import PASSWORD

pytestmark = pytest.mark.browser


def _box_beside_label(page: Page, label: str) -> None:
    box = page.get_by_role("checkbox", name=label).bounding_box()
    text = page.locator("label", has_text=label).bounding_box()
    middle = box["y"] + box["height"] / 2
    assert text["y"] <= middle <= text["y"] + text["height"], (box, text)
    assert box["x"] + box["width"] <= text["x"], (box, text)


def test_the_clients_prefer_not_to_say_box_is_beside_its_words(phone, axe, sign_in, cast):
    entry = objects.map_entry(cast)
    sign_in(phone, "ash", PASSWORD)
    phone.goto(f"/my/map/{entry.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Being a carer")
    axe(phone)
    _box_beside_label(phone, "I prefer not to say")
    phone.get_by_label("I prefer not to say").press("Space")
    expect(phone.get_by_role("checkbox", name="I prefer not to say")).to_be_checked()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_admins_privacy_officer_box_is_beside_its_words(
    desktop, axe, sign_in, second_factor, cast
):
    sign_in(desktop, "admin", PASSWORD, second_factor(cast.admin))
    desktop.goto("/accounts/new/")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Add a staff account")
    axe(desktop)
    _box_beside_label(desktop, "Privacy officer")
