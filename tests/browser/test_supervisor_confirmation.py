"""Issue 11, item 1 in Chromium: the admin names a supervisor, the therapist confirms it on
their own page (a phone), and only then does the supervisor see the caseload."""

import pytest
from playwright.sync_api import expect

from alongside.clients.models import Client
from conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_admin_names_a_supervisor_and_the_therapist_confirms(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    admin = desktop
    sign_in(admin, "admin", PASSWORD, second_factor(cast.admin))
    admin.goto(f"/accounts/{cast.river.pk}/")
    axe(admin)
    admin.get_by_label("Email address").fill("river@example.invalid")
    admin.get_by_label("Supervisor").select_option(label="Other_Supervisor")
    admin.get_by_role("button", name="Save").click()
    expect(
        admin.get_by_role("cell", name="Other_Supervisor (waiting to be confirmed)")
    ).to_be_visible()
    axe(admin)
    admin.goto(f"/accounts/{cast.river.pk}/")
    expect(admin.get_by_text("Waiting for this therapist to confirm")).to_be_visible()
    axe(admin)
    assert not Client.objects.visible_to(cast.other_supervisor).exists()

    river = new_phone()
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    expect(river.get_by_text("named Other_Supervisor as your supervisor")).to_be_visible()
    river.get_by_role("link", name="Confirm or decline").click()
    expect(river.get_by_role("heading", level=1)).to_have_text("Your supervisor")
    axe(river)
    assert river.evaluate("document.documentElement.scrollWidth") <= 360, "sideways scrolling"
    river.get_by_role("button", name="Confirm Other_Supervisor").click()
    expect(river.get_by_role("status")).to_contain_text("is now your supervisor")
    axe(river)
    assert Client.objects.visible_to(cast.other_supervisor).filter(pk=cast.client.pk).exists()
