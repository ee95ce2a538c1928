"""The site header on a 360px phone: one short line (the name, "Menu", "Sign out") before the
page, the menu a native disclosure that opens by touch, by keyboard and without JavaScript,
every target at least 44px; on a wide screen the menu is simply shown. axe checks each page,
with the menu closed and open.
"""

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

MOST_HEADER_PX = 64  # one line of 44px targets and its padding; it was about 275px


def header_height(page: Page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def menu(page: Page):
    return page.locator(".site-header summary")


def assert_a_44px_target(locator) -> None:
    box = locator.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box


def test_on_a_phone_a_clients_header_is_one_short_line_and_the_menu_opens_by_keyboard(
    phone, axe, sign_in, cast
):
    sign_in(phone, "ash", PASSWORD)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Ash Canary")
    assert header_height(phone) <= MOST_HEADER_PX
    main_menu = phone.get_by_role("navigation", name="Main")
    expect(main_menu.get_by_role("link", name="My plan")).to_be_hidden()
    expect(menu(phone)).to_have_text("Menu")
    for target in (menu(phone), phone.get_by_role("button", name="Sign out", exact=True)):
        expect(target).to_be_visible()
        assert_a_44px_target(target)

    # Keyboard only: past "Skip to main content" and the name to "Menu", Enter opens it.
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    expect(menu(phone)).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.locator(".site-menu")).to_have_attribute("open", "")
    axe(phone)
    phone.keyboard.press("Tab")
    first = main_menu.get_by_role("link", name="My record", exact=True)
    expect(first).to_be_focused()
    for name in ("My record", "My plan", "Who has seen my record", "Time zone"):
        assert_a_44px_target(main_menu.get_by_role("link", name=name, exact=True))
    assert_a_44px_target(phone.get_by_role("button", name="Change language"))
    # Open, the menu pushes the page down rather than covering it.
    heading = phone.get_by_role("heading", level=1).bounding_box()
    assert heading["y"] >= phone.locator(".site-header").bounding_box()["height"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, "sideways scrolling"

    main_menu.get_by_role("link", name="My plan").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("plan")
    axe(phone)
    expect(phone.locator(".site-menu")).not_to_have_attribute("open", "")  # closed on a new page


def test_on_a_phone_a_therapists_caseload_starts_near_the_top(
    phone, axe, sign_in, second_factor, cast
):
    sign_in(phone, "river", PASSWORD, second_factor(cast.river))
    phone.goto("/clients/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("My caseload")
    axe(phone)
    assert header_height(phone) <= MOST_HEADER_PX
    assert phone.get_by_role("heading", level=1).bounding_box()["y"] < 120
    menu(phone).click()
    caseload = phone.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar")
    expect(caseload).to_be_visible()
    axe(phone)
    menu(phone).click()
    expect(caseload).to_be_hidden()


def test_the_menu_opens_without_javascript(_pages, cast):
    no_script = _pages.open({**PHONE, "java_script_enabled": False})
    no_script.goto("/sign-in/")
    no_script.get_by_label("Sign-in name").fill("ash")
    no_script.get_by_label("Password").fill(PASSWORD)
    no_script.get_by_role("button", name="Sign in").click()
    expect(no_script.get_by_role("heading", level=1)).to_have_text("Hello, Ash Canary")
    menu(no_script).click()
    no_script.get_by_role("link", name="Who has seen my record").first.click()
    expect(no_script.get_by_role("heading", level=1)).to_have_text("Who has seen my record")
    _pages.unchecked[no_script] = []  # axe needs JavaScript: the pages above were checked with it


def test_on_a_wide_screen_the_menu_is_simply_shown(desktop, axe, sign_in, cast):
    sign_in(desktop, "ash", PASSWORD)
    expect(menu(desktop)).to_be_hidden()
    main_menu = desktop.get_by_role("navigation", name="Main")
    expect(main_menu.get_by_role("link", name="My plan")).to_be_visible()
    expect(desktop.get_by_label("Language")).to_be_visible()
