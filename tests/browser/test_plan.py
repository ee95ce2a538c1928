"""The resilience and resistance plan built together in Chromium, axe on every page.

River (1280px, mouse) starts the plan: what matters, a collective goal, a step, what she is
doing alongside, a review date. Ash (360px phone) does his part with the keyboard only:
focus, type, Enter and Space, no clicks. He writes "when things get hard", rates the goal,
adds a supporter, ticks the step off and says he sees the goal differently. River then sees
his words beside hers, the review due on her caseload, and the versions compared.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alongside.context.vocab import ensure_shipped
from alongside.plans.models import Goal, PlanFeedback, ProgressRating, Step, Supporter
from conftest import PASSWORD

pytestmark = pytest.mark.browser

VALUES = "Being called by my name. Looking after my sisters."
GOAL = "Get the damp fixed with the tenants' union"
SIGNS = "I stop opening post and stay in bed past noon."
SEE_IT = "It is not only the damp: it is how they speak to me."


@pytest.fixture(autouse=True)
def vocabularies(transactional_db):
    ensure_shipped()  # the live server's tests flush the database, vocabularies included


def press(page: Page, locator) -> None:
    """Operate a link or button from the keyboard: focus it, then Enter."""
    locator.focus()
    page.keyboard.press("Enter")


def go(page: Page, locator, heading: str) -> None:
    """Follow a link from the keyboard and wait for the page it opens."""
    press(page, locator)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


def choose(page: Page, locator) -> None:
    """Pick a radio button or tick a box from the keyboard."""
    locator.focus()
    page.keyboard.press("Space")


def type_into(page: Page, locator, text: str) -> None:
    locator.focus()
    page.keyboard.type(text)


def test_a_therapist_and_a_client_build_a_plan_together(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    river = desktop
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto(f"/clients/{cast.client.pk}/")
    axe(river)
    river.get_by_role("link", name="Resilience and resistance plan").click()
    expect(river.get_by_role("heading", level=1)).to_contain_text("Resilience and resistance plan")
    axe(river)

    river.get_by_role("link", name="Write or change “What I care about”").click()
    axe(river)
    river.get_by_label("What I care about").fill(VALUES)
    river.get_by_role("button", name="Save").click()
    expect(river.get_by_role("status")).to_contain_text("Saved as a new version")
    expect(river.locator("#section-values")).to_contain_text(VALUES)
    axe(river)

    river.get_by_role("link", name="Add a goal").click()
    axe(river)
    river.get_by_role("button", name="Save").click()  # empty: refused, next to the fields
    expect(river.locator("#id_title_errors")).to_be_visible()
    axe(river)
    river.get_by_label("Collective: changing a system, or joining others to").check()
    river.get_by_label("The goal, in a few words").fill(GOAL)
    river.get_by_label("What would be different").fill("The landlord has to answer us all.")
    river.get_by_label("Working on it").check()
    river.get_by_role("button", name="Save").click()
    expect(river.get_by_role("status")).to_contain_text("Goal saved")
    axe(river)

    river.get_by_role("link", name="Add a step").click()
    axe(river)
    river.get_by_label("What will be done").fill("Go to the union meeting on Tuesday")
    river.get_by_label("Me (the client)").check()
    river.get_by_role("button", name="Save").click()
    expect(river.get_by_role("status")).to_contain_text("Step saved")
    axe(river)

    river.get_by_role("link", name="Add what I am doing").click()
    axe(river)
    river.get_by_label("A letter written").check()
    river.get_by_label("What I did or will do").fill("A letter to the housing office.")
    river.get_by_label("What came of it").fill("They booked an inspection.")
    river.get_by_role("button", name="Save").click()
    expect(river.get_by_role("status")).to_contain_text("The client can read it")
    axe(river)

    river.get_by_role("link", name="Review the plan").click()
    axe(river)
    soon = timezone.localdate() + timedelta(days=3)
    river.get_by_label("Next review").fill(soon.isoformat())
    river.get_by_role("button", name="Save the review date").click()
    expect(river.get_by_role("status")).to_contain_text("Review date saved")
    axe(river)

    # Ash, on his phone, with the keyboard only.
    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    ash.goto("/my/")
    axe(ash)
    press(ash, ash.get_by_role("link", name="Open your plan"))
    expect(ash.get_by_role("heading", level=1)).to_have_text("Your plan")
    expect(ash.locator("#section-values")).to_contain_text(VALUES)
    expect(ash.locator("#alongside")).to_contain_text("They booked an inspection.")
    axe(ash)

    go(
        ash,
        ash.get_by_role("link", name="Write or change “How I can tell things are getting hard”"),
        "How I can tell",
    )
    axe(ash)
    type_into(ash, ash.get_by_label("How I can tell things are getting hard"), SIGNS)
    press(ash, ash.get_by_role("button", name="Save"))
    expect(ash.get_by_role("status")).to_contain_text("Saved")
    expect(ash.locator("#section-signs")).to_contain_text(SIGNS)
    axe(ash)

    goal = Goal.objects.get()
    go(ash, ash.get_by_role("link", name=f"Say how far it has come ({GOAL})"), "How far")
    axe(ash)
    choose(ash, ash.get_by_label("4", exact=True))
    press(ash, ash.get_by_role("button", name="Save my rating"))
    expect(ash.get_by_role("status")).to_contain_text("Your rating is saved")
    chart = ash.locator(f"#goal-{goal.pk}")
    expect(chart.get_by_role("img")).to_be_visible()
    expect(chart.get_by_role("table")).to_contain_text("4")
    axe(ash)

    go(ash, ash.get_by_role("link", name="Add someone or somewhere"), "Add someone")
    axe(ash)
    choose(ash, ash.get_by_label("A person"))
    type_into(ash, ash.get_by_label("Name"), "Dee, my cousin")
    type_into(ash, ash.get_by_label("What they can help with"), "Comes to meetings with me.")
    press(ash, ash.get_by_role("button", name="Save"))
    expect(ash.locator("#people")).to_contain_text("Dee, my cousin")
    axe(ash)

    press(ash, ash.get_by_role("button", name=re.compile("^Tick off: done")))
    expect(ash.get_by_role("status")).to_contain_text("Ticked off")
    expect(ash.locator("#steps")).to_contain_text("Done")
    axe(ash)

    go(ash, ash.get_by_role("link", name=f"I see this differently ({GOAL})"), "differently")
    axe(ash)
    type_into(ash, ash.get_by_label("What you see differently"), SEE_IT)
    press(ash, ash.get_by_role("button", name="Send"))
    expect(ash.locator(f"#goal-{goal.pk} .side-by-side")).to_contain_text(SEE_IT)
    axe(ash)

    go(ash, ash.get_by_role("link", name="Earlier versions"), "Earlier versions")
    expect(ash.locator(".diff").first).to_be_visible()
    axe(ash)

    assert ProgressRating.objects.get().rating == 4
    assert Supporter.objects.get().name == "Dee, my cousin"
    assert Step.objects.get().done
    assert PlanFeedback.objects.get().goal == goal

    # River sees Ash's words beside hers, and the review due on her caseload.
    river.goto("/clients/")
    row = river.get_by_role("listitem").filter(has_text="Ash Canary")
    expect(row).to_contain_text("Plan review due")
    expect(row).to_contain_text("new from client")
    axe(river)
    river.goto(f"/clients/{cast.client.pk}/plan/")
    expect(river.locator(f"#goal-{goal.pk} .side-by-side")).to_contain_text(SEE_IT)
    expect(river.locator("#section-signs")).to_contain_text(SIGNS)
    expect(river.locator("#people")).to_contain_text("to change. You can read it.")
    axe(river)
    river.get_by_role("link", name="Versions and changes").click()
    expect(river.get_by_role("heading", name=re.compile("Changes from version"))).to_be_visible()
    axe(river)


def test_every_other_plan_page_passes_axe(
    desktop, new_desktop, new_phone, axe, sign_in, second_factor, cast
):
    """The pages the walk above does not open, with something on each."""
    from alongside.plans.records import rate_goal
    from alongside.plans.tests import objects

    goal = objects.goal(cast, title="Open my post", level="personal", different="Calmly.")
    rate_goal(cast.client_user, goal, 3)
    step = objects.step(cast, goal=goal)
    person = objects.supporter(cast)
    act = objects.solidarity(cast)
    said = objects.feedback(cast, text="Not quite my words.")
    objects.crisis_line(cast)

    sign_in(desktop, "river", PASSWORD, second_factor(cast.river))
    base = f"/clients/{cast.client.pk}/plan/"
    for url in [
        base,
        f"{base}goals/{goal.pk}/",
        f"{base}steps/{step.pk}/",
        f"{base}alongside/{act.pk}/",
        f"{base}said/{said.pk}/",
        f"{base}review/",
        f"{base}versions/",
    ]:
        desktop.goto(url)
        expect(desktop.get_by_role("heading", level=1)).to_be_visible()
        axe(desktop)

    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    for url in [
        "/my/plan/",
        f"/my/plan/goals/{goal.pk}/",
        f"/my/plan/goals/{goal.pk}/how-far/",
        f"/my/plan/goals/{goal.pk}/differently/",
        f"/my/plan/steps/{step.pk}/",
        f"/my/plan/people/{person.pk}/",
        "/my/plan/review/",
        "/my/plan/values/differently/",
    ]:
        ash.goto(url)
        expect(ash.get_by_role("heading", level=1)).to_be_visible()
        axe(ash)

    admin = new_desktop()
    sign_in(admin, "admin", PASSWORD, second_factor(cast.admin))
    admin.goto("/practice/crisis-lines/")
    expect(admin.get_by_role("table")).to_contain_text("Night line")
    axe(admin)
    admin.get_by_role("link", name="Change Night line").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Change a crisis line")
    axe(admin)
