"""Looking at ourselves in Chromium: the admin maps words to a group and reads the
practice's report; a therapist reads their caseload beside the practice's; a supervisor
their supervisees'; a client opts out from the portal on a phone. Every page goes through axe.
"""

import pytest
from playwright.sync_api import expect

from alongside.equity.models import CountingChoice
from alongside.equity.tests.helpers import practice_of
from conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_admin_therapist_and_supervisor_each_see_their_report(
    new_desktop, phone, axe, sign_in, second_factor, cast
):
    practice_of(cast, black=12, white=12)

    admin = new_desktop()
    sign_in(admin, "admin", PASSWORD, second_factor(cast.admin))
    admin.get_by_role("link", name="Looking at ourselves").first.click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Looking at ourselves")
    expect(admin.get_by_role("heading", name="Why many numbers are hidden")).to_be_visible()
    expect(admin.get_by_text("Your caseload")).to_have_count(0)
    axe(admin)
    admin.get_by_role("link", name="Reporting groups").click()
    expect(admin.get_by_role("cell", name="black british")).to_be_visible()
    axe(admin)
    admin.get_by_label("Name of the group").fill("People of African descent")
    admin.get_by_role("button", name="Add a group").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("People of African descent")
    axe(admin)
    admin.get_by_label("These words").fill("black")
    admin.get_by_role("button", name="Add a rule").click()
    expect(admin.get_by_text("contains “black”")).to_be_visible()
    axe(admin)
    admin.goto("/practice/equity/?by=ethnicity&also=gender")
    expect(admin.get_by_role("table", name="People counted (The whole practice)")).to_be_visible()
    axe(admin)

    river = new_desktop()
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto("/practice/equity/")
    feedback = river.get_by_role("table", name="Session feedback (Your caseload)")
    expect(feedback).to_be_visible()
    expect(river.get_by_role("table", name="Session feedback (The whole practice)")).to_be_visible()
    expect(feedback.get_by_role("row", name="Black")).to_contain_text("6")
    axe(river)

    sam = new_desktop()
    sign_in(sam, "sam", PASSWORD, second_factor(cast.sam))
    sam.goto("/practice/equity/")
    expect(
        sam.get_by_role("table", name="People counted (Your supervisees' caseloads)")
    ).to_be_visible()
    axe(sam)

    ash = phone
    sign_in(ash, "ash", PASSWORD)
    ash.get_by_role("link", name="Count me, without my name").click()
    expect(ash.get_by_role("heading", level=1)).to_have_text("The practice's check on fairness")
    axe(ash)
    ash.get_by_label("No, leave me out").check()
    ash.get_by_role("button", name="Save my choice").click()
    expect(ash.get_by_text("Right now you are not counted.")).to_be_visible()
    axe(ash)
    assert CountingChoice.objects.get(client=cast.client).counted is False
