"""Issue 20 as a new user would meet it, in Chromium at 1280px and 360px, with axe on every
page: the client's home (what needs them first, "New" until opened), focus after sending a
comment and on each check-in question (keyboard only), the supervisor's home, the privacy
officer's emergency review, and the caseload with ended work kept apart.

With ALONGSIDE_SCREENSHOTS set, every axe check also saves full-page screenshots, and the
focus checks save what the screen shows at that moment (`_shot`).
"""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alongside.clients import emergency
from alongside.context.records import formulation_for, save_section, sections_of
from alongside.letters.tests import objects as letters
from alongside.measures.tests.conftest import make_check_in
from alongside.notes import records as note_records
from alongside.notes.tests.helpers import signed_note
from alongside.plans.records import plan_for
from alongside.plans.tests import objects as plans
from alongside.rights.models import EndOfWork
from conftest import PASSWORD

pytestmark = pytest.mark.browser

TAB_LIMIT = 120  # more Tab presses than this to reach a control is itself a finding


def _shot(page: Page, name: str) -> None:
    shots = os.environ.get("ALONGSIDE_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=f"{shots}/first-use-{name}-{width}.png")


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab, as a keyboard user does, until `selector` has focus."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} not reached with {TAB_LIMIT} presses of Tab on {page.url}")


def _focused(page: Page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " text: document.activeElement.innerText || '',"
        " focus: document.activeElement.hasAttribute('data-focus')})"
    )


def _no_sideways_scroll(page: Page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "sideways scrolling"


# 1. The client's home -------------------------------------------------------------------


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_clients_home_puts_what_needs_them_first_and_new_until_opened(
    request, axe, sign_in, cast, size
):
    page = request.getfixturevalue(size)
    today = timezone.localdate()
    note = signed_note(cast)
    letters.sent(cast)
    plans.step(cast, what="Ring the tenants' union", by_when=today + timedelta(days=2))
    make_check_in(cast.client)
    sign_in(page, "ash", PASSWORD)
    needs = page.get_by_role("region", name="What needs you")
    expect(needs).to_be_visible()
    expect(needs).to_contain_text("1 check-in is waiting for your answers")
    expect(needs).to_contain_text("A letter is waiting for your yes")
    expect(needs).to_contain_text("Ring the tenants' union")
    expect(needs.get_by_text("New", exact=True)).to_have_count(2)  # the note and the letter
    order = page.evaluate(
        "() => [...document.querySelectorAll('main h2')].map(h => h.textContent.trim())"
    )
    assert order.index("What needs you") < order.index("About you"), order
    _no_sideways_scroll(page)
    _shot(page, "client-home")
    needs.get_by_role("link", name="The note from your session on").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your session on")
    axe(page)
    page.goto("/my/")
    axe(page)
    needs = page.get_by_role("region", name="What needs you")
    expect(needs.get_by_role("link", name="The note from your session on")).to_have_count(0)
    expect(needs.get_by_text("New", exact=True)).to_have_count(1)  # the letter, not opened
    assert note.pk  # the note itself is still there, in "Your session notes"
    expect(page.get_by_role("link", name="Read your session notes")).to_be_visible()


# 2. Focus after sending, keyboard only ---------------------------------------------------


def test_after_a_perspective_focus_is_on_it_with_the_thanks_keyboard_only(
    phone, axe, sign_in, cast
):
    note = signed_note(cast)
    sign_in(phone, "ash", PASSWORD)
    phone.goto(f"/my/notes/{note.pk}/")
    axe(phone)
    _tab_to(phone, "#add-mine textarea")
    phone.keyboard.type("It helped to name the landlord's part in it.")
    phone.keyboard.press("Tab")
    assert _focused(phone)["tag"] == "BUTTON"
    phone.keyboard.press("Enter")
    phone.wait_for_url("**#perspective-*")
    axe(phone)
    focused = _focused(phone)
    assert focused["id"].startswith("perspective-"), focused
    assert "Thank you. Your perspective is kept with the note." in focused["text"]
    assert "landlord's part" in focused["text"]
    _shot(phone, "focus-perspective")
    # And the keyboard carries on from there, not from the top of the page.
    phone.keyboard.press("Tab")
    assert phone.evaluate("!document.activeElement.closest('header')")


def test_after_a_comment_on_the_formulation_focus_is_on_that_comment_keyboard_only(
    desktop, axe, sign_in, cast
):
    section = sections_of(formulation_for(cast.client))["survive"]
    save_section(cast.river, section, "Going quiet to stay safe.", 0)
    sign_in(desktop, "ash", PASSWORD)
    desktop.goto("/my/formulation/survive/?kind=comment")
    axe(desktop)
    _tab_to(desktop, "textarea")
    desktop.keyboard.type("Yes, and it kept my brother safe too.")
    _tab_to(desktop, "button[type=submit]")
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**#feedback-*")
    axe(desktop)
    focused = _focused(desktop)
    assert focused["id"].startswith("feedback-"), focused
    assert "Sent. Your therapist will see it." in focused["text"]
    assert "kept my brother safe" in focused["text"]
    _shot(desktop, "focus-formulation")


def test_after_plan_feedback_focus_is_on_what_was_sent(phone, axe, sign_in, cast):
    sign_in(phone, "ash", PASSWORD)
    phone.goto("/my/plan/strengths/differently/")
    axe(phone)
    _tab_to(phone, "textarea")
    phone.keyboard.type("It's stubbornness, and I'm proud of it.")
    _tab_to(phone, "button[type=submit]")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**#feedback-*")
    axe(phone)
    focused = _focused(phone)
    assert focused["id"].startswith("feedback-"), focused
    assert "Sent. It stays next to that part of your plan" in focused["text"]
    _shot(phone, "focus-plan-feedback")


def test_each_check_in_question_takes_focus_and_the_keyboard_answers_it(phone, axe, sign_in, cast):
    check_in = make_check_in(cast.client)
    sign_in(phone, "ash", PASSWORD)
    phone.goto(f"/my/check-ins/{check_in.pk}/?q=1")
    for number in (1, 2):
        expect(phone.get_by_text(f"Question {number} of 7")).to_be_visible()
        axe(phone)
        focused = _focused(phone)
        assert focused["focus"] and focused["tag"] == "FORM", focused
        _shot(phone, f"focus-question-{number}")
        phone.keyboard.press("Tab")  # into the 0-10 scale
        assert phone.evaluate("document.activeElement.type") == "radio"
        for _ in range(7):
            phone.keyboard.press("ArrowRight")
        phone.keyboard.press("Enter")
        phone.wait_for_url(f"**q={number + 1}")
    expect(phone.get_by_text("Question 3 of 7")).to_be_visible()
    axe(phone)
    assert _focused(phone)["focus"]


# 3. The supervisor's home ----------------------------------------------------------------


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_supervisors_home_shows_what_waits_from_each_supervisee(
    request, axe, sign_in, second_factor, cast, size
):
    page = request.getfixturevalue(size)
    note = signed_note(cast)
    commented = signed_note(cast, days_ago=10)
    note_records.add_supervision_comment(cast.sam, commented, "Ask about the tenants' union.")
    plan = plan_for(cast.client)
    plan.review_on = timezone.localdate()
    plan.save()
    sign_in(page, "sam", PASSWORD, second_factor(cast.sam))
    page.goto("/clients/supervision/")
    axe(page)
    river = page.get_by_role("article", name="River")
    expect(river).to_contain_text("1 note to review")
    expect(river).to_contain_text("1 plan due for review")
    comments = page.get_by_role("region", name="Your recent comments")
    expect(comments).to_contain_text("Ask about the tenants' union.")
    _no_sideways_scroll(page)
    _shot(page, "supervisor-home")
    river.get_by_role("link", name="Ash Canary, session of").click()
    page.wait_for_url(f"**/notes/{note.pk}/")
    axe(page)


# 4. The emergency review -----------------------------------------------------------------


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_privacy_officer_marks_an_emergency_opening_reviewed_with_a_note(
    request, axe, sign_in, second_factor, cast, size
):
    page = request.getfixturevalue(size)
    cast.admin.is_privacy_officer = True
    cast.admin.email = "admin@example.invalid"
    cast.admin.save()
    access = emergency.grant(
        cast.colleague, cast.client.pk, "Duty line call: their safety plan was needed."
    )
    sign_in(page, "admin", PASSWORD, second_factor(cast.admin))
    page.goto("/clients/emergency-access/review/")
    axe(page)
    to_review = page.get_by_role("region", name="To review (1)")
    expect(to_review).to_contain_text("Duty line call")
    _no_sideways_scroll(page)
    to_review.get_by_label("What you found").fill("Justified: the call is in the duty log.")
    to_review.get_by_role("button", name="Mark reviewed").click()
    page.wait_for_url(f"**#reviewed-{access.pk}")
    axe(page)
    focused = _focused(page)
    assert focused["id"] == f"reviewed-{access.pk}", focused
    assert "Marked as reviewed, with your note." in focused["text"]
    reviewed = page.get_by_role("region", name="Reviewed")
    expect(reviewed).to_contain_text("Justified: the call is in the duty log.")
    expect(reviewed).to_contain_text("Admin")
    expect(page.get_by_role("region", name="To review (0)")).to_contain_text(
        "Nothing waits for review."
    )
    _shot(page, "emergency-reviewed")


# 5. The caseload -------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_ended_work_is_kept_apart_on_the_caseload(request, axe, sign_in, second_factor, cast, size):
    page = request.getfixturevalue(size)
    from alongside.clients.models import Client

    ended = Client.objects.create(
        practice=cast.practice, therapist=cast.river, chosen_name="Bo Ended"
    )
    EndOfWork.objects.create(client=ended, ended_on=date(2026, 5, 1), ended_by=cast.river)
    sign_in(page, "river", PASSWORD, second_factor(cast.river))
    page.goto("/clients/")
    axe(page)
    expect(page.get_by_role("link", name="Ash Canary")).to_be_visible()
    expect(page.get_by_role("link", name="Bo Ended")).to_have_count(0)
    which = page.get_by_role("navigation", name="Which clients")
    which.get_by_role("link", name="Work ended (1)").click()
    axe(page)
    expect(page.get_by_role("link", name="Bo Ended")).to_be_visible()
    expect(page.get_by_text("Work ended 1 May 2026")).to_be_visible()
    expect(page.get_by_role("link", name="Ash Canary")).to_have_count(0)
    _no_sideways_scroll(page)
    _shot(page, "caseload-ended")
