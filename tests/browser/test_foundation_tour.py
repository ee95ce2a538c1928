"""The foundation, end to end in Chromium: each role's first steps, checked with axe on every page.

The cast (see the top-level conftest.py): River is a therapist supervised by Sam; Colleague is
another therapist; Admin runs accounts; Ash Canary is River's client, Noor Canary Colleague's.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from alongside.accounts.models import User
from alongside.clients.models import Client
from conftest import PASSWORD
from tests.browser.conftest import totp

pytestmark = pytest.mark.browser

NEW_CLIENT = {"name": "Tamsin Brightwater", "pronouns": "xe/xem", "email": "tamsin@example.invalid"}
CLIENT_PASSWORD = "kettle lantern orchard seventeen"  # noqa: S105


def test_therapist_invites_a_client_who_joins_on_a_phone(desktop, new_phone, axe, cast):
    therapist = desktop
    # River signs in by keyboard: the skip link is the first stop and moves focus to main.
    therapist.goto("/sign-in/")
    axe(therapist)
    therapist.keyboard.press("Tab")
    skip = therapist.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    therapist.keyboard.press("Enter")
    expect(therapist.locator("main")).to_be_focused()
    therapist.keyboard.press("Tab")
    expect(therapist.get_by_label("Sign-in name")).to_be_focused()
    therapist.keyboard.type("river")
    therapist.keyboard.press("Tab")
    therapist.keyboard.type(PASSWORD)
    therapist.keyboard.press("Enter")

    # Staff need a second factor before any record: River sets up an authenticator app.
    expect(therapist.get_by_role("heading", level=1)).to_have_text(
        "Set up a second step for signing in"
    )
    axe(therapist)
    key = therapist.locator("code.secret").inner_text()
    therapist.get_by_label("Code").fill(totp(key))
    therapist.get_by_role("button", name="Turn on").click()
    expect(therapist.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    axe(therapist)
    expect(therapist.locator("main code")).to_have_count(10)
    therapist.get_by_role("link", name="I have saved them").click()
    expect(therapist.get_by_role("heading", level=1)).to_have_text("My caseload")
    axe(therapist)

    therapist.get_by_role("main").get_by_role("link", name="Add a client").click()
    expect(therapist.get_by_role("heading", level=1)).to_have_text("Add a client")
    axe(therapist)
    therapist.get_by_label("Name they use").fill(NEW_CLIENT["name"])
    therapist.get_by_label("Pronouns").fill(NEW_CLIENT["pronouns"])
    therapist.get_by_label("Email").fill(NEW_CLIENT["email"])
    therapist.get_by_role("button", name="Save").click()
    expect(therapist.get_by_role("heading", level=1)).to_contain_text(NEW_CLIENT["name"])
    expect(therapist.get_by_role("status")).to_contain_text("Client added.")
    axe(therapist)

    therapist.get_by_role("button", name="Invite to the portal").click()
    expect(therapist.get_by_role("status")).to_contain_text(
        f"Invitation sent to {NEW_CLIENT['email']}"
    )
    axe(therapist)
    expect(therapist.get_by_role("button", name="Send the invitation again")).to_be_visible()

    # The live server runs in this process, so its locmem outbox is ours to read.
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [NEW_CLIENT["email"]]
    assert f"Hello {NEW_CLIENT['name']}" in email.body
    link = re.search(r"https?://\S+/welcome/\S+/", email.body).group(0)

    # The client, on their phone, with no session of their own.
    client = new_phone()
    client.goto(link)
    expect(client.get_by_role("heading", level=1)).to_have_text("Set up your account")
    axe(client)
    client.get_by_label("Sign-in name").fill("tamsin")
    client.get_by_label(re.compile(r"^New password(?! again)")).fill(CLIENT_PASSWORD)
    client.get_by_label("New password again").fill(CLIENT_PASSWORD)
    client.get_by_role("button", name="Save and continue").click()

    expect(client.get_by_role("heading", level=1)).to_have_text(f"Hello, {NEW_CLIENT['name']}")
    expect(client.get_by_role("status")).to_contain_text("Welcome. Your account is ready.")
    about = client.get_by_role("region", name="About you")
    expect(about).to_contain_text(NEW_CLIENT["name"])
    expect(about).to_contain_text(NEW_CLIENT["pronouns"])
    axe(client)
    assert client.evaluate("document.documentElement.scrollWidth") <= 360, "sideways scrolling"

    client.locator("summary", has_text="Menu").click()  # on a phone the menu is folded
    client.get_by_role("link", name="Who has seen my record").first.click()
    expect(client.get_by_role("heading", level=1)).to_have_text("Who has seen my record")
    axe(client)
    who = client.locator(".seen-list li", has_text="River, your therapist").first
    expect(who).to_be_visible()
    expect(who).to_contain_text("Added to or changed: your profile")

    # The invitation link is spent: it can't be used to take over the account.
    stranger = new_phone()
    stranger.goto(link)
    expect(stranger.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    axe(stranger)
    joined = User.objects.get(username="tamsin")
    assert joined.has_usable_password()
    assert Client.objects.get(user=joined).chosen_name == NEW_CLIENT["name"]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_missing_name_is_explained_next_to_the_field_and_nothing_typed_is_lost(
    width, request, axe, sign_in, second_factor, cast
):
    page: Page = request.getfixturevalue(width)
    sign_in(page, "river", PASSWORD, second_factor(cast.river))
    page.goto("/clients/new/")
    axe(page)
    typed = {
        "Pronouns": "they/them",
        "Email": "someone@example.invalid",
        "How they describe themselves": "Disabled, queer, 40s. Likes the early slot.",
        "Legal name (billing only)": "A. N. Other",
    }
    for label, value in typed.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Save").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please check these and try again")
    axe(page)
    name = page.get_by_label("Name they use")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile("This field is required"))
    # The message sits in the same field group as the input, above it.
    field = page.locator(".field").filter(has=page.locator("#id_chosen_name"))
    expect(field.locator(".field-errors")).to_have_text("This field is required.")
    for label, value in typed.items():
        expect(page.get_by_label(label)).to_have_value(value)
    # The summary's link takes keyboard users to the field.
    summary.get_by_role("link", name=re.compile("Name they use")).click()
    expect(name).to_be_focused()
    assert Client.objects.count() == 2  # only the cast's two


def test_supervisor_reads_supervisees_caseloads_without_changing_them(
    desktop, axe, sign_in, second_factor, cast
):
    page = desktop
    sign_in(page, "sam", PASSWORD, second_factor(cast.sam))
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision")
    river = page.get_by_role("region", name="River")
    expect(river.get_by_role("link", name="Ash Canary")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Noor Canary")  # not Sam's supervisee

    river.get_by_role("link", name="Ash Canary").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ash Canary")
    axe(page)
    expect(page.get_by_text("Read-only: River works with this client.")).to_be_visible()
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=re.compile("Edit", re.IGNORECASE))).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)
    expect(main.locator("form")).to_have_count(0)
    expect(main).not_to_contain_text("Legal name")

    # Typing the edit address by hand gets the same page as a record that doesn't exist.
    page.goto(f"/clients/{cast.client.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    axe(page)


def test_admin_sees_staff_accounts_and_no_client_names(phone, axe, sign_in, second_factor, cast):
    page = phone
    sign_in(page, "admin", PASSWORD, second_factor(cast.admin))
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    table = page.get_by_role("table", name="Staff accounts")
    for name in ["River", "Colleague", "Sam", "Other_Supervisor", "Admin"]:
        expect(table.get_by_role("link", name=name, exact=True)).to_be_visible()
    body = page.locator("body")
    for client_text in ["Canary", "Ash", "Noor", "CANARY-SELF-DESCRIPTION"]:
        expect(body).not_to_contain_text(client_text)
    # On a phone each row stacks into a card whose cells say what they are.
    river_row = "River Role: Therapist Supervisor: Sam Status: Active"
    expect(table.get_by_role("row", name=river_row)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(table).not_to_contain_text("Outsider")  # another practice's staff

    page.goto(f"/clients/{cast.client.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    expect(body).not_to_contain_text("Canary")
    axe(page)


def test_caseload_title_is_plain_and_the_emergency_link_is_on_the_page(
    desktop, axe, sign_in, second_factor, cast
):
    sign_in(desktop, "river", PASSWORD, second_factor(cast.river))
    expect(desktop.get_by_role("heading", level=1)).to_have_text("My caseload")
    expect(desktop).to_have_title("My caseload · Alongside", timeout=1000)
    main = desktop.get_by_role("main")
    expect(main.get_by_role("link", name="Emergency access to another record")).to_be_visible()


def test_a_long_caseload_pages_with_plain_links_on_a_phone(
    phone, axe, sign_in, second_factor, cast
):
    Client.objects.bulk_create(
        Client(practice=cast.practice, therapist=cast.river, chosen_name=f"Person {n:03d}")
        for n in range(119)
    )
    sign_in(phone, "river", PASSWORD, second_factor(cast.river))
    expect(phone.get_by_role("heading", level=1)).to_have_text("My caseload")
    pages = phone.get_by_role("navigation", name="Pages of my caseload")
    expect(pages).to_contain_text("Page 1 of 3")
    expect(pages.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    axe(phone)
    pages.get_by_role("link", name="Next page").click()
    expect(phone).to_have_url(re.compile(r"/clients/\?page=2$"))
    expect(pages).to_contain_text("Page 2 of 3")
    expect(phone.get_by_role("main").get_by_role("link", name="Person 049")).to_be_visible()
    axe(phone)
