"""Check-ins end to end in Chromium: Ash answers session feedback on a phone, one question per
screen, partly by keyboard; River then sees the chart and the rupture prompt, and clears it by
recording the repair. Every page is checked with axe.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.measures.models import Flag
from alongside.measures.tests.conftest import answered, make_check_in, phq
from conftest import PASSWORD

pytestmark = pytest.mark.browser

HIGH = {"safe": 9, "heard": 9, "respected": 9, "power": 9, "mattered": 9, "overall": 9}
ANSWERS = [
    ("I felt safe in this session.", "8"),
    ("I felt heard and understood.", "8"),
    ("My identity and culture were respected.", "3"),
    ("We shared power over what we did.", "7"),
    ("We worked on what mattered to me.", "8"),
    ("Overall, this session was right for me.", "7"),
]
COMMENT = "It felt like my culture was an afterthought today."


def _history(cast):
    start = timezone.now() - timedelta(weeks=10)
    for week in range(4):
        answered(cast.client, answers=HIGH, at=start + timedelta(weeks=2 * week))
    answered(cast.client, "phq-9", phq(2, 2, 3, 2, 2, 2, 2, 1, 0), at=start)
    answered(cast.client, "phq-9", phq(1, 1, 1, 1, 1, 1, 1, 1, 0), at=start + timedelta(weeks=8))
    make_check_in(cast.client)


def test_client_answers_on_a_phone_and_the_therapist_sees_chart_and_rupture_prompt(
    phone, new_desktop, axe, sign_in, second_factor, cast
):
    _history(cast)
    ash = phone
    sign_in(ash, "ash", PASSWORD)
    ash.get_by_role("link", name="Answer your check-ins").click()
    expect(ash.get_by_role("heading", level=1)).to_have_text("Your check-ins")
    axe(ash)
    ash.get_by_role("link", name=re.compile("Answer: How was today")).click()
    expect(ash.get_by_role("heading", level=1)).to_have_text("How was today's session?")
    axe(ash)
    ash.get_by_role("link", name="Start, one question at a time").click()

    for number, (question, value) in enumerate(ANSWERS, start=1):
        expect(ash.get_by_text(f"Question {number} of 7")).to_be_visible()
        group = ash.get_by_role("group", name=question)
        expect(group).to_be_visible()
        axe(ash)
        if number == 1:
            # By keyboard: arrow keys move along the 0-10 scale, Enter goes on.
            group.get_by_role("radio", name="0", exact=True).focus()
            for _ in range(int(value)):
                ash.keyboard.press("ArrowRight")
            expect(group.get_by_role("radio", name=value, exact=True)).to_be_checked()
            ash.keyboard.press("Enter")
        else:
            group.get_by_role("radio", name=value, exact=True).check()
            ash.get_by_role("button", name="Next").click()

    expect(ash.get_by_text("Question 7 of 7")).to_be_visible()
    axe(ash)
    ash.get_by_label("Anything you want your therapist to know? (optional)").fill(COMMENT)
    ash.get_by_role("button", name="Check my answers").click()
    expect(ash.get_by_role("heading", name="Check your answers")).to_be_visible()
    axe(ash)
    expect(ash.get_by_role("main")).to_contain_text(COMMENT)
    assert ash.evaluate("document.documentElement.scrollWidth") <= 360, "sideways scrolling"
    ash.get_by_role("button", name="Send my answers").click()
    expect(ash.get_by_role("status")).to_contain_text("Thank you. Your answers are sent")
    axe(ash)

    flag = Flag.objects.get()
    assert (flag.item, flag.comment) == ("respected", COMMENT)

    # River, on a desktop.
    river = new_desktop()
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    expect(river.get_by_role("heading", level=1)).to_have_text("My caseload")
    caseload = river.get_by_role("main")
    expect(caseload.get_by_text("Rupture prompt")).to_be_visible()
    expect(caseload).to_contain_text("My identity and culture were respected.")
    expect(caseload).to_contain_text(COMMENT)
    caseload.get_by_role("link", name="Ash Canary", exact=True).click()
    expect(river.get_by_role("heading", level=1)).to_contain_text("Ash Canary")
    axe(river)
    river.get_by_role("link", name="Check-ins, charts and feedback").click()
    expect(river.get_by_role("heading", level=1)).to_contain_text("Check-ins and measures")
    axe(river)

    phq_section = river.get_by_role("region", name="PHQ-9: how your mood has been")
    chart = phq_section.get_by_role("img", name="PHQ-9 total (0 to 27)")
    expect(chart).to_be_visible()
    expect(phq_section).to_contain_text("A score describes distress, not its cause.")
    table = phq_section.get_by_role("table", name=re.compile("PHQ-9 total"))
    expect(table.get_by_role("row").filter(has_text="reliable improvement")).to_have_count(1)
    feedback = river.get_by_role("region", name="How was today's session?")
    expect(feedback.get_by_role("img")).to_be_visible()
    expect(feedback.get_by_role("table").get_by_role("row")).to_have_count(6)  # header + 5

    prompts = river.get_by_role("region", name="Needs your attention")
    prompts.get_by_role("link", name="Record what you did").click()
    expect(river.get_by_role("heading", level=1)).to_contain_text("Rupture prompt")
    axe(river)
    river.get_by_label("What did you do?").fill(
        "Opened the next session by naming it and asking what I missed."
    )
    river.get_by_role("button", name="Save and clear the prompt").click()
    expect(river.get_by_role("status")).to_contain_text("Recorded. The prompt is cleared.")
    axe(river)
    expect(river.get_by_role("region", name="Needs your attention")).to_have_count(0)
    expect(river.get_by_role("region", name="Prompts you have followed up")).to_contain_text(
        "Followed up on"
    )
    flag.refresh_from_db()
    assert flag.resolved_at is not None


def _focused_text(page) -> str:
    return page.evaluate("document.activeElement.innerText || ''").strip()


def test_keyboard_only_focus_follows_to_the_review_and_then_to_the_thanks(
    phone, axe, sign_in, cast
):
    check_in = make_check_in(cast.client)
    ash = phone
    sign_in(ash, "ash", PASSWORD)
    ash.goto(f"/my/check-ins/{check_in.pk}/?q=1")
    for number, (question, value) in enumerate(ANSWERS, start=1):
        expect(ash.get_by_text(f"Question {number} of 7")).to_be_visible()
        axe(ash)
        group = ash.get_by_role("group", name=question)
        group.get_by_role("radio", name="0", exact=True).focus()
        for _ in range(int(value)):
            ash.keyboard.press("ArrowRight")
        ash.keyboard.press("Enter")
    expect(ash.get_by_text("Question 7 of 7")).to_be_visible()
    axe(ash)
    ash.get_by_label("Anything you want your therapist to know? (optional)").focus()
    ash.keyboard.type(COMMENT)
    ash.keyboard.press("Tab")  # to "Check my answers"
    ash.keyboard.press("Enter")
    expect(ash.get_by_role("heading", name="Check your answers")).to_be_visible()
    axe(ash)
    assert _focused_text(ash) == "Check your answers"
    for _ in range(30):  # on through the answers and their Change links to Send
        ash.keyboard.press("Tab")
        if _focused_text(ash) == "Send my answers":
            break
    ash.keyboard.press("Enter")
    expect(ash.get_by_role("status")).to_contain_text("Thank you. Your answers are sent")
    axe(ash)
    assert _focused_text(ash).startswith("Thank you. Your answers are sent")
