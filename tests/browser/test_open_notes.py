"""Open notes end to end in Chromium, axe on every page: River records a session, writes the
note (autosaved as she types) and signs it; Ash reads it on a phone-width window and adds his
perspective; River sees it waiting on her caseload and replies."""

import pytest
from playwright.sync_api import expect

from alongside.notes.models import Note, NoteStatus, Perspective, PrivateReflection
from conftest import PASSWORD

pytestmark = pytest.mark.browser

AGENDA = 'Ash: "the letter from the housing office, and why I froze"'
MEANINGS = "Freezing at official letters is bracing, not laziness."
PRIVATE = "CANARY-BROWSER-PRIVATE: I rushed to fix things when Ash went quiet."
PERSPECTIVE = "It helped to hear that freezing makes sense. I need a plan B for the meeting."
REPLY = "Thank you. Let's make the plan B together next week."


def test_therapist_writes_and_signs_a_note_and_the_client_adds_their_perspective(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    river = desktop
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto(f"/clients/{cast.client.pk}/")
    axe(river)
    river.get_by_role("link", name="Record a session").click()
    expect(river.get_by_role("heading", level=1)).to_have_text("Record a session")
    axe(river)
    river.get_by_label("Video").check()
    river.get_by_role("button", name="Save and write the note").click()
    expect(river.get_by_role("heading", level=1)).to_contain_text("Session note")
    axe(river)

    river.get_by_label("The client's agenda, in their own words").fill(AGENDA)
    river.get_by_label("Meanings and connections made").fill(MEANINGS)
    river.get_by_label("Resistance and resilience strategies named or practised").fill(
        "Kept a call log."
    )
    river.get_by_label("Private reflection (only you can read this)").fill(PRIVATE)
    # htmx autosaves the text a few seconds after typing stops, without leaving the page.
    expect(river.locator("#autosave")).to_contain_text("Text saved automatically", timeout=10_000)
    note = Note.objects.get(client=cast.client)
    assert note.agenda == AGENDA and note.version > 1
    assert PrivateReflection.objects.get(note=note).text == PRIVATE
    axe(river)
    first = river.get_by_role("group", name="Agreed action 1")
    first.get_by_label("What we agreed").fill("Phone the council with the log in front of me")
    first.get_by_label("Who will do it").select_option("client")
    river.get_by_role("button", name="Save and review for signing").click()
    expect(river.get_by_role("heading", level=1)).to_have_text("Review and sign")
    axe(river)
    expect(river.get_by_role("main")).not_to_contain_text(PRIVATE)
    river.get_by_role("button", name="Sign and lock").click()
    expect(river.locator(".messages")).to_contain_text("Signed. The client can now read")
    expect(river.get_by_text("Signed and locked")).to_be_visible()
    axe(river)
    note.refresh_from_db()
    assert note.status == NoteStatus.SIGNED and len(note.content_hash) == 64

    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    ash.locator("summary", has_text="Menu").click()  # on a phone the menu is folded
    ash.get_by_role("link", name="My session notes").click()
    expect(ash.get_by_role("heading", level=1)).to_have_text("Your session notes")
    axe(ash)
    ash.get_by_role("link", name="Session on").first.click()
    expect(ash.get_by_role("heading", level=1)).to_contain_text("Your session on")
    axe(ash)
    main = ash.get_by_role("main")
    expect(main.get_by_role("region", name="What you wanted to talk about")).to_contain_text(AGENDA)
    expect(main.get_by_role("region", name="What we agreed")).to_contain_text(
        "Phone the council with the log in front of me"
    )
    expect(main).not_to_contain_text(PRIVATE)
    expect(main).not_to_contain_text("Private reflection")
    assert ash.evaluate("document.documentElement.scrollWidth") <= 360, "sideways scrolling"
    ash.get_by_label("My perspective").fill(PERSPECTIVE)
    ash.get_by_role("button", name="Save my perspective").click()
    expect(ash.locator(".messages")).to_contain_text("Your perspective is kept with the note")
    expect(ash.get_by_role("region", name="What you said about this note")).to_contain_text(
        PERSPECTIVE
    )
    axe(ash)
    assert Perspective.objects.get(note=note).text == PERSPECTIVE

    river.get_by_role("link", name="My caseload").click()
    waiting = river.get_by_role("region", name="Waiting for you on a note")
    expect(waiting).to_contain_text("Ash Canary added their perspective")
    axe(river)
    waiting.get_by_role("link").first.click()
    from_client = river.get_by_role("region", name="From Ash Canary")
    expect(from_client).to_contain_text(PERSPECTIVE)
    expect(from_client).to_contain_text("Waiting for your reply")
    axe(river)
    from_client.get_by_role("link", name="Reply").click()
    axe(river)
    river.get_by_label("Your reply").fill(REPLY)
    river.get_by_role("button", name="Save reply").click()
    expect(river.get_by_role("region", name="From Ash Canary")).to_contain_text(REPLY)
    axe(river)

    ash.reload()
    expect(ash.get_by_role("region", name="What you said about this note")).to_contain_text(REPLY)
    axe(ash)
